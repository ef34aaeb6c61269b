// A CallRecord as a row of `calls` in PostgreSQL: the statements and parameters over the shared column
// list (store/core/call_columns.hpp).
#pragma once

#include <vector>

#include "domain/call.hpp"
#include "store/core/call_columns.hpp"
#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

// A whole call written from callParams: $1, $2 are user_id and call_id, the key.
inline constexpr const char* kInsertCall =
    "INSERT INTO calls (" VM_CALL_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)";

// An update that changes the text makes the call pending for search again (search NULL, see
// search_index.hpp); in SET, transcript and summary are still the row's old values.
inline constexpr const char* kUpdateCall =
    "UPDATE calls SET search = CASE WHEN transcript = $11 AND summary = $14 THEN search END,"
    " vapi_call_id = $3, timestamp = $4, timestamp_ms = $5, duration = $6, caller_name = $7,"
    " caller_phone = $8, outcome = $9, satisfaction = $10, transcript = $11, cost = $12, assistant_id = $13,"
    " summary = $14, status = $15, started_at = $16, ended_at = $17, created_at = $18, ended_reason = $19,"
    " cost_breakdown_json = $20, recording_url = $21, success_evaluation = $22, structured_data_json = $23,"
    " phone_number_id = $24, type = $25, org_id = $26, raw_report_json = $27, successful = $28, intent = $29,"
    " source_rank = $30, updated_at_ms = $31 WHERE user_id = $1 AND call_id = $2";

// Many calls in one statement: the same columns as parallel arrays ($n holds column n of every call, see
// callArrayParams), so a batch writes its calls with one INSERT and one UPDATE whatever its size.
#define VM_PG_CALL_ARRAYS                                                                                    \
  "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::float8[], $7::text[], "          \
  "$8::text[], "                                                                                             \
  "$9::text[], $10::float8[], $11::text[], $12::float8[], $13::text[], $14::text[], $15::int[], "            \
  "$16::text[], "                                                                                            \
  "$17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], " \
  "$25::text[], $26::text[], $27::text[], $28::int[], $29::text[], $30::int[], $31::bigint[])"

inline constexpr const char* kInsertCalls =
    "INSERT INTO calls (" VM_CALL_COLUMNS ") SELECT * FROM " VM_PG_CALL_ARRAYS;

inline constexpr const char* kUpdateCalls =
    "UPDATE calls AS c SET search = CASE WHEN c.transcript = u.transcript AND c.summary = u.summary"
    " THEN c.search END, vapi_call_id = u.vapi_call_id, timestamp = u.timestamp, timestamp_ms = "
    "u.timestamp_ms,"
    " duration = u.duration, caller_name = u.caller_name, caller_phone = u.caller_phone, outcome = u.outcome,"
    " satisfaction = u.satisfaction, transcript = u.transcript, cost = u.cost, assistant_id = u.assistant_id,"
    " summary = u.summary, status = u.status, started_at = u.started_at, ended_at = u.ended_at,"
    " created_at = u.created_at, ended_reason = u.ended_reason, cost_breakdown_json = u.cost_breakdown_json,"
    " recording_url = u.recording_url, success_evaluation = u.success_evaluation,"
    " structured_data_json = u.structured_data_json, phone_number_id = u.phone_number_id, type = u.type,"
    " org_id = u.org_id, raw_report_json = u.raw_report_json, successful = u.successful, intent = u.intent,"
    " source_rank = u.source_rank, updated_at_ms = u.updated_at_ms"
    " FROM " VM_PG_CALL_ARRAYS " AS u(" VM_CALL_COLUMNS
    ") WHERE c.user_id = u.user_id AND c.call_id = u.call_id";

// Reads row `row` of a result selected with VM_CALL_COLUMNS.
domain::CallRecord readCall(const Result& res, int row);

// The 31 parameters ($1..$31) in VM_CALL_COLUMNS order.
Params callParams(const domain::CallRecord& call);
// The 31 array parameters of VM_PG_CALL_ARRAYS: element i of each is calls[i]'s value.
Params callArrayParams(const std::vector<const domain::CallRecord*>& calls);

}  // namespace vm::store::postgres
