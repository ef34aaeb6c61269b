// `voicematrix migrate-data`: copies a SQLite deployment into an empty PostgreSQL database, in one
// transaction (all or nothing), then recomputes analytics on the target from the copied calls and checks
// that every table has as many rows as the source.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vm::store::postgres {

struct ImportReport {
  std::vector<std::pair<std::string, std::int64_t>> rowsCopied;  // (table, rows), in copy order
};

// `sqlitePath` is the database file; `pgUrl` a postgres:// URL (never logged: it may hold a password).
// Both are migrated to the current schema first. Throws when the target already holds users, or when a
// count differs after the copy (nothing is then committed).
ImportReport importFromSqlite(const std::string& sqlitePath, const std::string& pgUrl);

}  // namespace vm::store::postgres
