#include "store/postgres/pipeline.hpp"

#include <optional>
#include <utility>

namespace vm::store::postgres {
namespace {

[[noreturn]] void failSending(PGconn* conn) { throw pgError(conn, nullptr, "pipeline send failed"); }

}  // namespace

Pipeline::Pipeline(Connection& db) : db_(db) {
  if (PQenterPipelineMode(db_.handle()) != 1) throw pgError(db_.handle(), nullptr, "pipeline mode");
}

Pipeline::~Pipeline() {
  // Statements sent but never synced (the caller threw in between): their results must be read before
  // libpq lets the connection leave pipeline mode, or every later Connection call would fail.
  if (!pending_.empty()) {
    try {
      sync();
    } catch (...) {  // their errors belong to a transaction the caller is abandoning anyway
    }
  }
  // Fails only when the connection broke mid-pipeline; the writer resets a broken connection (PQreset also
  // leaves pipeline mode).
  PQexitPipelineMode(db_.handle());
}

void Pipeline::send(const std::string& sql, const Params& params) {
  PGconn* conn = db_.handle();
  bool fresh = false;
  const std::string name = db_.statementName(sql, fresh);
  if (fresh) {
    if (PQsendPrepare(conn, name.c_str(), sql.c_str(), 0, nullptr) != 1) {
      db_.forgetStatement(sql);
      failSending(conn);
    }
    pending_.push_back({sql, true});
  }
  std::vector<const char*> values = paramValues(params);
  if (PQsendQueryPrepared(conn, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                          nullptr, 0) != 1) {
    failSending(conn);
  }
  pending_.push_back({});
}

std::vector<Result> Pipeline::sync() {
  PGconn* conn = db_.handle();
  std::vector<Pending> pending = std::exchange(pending_, {});
  if (PQpipelineSync(conn) != 1) failSending(conn);
  std::vector<Result> results;
  results.reserve(pending.size());
  std::optional<PgError> firstError;
  for (const Pending& entry : pending) {
    // Each statement gives one result and then a null; a null first means the connection is gone.
    PGresult* res = PQgetResult(conn);
    if (!res) throw pgError(conn, nullptr, "pipeline");
    while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
    ExecStatusType status = PQresultStatus(res);
    bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok && status != PGRES_PIPELINE_ABORTED && !firstError)
      firstError = pgError(conn, res, "query failed");
    if (entry.parse) {
      if (!ok) db_.forgetStatement(entry.sql);  // never prepared: the next use prepares it
      PQclear(res);
    } else {
      results.emplace_back(res);
    }
  }
  PGresult* end = PQgetResult(conn);
  ExecStatusType endStatus = end ? PQresultStatus(end) : PGRES_FATAL_ERROR;
  if (end) PQclear(end);
  if (firstError) throw *firstError;
  if (endStatus != PGRES_PIPELINE_SYNC) throw pgError(conn, nullptr, "pipeline sync");
  return results;
}

}  // namespace vm::store::postgres
