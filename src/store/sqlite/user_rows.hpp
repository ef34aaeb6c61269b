// How a domain::User maps to a row of `users`, shared by the store's user and account methods.
#pragma once

#include "domain/user.hpp"
#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

// Columns in the order readUser expects them.
#define VM_USER_COLUMNS "id, email, vapi_org_id, hook_id, webhook_secret_hash, created_at_ms"

domain::User readUser(const Stmt& st);
// Inserts `user`; a unique violation surfaces as SqliteError (see throwConflict).
void insertUser(Connection& db, const domain::User& user);
// A client-facing ConflictError for a unique violation on users, their tokens or identities (SQLite names
// the column in its message).
[[noreturn]] void throwConflict(const SqliteError& e);

}  // namespace vm::store::sqlite
