#include "store/sqlite/user_rows.hpp"

#include <string>

#include "store/errors.hpp"

namespace vm::store::sqlite {
domain::User readUser(const Stmt& st) { return readUserColumns(StmtRow{st}); }

std::optional<domain::User> oneUser(Connection& db, const char* sql, const std::string& key) {
  auto st = db.prepare(sql);
  st.bindText(1, key);
  if (!st.step()) return std::nullopt;
  return readUser(st);
}

void insertUser(Connection& db, const domain::User& user) {
  auto st = db.prepare("INSERT INTO users (" VM_USER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  writeUserColumns(user, StmtBinder(st));  // `user` outlives the run
  st.run();
}

void throwConflict(const SqliteError& e) {
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
