#include "store/sqlite/user_rows.hpp"

#include <string>

#include "store/store.hpp"

namespace vm::store::sqlite {

domain::User readUser(const Stmt& st) {
  domain::User user;
  user.id = st.columnText(0);
  user.email = st.columnText(1);
  user.vapiOrgId = st.columnText(2);
  user.hookId = st.columnText(3);
  user.webhookSecretHash = st.columnText(4);
  user.createdAtMs = st.columnInt(5);
  return user;
}

void insertUser(Connection& db, const domain::User& user) {
  db.prepare("INSERT INTO users (" VM_USER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bindText(1, user.id)
      .bindText(2, user.email)
      .bindText(3, user.vapiOrgId)
      .bindText(4, user.hookId)
      .bindText(5, user.webhookSecretHash)
      .bindInt(6, user.createdAtMs)
      .run();
}

void throwUserConflict(const SqliteError& e) {
  std::string what = e.what();
  if (what.find("users.email") != std::string::npos)
    throw ConflictError("a user with this email already exists");
  if (what.find("vapi_org_id") != std::string::npos)
    throw ConflictError("this VAPI organization already belongs to a user");
  if (what.find("users.hook_id") != std::string::npos)
    throw ConflictError("this webhook id is already taken");
  if (what.find("api_tokens") != std::string::npos) throw ConflictError("this API token already exists");
  if (what.find("external_identities") != std::string::npos)
    throw ConflictError("this identity already belongs to a user");
  throw ConflictError("this user already exists");
}

}  // namespace vm::store::sqlite
