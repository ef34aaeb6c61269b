#include "store/sqlite/connection.hpp"

#include <string>

#include "store/sqlite/wal_write_vfs.hpp"

namespace vm::store::sqlite {

void check(sqlite3* db, int rc, const char* what) {
  if (rc == SQLITE_OK) return;
  std::string message =
      std::string("sqlite: ") + what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  throw SqliteError(message, db ? sqlite3_extended_errcode(db) : rc);
}

Stmt::~Stmt() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Stmt::fail(int rc, const char* what) const {
  std::string message = std::string("sqlite: ") + what + ": " + sqlite3_errmsg(db_);
  throw SqliteError(message, sqlite3_extended_errcode(db_));
}

Stmt& Stmt::bindInt(int index, std::int64_t value) {
  if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail(rc, "bind");
  return *this;
}

Stmt& Stmt::bindReal(int index, double value) {
  if (int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK) fail(rc, "bind");
  return *this;
}

Stmt& Stmt::bindText(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the text, so temporaries are safe to bind.
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(rc, "bind");
  return *this;
}

Stmt& Stmt::bindTextNoCopy(int index, std::string_view value) {
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(rc, "bind");
  return *this;
}

Stmt& Stmt::bindNull(int index) {
  if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(rc, "bind");
  return *this;
}

Stmt& Stmt::bindOptReal(int index, const std::optional<double>& value) {
  return value ? bindReal(index, *value) : bindNull(index);
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc, "step");
}

void Stmt::run() {
  while (step()) {
  }
}

std::int64_t Stmt::columnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::columnReal(int col) const { return sqlite3_column_double(stmt_, col); }
bool Stmt::columnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string Stmt::columnText(int col) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!text) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<double> Stmt::columnOptReal(int col) const {
  if (columnIsNull(col)) return std::nullopt;
  return columnReal(col);
}

namespace {
// SQLite's memory statistics take a global mutex around every allocation; nothing reads them. Must run
// before the library initializes, so it happens once, before the first connection opens.
void configureLibraryOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialized: harmless
    installWalWriteVfs();
    return true;
  }();
  (void)configured;
}
}  // namespace

Connection::Connection(const std::string& path, int flags) {
  configureLibraryOnce();
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "sqlite: open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw SqliteError(message, rc);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Stmt Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    check(db_, rc, "prepare");
    it = cache_.emplace(std::string(sql), stmt).first;
  }
  return Stmt(db_, it->second);
}

void Connection::exec(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = std::string("sqlite: exec: ") + (error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    throw SqliteError(message, sqlite3_extended_errcode(db_));
  }
}

}  // namespace vm::store::sqlite
