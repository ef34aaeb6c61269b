#include "store/postgres/call_row.hpp"

#include "store/sqlite/call_row.hpp"

namespace vm::store::postgres {

domain::CallRecord readCall(const Result& r, int row) {
  domain::CallRecord c;
  c.userId = r.text(row, 0);
  c.callId = r.text(row, 1);
  c.vapiCallId = r.text(row, 2);
  c.timestamp = r.text(row, 3);
  c.duration = r.real(row, 5);
  c.callerName = r.text(row, 6);
  c.callerPhone = r.text(row, 7);
  c.outcome = r.text(row, 8);
  c.satisfaction = r.optReal(row, 9);
  c.transcript = r.text(row, 10);
  c.cost = r.real(row, 11);
  c.assistantId = r.text(row, 12);
  c.summary = r.text(row, 13);
  c.status = static_cast<domain::CallStatus>(r.integer(row, 14));
  c.startedAt = r.text(row, 15);
  c.endedAt = r.text(row, 16);
  c.createdAt = r.text(row, 17);
  c.endedReason = r.text(row, 18);
  c.costBreakdownJson = r.text(row, 19);
  c.recordingUrl = r.text(row, 20);
  c.successEvaluation = r.text(row, 21);
  c.structuredDataJson = r.text(row, 22);
  c.phoneNumberId = r.text(row, 23);
  c.type = r.text(row, 24);
  c.orgId = r.text(row, 25);
  c.rawReportJson = r.text(row, 26);
  c.successful = r.integer(row, 27) != 0;
  c.intent = r.text(row, 28);
  c.sourceRank = static_cast<int>(r.integer(row, 29));
  c.updatedAtMs = r.integer(row, 30);
  return c;
}

Params callParams(const domain::CallRecord& c) {
  // timestamp_ms is derived exactly as the SQLite store derives it, so both order calls the same way.
  return {param(c.userId),
          param(c.callId),
          param(c.vapiCallId),
          param(c.timestamp),
          param(sqlite::timestampMs(c)),
          param(c.duration),
          param(c.callerName),
          param(c.callerPhone),
          param(c.outcome),
          param(c.satisfaction),
          param(c.transcript),
          param(c.cost),
          param(c.assistantId),
          param(c.summary),
          param(std::int64_t{static_cast<int>(c.status)}),
          param(c.startedAt),
          param(c.endedAt),
          param(c.createdAt),
          param(c.endedReason),
          param(c.costBreakdownJson),
          param(c.recordingUrl),
          param(c.successEvaluation),
          param(c.structuredDataJson),
          param(c.phoneNumberId),
          param(c.type),
          param(c.orgId),
          param(c.rawReportJson),
          param(std::int64_t{c.successful ? 1 : 0}),
          param(c.intent),
          param(std::int64_t{c.sourceRank}),
          param(c.updatedAtMs)};
}

Params callArrayParams(const std::vector<const domain::CallRecord*>& calls) {
  std::vector<Params> columns;  // columns[j][i]: column j of call i
  for (const domain::CallRecord* call : calls) {
    Params row = callParams(*call);
    columns.resize(row.size());
    for (std::size_t j = 0; j < row.size(); ++j) columns[j].push_back(std::move(row[j]));
  }
  Params arrays;
  arrays.reserve(columns.size());
  for (const Params& column : columns) arrays.push_back(arrayOf(column));
  return arrays;
}

}  // namespace vm::store::postgres
