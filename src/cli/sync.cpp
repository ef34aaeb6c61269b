// `voicematrix sync`: one pass for one user (or every user with a key), in the foreground; prints a JSON
// summary and exits non-zero when a sync failed.
#include <iostream>
#include <nlohmann/json.hpp>

#include "accounts/vault_key_lookup.hpp"
#include "cli/command.hpp"
#include "cli/logging.hpp"
#include "cli/store_flags.hpp"
#include "cli/sync_flags.hpp"
#include "cli/vault_flags.hpp"
#include "sync/syncer.hpp"
#include "sync/user_locks.hpp"

namespace vm::cli {
namespace {

struct SyncFlags {
  StoreFlags store;
  VaultFlags vault;
  sync::SyncOptions sync;
  std::string userId;  // "" = every user
};

int runSync(const SyncFlags& f) {
  auto store = openStoreFrom(f.store);
  // The same vault as `serve`: users' VAPI keys are decrypted with the master key, never printed.
  auto keyFor = accounts::vaultKeyLookup(*store, loadVault(f.vault, f.store));
  sync::UserLocks locks;
  sync::Syncer syncer(*store, locks, f.sync);
  std::vector<domain::User> users;
  if (f.userId.empty()) {
    users = store->listUsers();
  } else if (auto user = store->userById(f.userId)) {
    users.push_back(*user);
  } else {
    store->close();
    std::cerr << "error: no user " << f.userId << "\n";
    return 2;
  }
  nlohmann::json out = nlohmann::json::array();
  bool failed = false;
  for (const auto& user : users) {
    auto key = keyFor(user.id);
    if (!key || key->empty()) {
      out.push_back({{"userId", user.id}, {"result", "skipped"}, {"error", "VAPI API key not configured"}});
      continue;
    }
    auto report = syncer.syncUser(user.id, *key);
    failed = failed || report.result != sync::SyncResult::Success;
    out.push_back({{"userId", user.id},
                   {"result", sync::syncResultName(report.result)},
                   {"callsSynced", report.callsSynced},
                   {"assistants", report.assistants},
                   {"error", report.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(report.error)}});
  }
  store->close();
  std::cout << nlohmann::json{{"syncs", out}}.dump() << std::endl;
  return failed ? 1 : 0;
}

}  // namespace

Command addSyncCommand(CLI::App& cli, std::string& logLevel) {
  auto flags = std::make_shared<SyncFlags>();
  auto* cmd = cli.add_subcommand("sync", "Fetch calls and assistants from VAPI now, then exit");
  addStoreFlags(cmd, flags->store);
  addLogLevelFlag(cmd, logLevel);
  addVaultFlags(cmd, flags->vault);
  addSyncFlags(cmd, flags->sync);
  cmd->add_option("--user", flags->userId, "Only this user id (default: every user with a VAPI key)");
  cmd->add_option("--page-limit", flags->sync.pageLimit, "Calls per GET /call page (1..1000)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  return {cmd, [flags] { return runSync(*flags); }};
}

}  // namespace vm::cli
