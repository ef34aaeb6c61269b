#include "store/postgres/user_rows.hpp"

#include "store/errors.hpp"

namespace vm::store::postgres {
domain::User readUser(const Result& res, int row) { return readUserColumns(ResultRow{res, row}); }

std::optional<domain::User> oneUser(Connection& db, const std::string& sql, const Params& params) {
  Result res = db.query(sql, params);
  if (res.rows() == 0) return std::nullopt;
  return readUser(res, 0);
}

void insertUser(Connection& db, const domain::User& user) {
  Params params;
  params.reserve(kUserColumnCount);
  writeUserColumns(user, ParamsOut{params});
  db.query("INSERT INTO users (" VM_USER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6)", params);
}

void throwConflict(const PgError& e) {
  // Constraint names are fixed by migrations.cpp.
  const std::string& c = e.constraint;
  if (c == "users_email_key") throw ConflictError("a user with this email already exists");
  if (c == "users_vapi_org_id") throw ConflictError("this VAPI organization already belongs to a user");
  if (c == "users_hook_id_key") throw ConflictError("this webhook id is already taken");
  if (c.starts_with("api_tokens")) throw ConflictError("this API token already exists");
  if (c.starts_with("external_identities")) throw ConflictError("this identity already belongs to a user");
  throw ConflictError("this user already exists");
}

}  // namespace vm::store::postgres
