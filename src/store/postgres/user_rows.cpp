#include "store/postgres/user_rows.hpp"

#include "store/store.hpp"

namespace vm::store::postgres {

domain::User readUser(const Result& res, int row) {
  domain::User user;
  user.id = res.text(row, 0);
  user.email = res.text(row, 1);
  user.vapiOrgId = res.text(row, 2);
  user.hookId = res.text(row, 3);
  user.webhookSecretHash = res.text(row, 4);
  user.createdAtMs = res.integer(row, 5);
  return user;
}

std::optional<domain::User> oneUser(Connection& db, const std::string& sql, const Params& params) {
  Result res = db.query(sql, params);
  if (res.rows() == 0) return std::nullopt;
  return readUser(res, 0);
}

void insertUser(Connection& db, const domain::User& u) {
  db.query(
      "INSERT INTO users (id, email, vapi_org_id, hook_id, webhook_secret_hash, created_at_ms)"
      " VALUES ($1, $2, $3, $4, $5, $6)",
      {param(u.id), param(u.email), param(u.vapiOrgId), param(u.hookId), param(u.webhookSecretHash),
       param(u.createdAtMs)});
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
