// How a CallRecord maps to the columns of `calls`, for every backend: one column list, one order of
// values. A backend only turns them into its SQL (placeholders, binds, casts) and its driver calls, so
// readers and writers of either database cannot disagree on a column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/call.hpp"

namespace vm::store {

// The record's columns in the order of readCallColumns and writeCallColumns.
#define VM_CALL_COLUMNS                                                                                     \
  "user_id, call_id, vapi_call_id, timestamp, timestamp_ms, duration, caller_name, caller_phone, outcome, " \
  "satisfaction, transcript, cost, assistant_id, summary, status, started_at, ended_at, created_at, "       \
  "ended_reason, cost_breakdown_json, recording_url, success_evaluation, structured_data_json, "            \
  "phone_number_id, type, org_id, raw_report_json, successful, intent, source_rank, updated_at_ms"

inline constexpr int kCallColumnCount = 31;
inline constexpr int kTimestampMsColumn = 4;  // the list order's key, with call_id

// The number of names in a comma-separated column list.
constexpr int columnCount(const char* columns) {
  int n = 1;
  for (const char* p = columns; *p; ++p) n += *p == ',';
  return n;
}
static_assert(columnCount(VM_CALL_COLUMNS) == kCallColumnCount,
              "VM_CALL_COLUMNS and kCallColumnCount differ");

// The epoch ms stored in timestamp_ms: the record's timestamp, 0 when it has none (sorts last).
std::int64_t timestampMs(const domain::CallRecord& call);

// Reads a row selected with VM_CALL_COLUMNS (from column 0) through `row`, which a backend provides:
// row.text(col), row.real(col), row.optReal(col) (NULL = nullopt) and row.integer(col).
template <class Row>
domain::CallRecord readCallColumns(const Row& row) {
  domain::CallRecord c;
  c.userId = row.text(0);
  c.callId = row.text(1);
  c.vapiCallId = row.text(2);
  c.timestamp = row.text(3);
  // 4, timestamp_ms, is derived from the timestamp (timestampMs) and read only for cursors.
  c.duration = row.real(5);
  c.callerName = row.text(6);
  c.callerPhone = row.text(7);
  c.outcome = row.text(8);
  c.satisfaction = row.optReal(9);
  c.transcript = row.text(10);
  c.cost = row.real(11);
  c.assistantId = row.text(12);
  c.summary = row.text(13);
  c.status = static_cast<domain::CallStatus>(row.integer(14));
  c.startedAt = row.text(15);
  c.endedAt = row.text(16);
  c.createdAt = row.text(17);
  c.endedReason = row.text(18);
  c.costBreakdownJson = row.text(19);
  c.recordingUrl = row.text(20);
  c.successEvaluation = row.text(21);
  c.structuredDataJson = row.text(22);
  c.phoneNumberId = row.text(23);
  c.type = row.text(24);
  c.orgId = row.text(25);
  c.rawReportJson = row.text(26);
  c.successful = row.integer(27) != 0;
  c.intent = row.text(28);
  c.sourceRank = static_cast<int>(row.integer(29));
  c.updatedAtMs = row.integer(30);
  return c;
}

// Hands the record's kCallColumnCount values to `out` in VM_CALL_COLUMNS order, through
// out.text(const std::string&), out.real(double), out.optReal(const std::optional<double>&) and
// out.integer(std::int64_t). Texts are passed by reference into `call`, never copied here.
template <class Out>
void writeCallColumns(const domain::CallRecord& c, Out&& out) {
  out.text(c.userId);
  out.text(c.callId);
  out.text(c.vapiCallId);
  out.text(c.timestamp);
  out.integer(timestampMs(c));
  out.real(c.duration);
  out.text(c.callerName);
  out.text(c.callerPhone);
  out.text(c.outcome);
  out.optReal(c.satisfaction);
  out.text(c.transcript);
  out.real(c.cost);
  out.text(c.assistantId);
  out.text(c.summary);
  out.integer(static_cast<int>(c.status));
  out.text(c.startedAt);
  out.text(c.endedAt);
  out.text(c.createdAt);
  out.text(c.endedReason);
  out.text(c.costBreakdownJson);
  out.text(c.recordingUrl);
  out.text(c.successEvaluation);
  out.text(c.structuredDataJson);
  out.text(c.phoneNumberId);
  out.text(c.type);
  out.text(c.orgId);
  out.text(c.rawReportJson);
  out.integer(c.successful ? 1 : 0);
  out.text(c.intent);
  out.integer(c.sourceRank);
  out.integer(c.updatedAtMs);
}

}  // namespace vm::store
