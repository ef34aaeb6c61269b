#include "store/postgres/import.hpp"

#include <sqlite3.h>

#include <charconv>
#include <stdexcept>

#include "store/core/call_columns.hpp"
#include "store/postgres/analytics_rows.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/search.hpp"
#include "store/store.hpp"

namespace vm::store::postgres {
namespace {

// Every statement is a compile-time literal: the table and column names are fixed, values are parameters.
struct Table {
  const char* name;
  const char* columns;  // the same names in both schemas
  const char* select;   // on SQLite
  const char* insert;   // on PostgreSQL
  const char* count;    // on both
};

#define VM_IMPORT_TABLE(name, columns, placeholders)                                                 \
  Table {                                                                                            \
    name, columns, "SELECT " columns " FROM " name,                                                  \
        "INSERT INTO " name " (" columns ") VALUES (" placeholders ")", "SELECT COUNT(*) FROM " name \
  }

// Parents before children (foreign keys). Analytics are not copied: they are recomputed from the calls,
// the source of truth, so the target starts exact even if the source's sums had drifted.
const Table kTables[] = {
    VM_IMPORT_TABLE("users",
                    "id, email, vapi_org_id, hook_id, webhook_secret_hash, created_at_ms, password_hash",
                    "$1, $2, $3, $4, $5, $6, $7"),
    VM_IMPORT_TABLE("api_tokens", "token_hash, user_id, name, created_at_ms, last_used_ms, id",
                    "$1, $2, $3, $4, $5, $6"),
    VM_IMPORT_TABLE(
        "calls", VM_CALL_COLUMNS,
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
        "$21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31"),
    VM_IMPORT_TABLE("sync_state", "user_id, sync_type, last_sync_ms, status, error, synced_count, cursor",
                    "$1, $2, $3, $4, $5, $6, $7"),
    VM_IMPORT_TABLE("sessions", "id_hash, user_id, created_at_ms, last_seen_ms, expires_at_ms",
                    "$1, $2, $3, $4, $5"),
    VM_IMPORT_TABLE("vapi_credentials", "user_id, key_cipher, key_hint, updated_at_ms", "$1, $2, $3, $4"),
    VM_IMPORT_TABLE(
        "webhook_auth",
        "user_id, mode, secret_cipher, previous_secret_hash, previous_valid_until_ms, hmac_tolerance_s",
        "$1, $2, $3, $4, $5, $6"),
    VM_IMPORT_TABLE("external_identities", "issuer, subject, user_id", "$1, $2, $3"),
};
#undef VM_IMPORT_TABLE

// One SQLite value as a text parameter: integers and reals exactly (a real in its shortest round-trip
// form), NULL as NULL.
Param sqliteValue(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
      return std::nullopt;
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(st, col));
    case SQLITE_FLOAT:
      return param(sqlite3_column_double(st, col));
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
      return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(st, col)));
    }
  }
}

std::int64_t copyTable(sqlite3* source, Connection& target, const Table& table) {
  const int n = columnCount(table.columns);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(source, table.select, -1, &st, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("sqlite: reading ") + table.name + ": " + sqlite3_errmsg(source));
  }
  std::int64_t rows = 0;
  try {
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      Params values;
      values.reserve(n);
      for (int col = 0; col < n; ++col) values.push_back(sqliteValue(st, col));
      target.query(table.insert, values);
      ++rows;
    }
    if (rc != SQLITE_DONE) {
      throw std::runtime_error(std::string("sqlite: reading ") + table.name + ": " + sqlite3_errmsg(source));
    }
  } catch (...) {
    sqlite3_finalize(st);
    throw;
  }
  sqlite3_finalize(st);
  return rows;
}

std::int64_t sqliteCount(sqlite3* db, const Table& table) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, table.count, -1, &st, nullptr);
  std::int64_t count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return count;
}

}  // namespace

ImportReport importFromSqlite(const std::string& sqlitePath, const std::string& pgUrl) {
  {
    // Opening each store migrates it to this build's schema, so both have the same tables and columns.
    StoreOptions options;
    options.url = "sqlite:" + sqlitePath;
    openStore(options)->close();
    options.url = pgUrl;
    openStore(options)->close();
  }
  sqlite3* source = nullptr;
  if (sqlite3_open_v2(sqlitePath.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string message = "sqlite: cannot open " + sqlitePath + ": " + sqlite3_errmsg(source);
    sqlite3_close(source);
    throw std::runtime_error(message);
  }
  ImportReport report;
  try {
    Connection target(pgUrl);
    // One read transaction on the source: a consistent snapshot even if a server still writes to it.
    sqlite3_exec(source, "BEGIN", nullptr, nullptr, nullptr);
    target.exec("BEGIN");
    // No instance may write while the copy runs; a second migrate-data waits and then finds users.
    target.exec("LOCK TABLE users, calls IN EXCLUSIVE MODE");
    if (target.query("SELECT COUNT(*) FROM users").integer(0, 0) > 0) {
      throw std::runtime_error("the PostgreSQL database already has users: migrate-data needs an empty one");
    }
    for (const Table& table : kTables) {
      std::int64_t copied = copyTable(source, target, table);
      std::int64_t there = target.query(table.count).integer(0, 0);
      if (copied != sqliteCount(source, table) || there != copied) {
        throw std::runtime_error(std::string("row counts differ after copying ") + table.name);
      }
      report.rowsCopied.emplace_back(table.name, copied);
    }
    // Copied calls arrive pending for search (search NULL): index them in this transaction, so the
    // deployment starts with every call indexed rather than leaving it to the first searches.
    target.exec("UPDATE calls SET search = " VM_PG_SEARCH_VECTOR " WHERE search IS NULL");
    rebuildAnalyticsRows(target, "");
    report.rowsCopied.emplace_back(
        "analytics_days",
        target.query("SELECT COUNT(*) FROM analytics_days WHERE total_calls <> 0").integer(0, 0));
    report.rowsCopied.emplace_back(
        "analytics_intents",
        target.query("SELECT COUNT(*) FROM analytics_intents WHERE count <> 0").integer(0, 0));
    target.exec("COMMIT");
    sqlite3_exec(source, "COMMIT", nullptr, nullptr, nullptr);
  } catch (...) {
    sqlite3_close(source);  // the connection to PostgreSQL closes with its transaction rolled back
    throw;
  }
  sqlite3_close(source);
  return report;
}

}  // namespace vm::store::postgres
