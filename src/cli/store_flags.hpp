// The database every command opens: --db, and the store settings that go with it.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace vm::cli {

struct StoreFlags {
  std::string db = "./data/voicematrix.db";  // a SQLite path (sqlite:PATH, sqlite://PATH) or postgres://
  std::string intentKey = domain::MergeRules{}.intentKey;
  std::string sqliteSynchronous = "full";
};

// --db, --intent-key, --sqlite-synchronous (and their VM_* variables).
void addStoreFlags(CLI::App* command, StoreFlags& flags);
// Opens (and migrates) the database; for SQLite, makes its directory first so a first run just works.
std::unique_ptr<store::Store> openStoreFrom(const StoreFlags& flags);

}  // namespace vm::cli
