// A domain::User as a row of `users` in SQLite (the shared column list: store/core/user_columns.hpp), and
// unique violations on users reported to clients; shared by the store's user and account methods.
#pragma once

#include <optional>
#include <string>

#include "domain/user.hpp"
#include "store/core/user_columns.hpp"
#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

domain::User readUser(const Stmt& st);
// The first row of a VM_USER_COLUMNS query whose only parameter ?1 is `key`, if any.
std::optional<domain::User> oneUser(Connection& db, const char* sql, const std::string& key);
// Inserts `user`; a unique violation surfaces as SqliteError (see throwConflict).
void insertUser(Connection& db, const domain::User& user);
// A client-facing ConflictError for a unique violation on users, their tokens or identities (SQLite names
// the column in its message).
[[noreturn]] void throwConflict(const SqliteError& e);

}  // namespace vm::store::sqlite
