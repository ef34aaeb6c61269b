#include "cli/store_flags.hpp"

#include <filesystem>

namespace vm::cli {

void addStoreFlags(CLI::App* command, StoreFlags& flags) {
  command->add_option("--db", flags.db, "SQLite file (PATH, sqlite:PATH, sqlite://PATH) or postgres:// URL")
      ->envname("VM_DB")
      ->capture_default_str();
  command
      ->add_option("--intent-key", flags.intentKey, "analysis.structuredData key holding the call's intent")
      ->envname("VM_INTENT_KEY")
      ->capture_default_str();
  command
      ->add_option("--sqlite-synchronous", flags.sqliteSynchronous,
                   "SQLite durability: full (fsync every commit) or normal")
      ->envname("VM_SQLITE_SYNCHRONOUS")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
}

std::unique_ptr<store::Store> openStoreFrom(const StoreFlags& flags) {
  store::StoreOptions options;
  options.url = flags.db;
  options.rules.intentKey = flags.intentKey;
  options.synchronousFull = flags.sqliteSynchronous != "normal";
  if (auto path = store::sqlitePathOf(flags.db)) {
    auto dir = std::filesystem::path(*path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
  }
  return store::openStore(options);
}

}  // namespace vm::cli
