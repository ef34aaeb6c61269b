// How a CallRecord maps to a row of `calls` in PostgreSQL: one column list shared by every SELECT, the
// insert and the update, so reader and writer cannot disagree on column order.
#pragma once

#include "domain/call.hpp"
#include "store/postgres/pg_connection.hpp"

namespace vm::store::postgres {

// The record's columns in the order readCall expects them. Column 4 is timestamp_ms.
#define VM_PG_CALL_COLUMNS                                                                                  \
  "user_id, call_id, vapi_call_id, timestamp, timestamp_ms, duration, caller_name, caller_phone, outcome, " \
  "satisfaction, transcript, cost, assistant_id, summary, status, started_at, ended_at, created_at, "       \
  "ended_reason, cost_breakdown_json, recording_url, success_evaluation, structured_data_json, "            \
  "phone_number_id, type, org_id, raw_report_json, successful, intent, source_rank, updated_at_ms"

inline constexpr int kPgTimestampMsColumn = 4;

// Reads row `row` of a result selected with VM_PG_CALL_COLUMNS.
domain::CallRecord readCall(const Result& res, int row);

// The 31 parameters ($1..$31) in VM_PG_CALL_COLUMNS order.
Params callParams(const domain::CallRecord& call);

}  // namespace vm::store::postgres
