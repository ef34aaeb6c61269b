// A domain::User as a row of `users` in PostgreSQL (the shared column list: store/core/user_columns.hpp),
// and unique violations on users reported to clients; shared by store.cpp and accounts.cpp.
#pragma once

#include <optional>
#include <string>

#include "domain/user.hpp"
#include "store/core/user_columns.hpp"
#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

// Row `row` of a result selected with VM_USER_COLUMNS or VM_JOINED_USER_COLUMNS.
domain::User readUser(const Result& res, int row);
// The first row of such a query, if any.
std::optional<domain::User> oneUser(Connection& db, const std::string& sql, const Params& params);
void insertUser(Connection& db, const domain::User& user);
// Rethrows a unique violation as a ConflictError with a message for the client (by constraint name).
[[noreturn]] void throwConflict(const PgError& e);

}  // namespace vm::store::postgres
