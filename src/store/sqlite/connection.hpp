// RAII wrappers over sqlite3* and sqlite3_stmt*. Every statement a connection runs is prepared once
// (SQLITE_PREPARE_PERSISTENT) and cached by its SQL text, which is always a fixed string: values are bound,
// never spliced into SQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vm::store::sqlite {

// A failed SQLite call. `extendedCode` tells constraint kinds apart (SQLITE_CONSTRAINT_UNIQUE, ...).
struct SqliteError : std::runtime_error {
  SqliteError(const std::string& what, int extendedCode)
      : std::runtime_error(what), extendedCode(extendedCode) {}
  int extendedCode;
  bool isUniqueViolation() const {
    return extendedCode == SQLITE_CONSTRAINT_UNIQUE || extendedCode == SQLITE_CONSTRAINT_PRIMARYKEY;
  }
};

// A borrowed cached statement. When the borrow ends the statement is reset and its bindings cleared, so a
// read statement never keeps its snapshot (and the WAL) pinned after use.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

  // Parameters are 1-based, as in SQL (?1, ?2, ...).
  Stmt& bindInt(int index, std::int64_t value);
  Stmt& bindReal(int index, double value);
  Stmt& bindText(int index, std::string_view value);
  // Binds without copying: `value` must stay alive and unchanged until the statement has run (the borrow
  // ends). For the large texts of a call (transcript, raw report), bound straight from the record.
  Stmt& bindTextNoCopy(int index, std::string_view value);
  Stmt& bindNull(int index);
  Stmt& bindOptReal(int index, const std::optional<double>& value);

  // true when a row is available, false when done; throws SqliteError otherwise.
  bool step();
  // Runs a statement that returns no rows (or whose rows are not wanted).
  void run();

  // Columns are 0-based, as in the C API.
  std::int64_t columnInt(int col) const;
  double columnReal(int col) const;
  std::string columnText(int col) const;
  bool columnIsNull(int col) const;
  std::optional<double> columnOptReal(int col) const;

 private:
  [[noreturn]] void fail(int rc, const char* what) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// A row of a stepped statement in the shape the shared row readers take (store/core/call_columns.hpp).
struct StmtRow {
  const Stmt& st;
  std::string text(int col) const { return st.columnText(col); }
  double real(int col) const { return st.columnReal(col); }
  std::optional<double> optReal(int col) const { return st.columnOptReal(col); }
  std::int64_t integer(int col) const { return st.columnInt(col); }
};

// Binds ?1, ?2, ... in the order values are handed over, in the shape the shared row writers take. Texts
// are bound without copying (bindTextNoCopy): they must outlive the statement's run.
class StmtBinder {
 public:
  explicit StmtBinder(Stmt& st) : st_(st) {}
  void text(const std::string& value) { st_.bindTextNoCopy(++index_, value); }
  void real(double value) { st_.bindReal(++index_, value); }
  void optReal(const std::optional<double>& value) { st_.bindOptReal(++index_, value); }
  void integer(std::int64_t value) { st_.bindInt(++index_, value); }

 private:
  Stmt& st_;
  int index_ = 0;
};

class Connection {
 public:
  // `flags` are sqlite3_open_v2 flags; the connection is used by one thread at a time (NOMUTEX).
  Connection(const std::string& path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The statement for `sql`, prepared on first use and kept for the connection's life.
  Stmt prepare(std::string_view sql);
  // Runs fixed SQL without parameters (DDL, PRAGMA, BEGIN/COMMIT).
  void exec(const char* sql);
  sqlite3* handle() const { return db_; }
  std::int64_t changes() const { return sqlite3_changes64(db_); }

 private:
  // Transparent hashing: a lookup by string_view allocates nothing (prepare runs several times per call).
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
};

// Throws SqliteError for `rc` when it is not SQLITE_OK, naming `what` and SQLite's message.
void check(sqlite3* db, int rc, const char* what);

}  // namespace vm::store::sqlite
