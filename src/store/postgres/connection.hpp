// A thin RAII layer over libpq: one connection, its prepared statements, and results. Every value goes to
// the server as a parameter of a prepared statement; SQL text is only ever fixed strings.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vm::store::postgres {

// A failed statement, with the SQLSTATE (e.g. "23505" unique violation, "40P01" deadlock) when known.
struct PgError : std::runtime_error {
  PgError(const std::string& message, std::string sqlState, std::string constraint = {})
      : std::runtime_error(message), sqlState(std::move(sqlState)), constraint(std::move(constraint)) {}
  bool isUniqueViolation() const { return sqlState == "23505"; }
  bool isForeignKeyViolation() const { return sqlState == "23503"; }
  // Deadlock or serialization failure: the whole transaction may simply be run again.
  bool isRetryable() const { return sqlState == "40P01" || sqlState == "40001"; }
  std::string sqlState;
  std::string constraint;  // the violated constraint's name, for a client-facing conflict message
};

// Text-format parameters; nullopt is SQL NULL.
using Param = std::optional<std::string>;
using Params = std::vector<Param>;

class Result {
 public:
  explicit Result(PGresult* res) : res_(res, &PQclear) {}
  int rows() const { return PQntuples(res_.get()); }
  bool isNull(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
  std::string text(int row, int col) const {
    return std::string(PQgetvalue(res_.get(), row, col), PQgetlength(res_.get(), row, col));
  }
  std::int64_t integer(int row, int col) const;
  double real(int row, int col) const;
  std::optional<double> optReal(int row, int col) const;
  bool boolean(int row, int col) const { return PQgetvalue(res_.get(), row, col)[0] == 't'; }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> res_;
};

// Row `row` of a result in the shape the shared row readers take (store/core/call_columns.hpp).
struct ResultRow {
  const Result& result;
  int row;
  std::string text(int col) const { return result.text(row, col); }
  double real(int col) const { return result.real(row, col); }
  std::optional<double> optReal(int col) const { return result.optReal(row, col); }
  std::int64_t integer(int col) const { return result.integer(row, col); }
};

class Connection {
 public:
  // Connects to `url` (a libpq URI or key=value string). The URL may hold a password: it is never put in
  // an error message.
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs fixed SQL without parameters (may hold several statements: migrations, BEGIN, COMMIT).
  void exec(const std::string& sql);
  // Runs `sql` as a prepared statement (prepared once per connection, on first use).
  Result query(const std::string& sql, const Params& params = {});

  // The name of `sql`'s prepared statement on this connection. `fresh` says that the caller must prepare it
  // now (a pipeline queues the Parse before the statement); forgetStatement if that failed.
  std::string statementName(const std::string& sql, bool& fresh);
  void forgetStatement(const std::string& sql);
  // Reconnects after the server or the network dropped the connection. The server forgot this session's
  // prepared statements with it, so they are prepared again on next use.
  void reset();

  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  // Whether a transaction is open (or aborted and waiting for ROLLBACK).
  bool inTransaction() const;
  int backendPid() const { return PQbackendPID(conn_); }
  PGconn* handle() { return conn_; }

 private:
  [[noreturn]] void fail(PGresult* res, std::string_view what);
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::uint64_t nextStatement_ = 0;  // names are never reused, even after forgetStatement
};

// The error a failed result (or, with res null, the connection) reports, prefixed with `what`.
PgError pgError(PGconn* conn, const PGresult* res, std::string_view what);
// libpq's view of text parameters: pointers into `params`, null for SQL NULL.
std::vector<const char*> paramValues(const Params& params);

// Formatting helpers for text parameters.
inline Param param(const std::string& s) { return s; }
inline Param param(std::int64_t v) { return std::to_string(v); }
Param param(double v);  // round-trips exactly
Param param(const std::optional<double>& v);
// A PostgreSQL array literal, for one `$n::text[]` or `$n::bigint[]` parameter that carries many values
// (the elements are quoted, so no value reaches the SQL text).
Param textArray(const std::vector<std::string>& values);
Param arrayOf(const Params& values);  // nullopt elements are SQL NULL
Param bigintArray(const std::vector<std::int64_t>& values);

// Appends text parameters in the order values are handed over, in the shape the shared row writers take.
struct ParamsOut {
  Params& params;
  void text(const std::string& value) { params.push_back(param(value)); }
  void real(double value) { params.push_back(param(value)); }
  void optReal(const std::optional<double>& value) { params.push_back(param(value)); }
  void integer(std::int64_t value) { params.push_back(param(value)); }
};

}  // namespace vm::store::postgres
