// In-process benchmark of a first (back-fill) sync: a fresh SQLite store, one user, every call of the
// VAPI at --vapi-base-url. Prints {"calls","seconds","callsPerSecond","pages"} as JSON.
// (`voicematrix sync` runs the same Syncer, but needs a stored VAPI key; this binary takes one directly.)
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "store/store.hpp"
#include "sync/syncer.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Sync benchmark"};
  std::string baseUrl, key, db, sqliteSynchronous = "full";
  int pageLimit = 100;
  cli.add_option("--vapi-base-url", baseUrl, "VAPI (or fake_vapi) base URL")->required();
  cli.add_option("--key", key, "API key the fake expects")->required();
  cli.add_option("--db", db, "SQLite file to create (removed first)")->required();
  cli.add_option("--page-limit", pageLimit, "GET /call page size")->capture_default_str();
  cli.add_option("--sqlite-synchronous", sqliteSynchronous, "SQLite durability: full | normal")
      ->capture_default_str();
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);

  std::filesystem::remove(db);
  vm::store::StoreOptions so;
  so.url = db;
  so.synchronousFull = sqliteSynchronous != "normal";
  auto store = vm::store::openStore(so);
  vm::store::NewUser u;
  u.id = "usr_bench";
  u.email = "bench@example.com";
  u.hookId = "hook-bench";
  u.webhookSecretHash = "unused";
  store->createUser(u);

  vm::sync::SyncOptions options;
  options.client.baseUrl = baseUrl;
  options.pageLimit = pageLimit;
  vm::sync::UserLocks locks;
  vm::sync::Syncer syncer(*store, locks, options);
  auto start = std::chrono::steady_clock::now();
  auto report = syncer.syncUser(u.id, key);
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  auto stored = store->countCalls(u.id);
  store->close();
  nlohmann::json out = {{"result", vm::sync::syncResultName(report.result)},
                        {"calls", report.callsSynced},
                        {"stored", stored},
                        {"seconds", took.count()},
                        {"callsPerSecond", took.count() > 0 ? report.callsSynced / took.count() : 0},
                        {"pageLimit", pageLimit},
                        {"sqliteSynchronous", sqliteSynchronous}};
  if (!report.error.empty()) out["error"] = report.error;
  std::cout << out.dump() << std::endl;
  return report.result == vm::sync::SyncResult::Success ? 0 : 1;
}
