// Call rows written straight into a SQLite store's file, around the store: what an older build (or a crash
// between two of its steps) left behind, for tests of what the store makes of it.
#pragma once

#include <cstdint>
#include <string>

#include "store/sqlite/call_row.hpp"
#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite::testing {

// Inserts a stored call of `userId` with `transcript` (not indexed for search); returns its rowid.
inline std::int64_t insertRawCall(Connection& db, const std::string& userId, const std::string& vapiCallId,
                                  const std::string& transcript) {
  domain::CallRecord call;
  call.userId = userId;
  call.vapiCallId = vapiCallId;
  call.callId = "vapi_" + vapiCallId;
  call.timestamp = "2026-03-01T10:00:00.000Z";
  call.transcript = transcript;
  auto st = db.prepare(kInsertCall);
  bindCall(st, call);
  st.run();
  return sqlite3_last_insert_rowid(db.handle());
}

}  // namespace vm::store::sqlite::testing
