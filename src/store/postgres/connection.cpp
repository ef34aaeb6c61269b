#include "store/postgres/connection.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace vm::store::postgres {
namespace {

// Server notices (e.g. "text-search query contains only stop words") are expected in normal use and go
// nowhere; real problems arrive as errors.
void ignoreNotice(void*, const char*) {}

std::string fieldOr(const PGresult* res, int field) {
  const char* value = res ? PQresultErrorField(res, field) : nullptr;
  return value ? value : "";
}

// One element of an array literal: quoted, so commas, braces, spaces and the word NULL stay data.
void appendQuoted(std::string& out, const std::string& value) {
  out += '"';
  for (char ch : value) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '"';
}

// "{a,b,...}": the elements written by `append`, comma-separated.
template <typename T, typename Append>
std::string arrayLiteral(const std::vector<T>& values, Append append) {
  std::string out = "{";
  for (const T& v : values) {
    if (out.size() > 1) out += ',';
    append(out, v);
  }
  out += '}';
  return out;
}

}  // namespace

std::int64_t Result::integer(int row, int col) const {
  const char* v = PQgetvalue(res_.get(), row, col);
  std::int64_t out = 0;
  std::from_chars(v, v + PQgetlength(res_.get(), row, col), out);
  return out;
}

double Result::real(int row, int col) const { return std::strtod(PQgetvalue(res_.get(), row, col), nullptr); }

std::optional<double> Result::optReal(int row, int col) const {
  if (isNull(row, col)) return std::nullopt;
  return real(row, col);
}

Param param(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact round-trip form
  return std::string(buf, end);
}

Param param(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return param(*v);
}

Connection::Connection(const std::string& url) {
  conn_ = PQconnectdb(url.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    // libpq's message names host and reason, never the password.
    std::string message = std::string("postgres: cannot connect: ") + PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError(message, "08001");
  }
  PQsetNoticeProcessor(conn_, ignoreNotice, nullptr);
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

PgError pgError(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string message = "postgres: " + std::string(what) + ": ";
  message += res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return PgError(message, fieldOr(res, PG_DIAG_SQLSTATE), fieldOr(res, PG_DIAG_CONSTRAINT_NAME));
}

std::vector<const char*> paramValues(const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}

Param textArray(const std::vector<std::string>& values) {
  return arrayLiteral(values, [](std::string& out, const std::string& v) { appendQuoted(out, v); });
}

Param arrayOf(const Params& values) {
  return arrayLiteral(values, [](std::string& out, const Param& v) {
    if (v) {
      appendQuoted(out, *v);
    } else {
      out += "NULL";
    }
  });
}

Param bigintArray(const std::vector<std::int64_t>& values) {
  return arrayLiteral(values, [](std::string& out, std::int64_t v) { out += std::to_string(v); });
}

void Connection::fail(PGresult* res, std::string_view what) {
  PgError error = pgError(conn_, res, what);
  if (res) PQclear(res);
  throw error;
}

void Connection::exec(const std::string& sql) {
  PGresult* res = PQexec(conn_, sql.c_str());
  ExecStatusType status = PQresultStatus(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(res, "statement failed");
  PQclear(res);
}

std::string Connection::statementName(const std::string& sql, bool& fresh) {
  auto [it, inserted] = prepared_.try_emplace(sql);
  if (inserted) it->second = "s" + std::to_string(nextStatement_++);
  fresh = inserted;
  return it->second;
}

void Connection::forgetStatement(const std::string& sql) { prepared_.erase(sql); }

void Connection::reset() {
  PQreset(conn_);
  prepared_.clear();
}

Result Connection::query(const std::string& sql, const Params& params) {
  bool fresh = false;
  const std::string name = statementName(sql, fresh);
  if (fresh) {
    PGresult* res = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      forgetStatement(sql);
      fail(res, "prepare failed");
    }
    PQclear(res);
  }
  std::vector<const char*> values = paramValues(params);
  PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                                 nullptr, 0);
  ExecStatusType status = PQresultStatus(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(res, "query failed");
  return Result(res);
}

bool Connection::inTransaction() const {
  PGTransactionStatusType s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

}  // namespace vm::store::postgres
