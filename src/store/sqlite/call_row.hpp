// How a CallRecord maps to a row of `calls`: one column list shared by every SELECT and the upsert, so the
// reader and the writer cannot disagree on column order.
#pragma once

#include <cstdint>

#include "domain/call.hpp"
#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

// The record's columns in the order readCall expects them. Column 4 is timestamp_ms.
#define VM_CALL_COLUMNS                                                                                     \
  "user_id, call_id, vapi_call_id, timestamp, timestamp_ms, duration, caller_name, caller_phone, outcome, " \
  "satisfaction, transcript, cost, assistant_id, summary, status, started_at, ended_at, created_at, "       \
  "ended_reason, cost_breakdown_json, recording_url, success_evaluation, structured_data_json, "            \
  "phone_number_id, type, org_id, raw_report_json, successful, intent, source_rank, updated_at_ms"

inline constexpr int kTimestampMsColumn = 4;

// A new call row, its values bound by bindCall.
inline constexpr const char* kInsertCall =
    "INSERT INTO calls (" VM_CALL_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30,"
    " ?31)";

// Reads a row selected with VM_CALL_COLUMNS (prefixed by nothing).
domain::CallRecord readCall(const Stmt& st);

// Binds `call` to ?1..?31 in VM_CALL_COLUMNS order, without copying its texts: `call` must outlive the
// statement's run (a 5 KB report copied once per bind was measurable under load).
void bindCall(Stmt& st, const domain::CallRecord& call);

// The epoch ms stored in timestamp_ms: the record's timestamp, 0 when it has none (sorts last).
std::int64_t timestampMs(const domain::CallRecord& call);

// Whether every stored field except updatedAtMs is equal: an event that changes none is not written.
bool sameStoredFields(const domain::CallRecord& a, const domain::CallRecord& b);

}  // namespace vm::store::sqlite
