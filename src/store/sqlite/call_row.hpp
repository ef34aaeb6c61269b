// A CallRecord as a row of `calls` in SQLite: the statements and binds over the shared column list
// (store/core/call_columns.hpp).
#pragma once

#include "domain/call.hpp"
#include "store/core/call_columns.hpp"
#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

// A new call row, its values bound by bindCall.
inline constexpr const char* kInsertCall =
    "INSERT INTO calls (" VM_CALL_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30,"
    " ?31)";

// A stored call row, its values bound by bindCall (?1, ?2 are the key).
inline constexpr const char* kUpdateCall =
    "UPDATE calls SET vapi_call_id = ?3, timestamp = ?4, timestamp_ms = ?5, duration = ?6, caller_name = ?7,"
    " caller_phone = ?8, outcome = ?9, satisfaction = ?10, transcript = ?11, cost = ?12, assistant_id = ?13,"
    " summary = ?14, status = ?15, started_at = ?16, ended_at = ?17, created_at = ?18, ended_reason = ?19,"
    " cost_breakdown_json = ?20, recording_url = ?21, success_evaluation = ?22, structured_data_json = ?23,"
    " phone_number_id = ?24, type = ?25, org_id = ?26, raw_report_json = ?27, successful = ?28, intent = ?29,"
    " source_rank = ?30, updated_at_ms = ?31 WHERE user_id = ?1 AND call_id = ?2";

// Reads a row selected with VM_CALL_COLUMNS (prefixed by nothing).
domain::CallRecord readCall(const Stmt& st);

// Binds `call` to ?1..?31 in VM_CALL_COLUMNS order, without copying its texts: `call` must outlive the
// statement's run (a 5 KB report copied once per bind was measurable under load).
void bindCall(Stmt& st, const domain::CallRecord& call);

}  // namespace vm::store::sqlite
