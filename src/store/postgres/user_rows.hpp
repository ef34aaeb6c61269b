// Reading users and reporting unique violations on them, shared by store.cpp and accounts.cpp.
#pragma once

#include <optional>
#include <string>

#include "domain/user.hpp"
#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

#define VM_PG_USER_COLUMNS "u.id, u.email, u.vapi_org_id, u.hook_id, u.webhook_secret_hash, u.created_at_ms"

// Row `row` of a result selected with VM_PG_USER_COLUMNS.
domain::User readUser(const Result& res, int row);
// The first row of a VM_PG_USER_COLUMNS query, if any.
std::optional<domain::User> oneUser(Connection& db, const std::string& sql, const Params& params);
void insertUser(Connection& db, const domain::User& user);
// Rethrows a unique violation as a ConflictError with a message for the client (by constraint name).
[[noreturn]] void throwConflict(const PgError& e);

}  // namespace vm::store::postgres
