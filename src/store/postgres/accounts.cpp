// The "accounts" section of Store for PostgreSQL (store.hpp), with the semantics of the SQLite
// implementation (store/sqlite/accounts.cpp). These are short statements on pooled connections, not the
// call writer: every instance serves sessions and tokens from the one database.
#include "domain/time.hpp"
#include "store/errors.hpp"
#include "store/postgres/store.hpp"
#include "store/postgres/user_rows.hpp"

namespace vm::store::postgres {

std::optional<domain::User> PgStore::userByEmail(const std::string& email) {
  auto db = pool_->acquire();
  return oneUser(*db, "SELECT " VM_JOINED_USER_COLUMNS " FROM users u WHERE u.email = $1", {param(email)});
}

std::string PgStore::passwordHash(const std::string& userId) {
  auto db = pool_->acquire();
  Result res = db->query("SELECT password_hash FROM users WHERE id = $1", {param(userId)});
  return res.rows() ? res.text(0, 0) : std::string();
}

void PgStore::setPasswordHash(const std::string& userId, const std::string& hash) {
  auto db = pool_->acquire();
  db->query("UPDATE users SET password_hash = $2 WHERE id = $1", {param(userId), param(hash)});
}

std::optional<domain::User> PgStore::userByExternalIdentity(const std::string& issuer,
                                                            const std::string& subject) {
  auto db = pool_->acquire();
  return oneUser(*db,
                 "SELECT " VM_JOINED_USER_COLUMNS
                 " FROM external_identities x JOIN users u ON u.id = x.user_id"
                 " WHERE x.issuer = $1 AND x.subject = $2",
                 {param(issuer), param(subject)});
}

domain::User PgStore::createExternalUser(const NewUser& user, const std::string& issuer,
                                         const std::string& subject) {
  domain::User created{user.id,        user.email, user.vapiOrgId, user.hookId, user.webhookSecretHash,
                       domain::nowMs()};
  try {
    transaction(*pool_, [&](Connection& db) {
      insertUser(db, created);
      db.query("INSERT INTO external_identities (issuer, subject, user_id) VALUES ($1, $2, $3)",
               {param(issuer), param(subject), param(created.id)});
    });
  } catch (const PgError& e) {
    if (e.isUniqueViolation()) throwConflict(e);
    throw;
  }
  return created;
}

// --- sessions ---

void PgStore::createSession(const Session& s) {
  auto db = pool_->acquire();
  db->query(
      "INSERT INTO sessions (id_hash, user_id, created_at_ms, last_seen_ms, expires_at_ms)"
      " VALUES ($1, $2, $3, $4, $5)",
      {param(s.idHash), param(s.userId), param(s.createdAtMs), param(s.lastSeenMs), param(s.expiresAtMs)});
}

std::optional<Session> PgStore::sessionByHash(const std::string& idHash) {
  auto db = pool_->acquire();
  Result res = db->query(
      "SELECT id_hash, user_id, created_at_ms, last_seen_ms, expires_at_ms FROM sessions WHERE id_hash = $1",
      {param(idHash)});
  if (res.rows() == 0) return std::nullopt;
  return Session{res.text(0, 0), res.text(0, 1), res.integer(0, 2), res.integer(0, 3), res.integer(0, 4)};
}

void PgStore::touchApiToken(const std::string& tokenHash, std::int64_t lastUsedMs) {
  auto db = pool_->acquire();
  db->query("UPDATE api_tokens SET last_used_ms = $2 WHERE token_hash = $1 AND last_used_ms < $2",
            {param(tokenHash), param(lastUsedMs)});
}

void PgStore::touchSession(const std::string& idHash, std::int64_t lastSeenMs) {
  auto db = pool_->acquire();
  // Only forward: instances with slightly different clocks or concurrent requests never move it back.
  db->query("UPDATE sessions SET last_seen_ms = $2 WHERE id_hash = $1 AND last_seen_ms < $2",
            {param(idHash), param(lastSeenMs)});
}

void PgStore::deleteSession(const std::string& idHash) {
  auto db = pool_->acquire();
  db->query("DELETE FROM sessions WHERE id_hash = $1", {param(idHash)});
}

void PgStore::deleteSessionsOfUser(const std::string& userId) {
  auto db = pool_->acquire();
  db->query("DELETE FROM sessions WHERE user_id = $1", {param(userId)});
}

// --- API tokens ---

std::vector<ApiTokenInfo> PgStore::listApiTokens(const std::string& userId) {
  auto db = pool_->acquire();
  Result res = db->query(
      "SELECT id, name, created_at_ms, last_used_ms FROM api_tokens WHERE user_id = $1"
      " ORDER BY created_at_ms, id COLLATE \"C\"",
      {param(userId)});
  std::vector<ApiTokenInfo> tokens;
  for (int row = 0; row < res.rows(); ++row) {
    tokens.push_back({res.text(row, 0), res.text(row, 1), res.integer(row, 2), res.integer(row, 3)});
  }
  return tokens;
}

bool PgStore::deleteApiToken(const std::string& userId, const std::string& tokenId) {
  auto db = pool_->acquire();
  Result res = db->query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2 RETURNING 1",
                         {param(userId), param(tokenId)});
  return res.rows() > 0;
}

// --- VAPI credentials ---

std::optional<VapiCredentials> PgStore::vapiCredentials(const std::string& userId) {
  auto db = pool_->acquire();
  Result res = db->query(
      "SELECT key_cipher, key_hint, updated_at_ms FROM vapi_credentials WHERE user_id = $1", {param(userId)});
  if (res.rows() == 0) return std::nullopt;
  return VapiCredentials{res.text(0, 0), res.text(0, 1), res.integer(0, 2)};
}

void PgStore::setVapiCredentials(const std::string& userId, const VapiCredentials& c) {
  auto db = pool_->acquire();
  db->query(
      "INSERT INTO vapi_credentials (user_id, key_cipher, key_hint, updated_at_ms) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (user_id) DO UPDATE SET key_cipher = excluded.key_cipher, key_hint = excluded.key_hint,"
      " updated_at_ms = excluded.updated_at_ms",
      {param(userId), param(c.keyCipher), param(c.keyHint),
       param(c.updatedAtMs ? c.updatedAtMs : domain::nowMs())});
}

bool PgStore::deleteVapiCredentials(const std::string& userId) {
  auto db = pool_->acquire();
  return db->query("DELETE FROM vapi_credentials WHERE user_id = $1 RETURNING 1", {param(userId)}).rows() > 0;
}

void PgStore::setVapiOrgId(const std::string& userId, const std::string& orgId) {
  try {
    auto db = pool_->acquire();
    db->query("UPDATE users SET vapi_org_id = $2 WHERE id = $1", {param(userId), param(orgId)});
  } catch (const PgError& e) {
    if (e.isUniqueViolation()) throwConflict(e);
    throw;
  }
}

// --- webhook authentication ---

WebhookAuth PgStore::webhookAuth(const std::string& userId) {
  auto db = pool_->acquire();
  Result res = db->query(
      "SELECT mode, secret_cipher, previous_secret_hash, previous_valid_until_ms, hmac_tolerance_s"
      " FROM webhook_auth WHERE user_id = $1",
      {param(userId)});
  WebhookAuth auth;
  if (res.rows() == 0) return auth;
  auth.mode = res.text(0, 0);
  auth.secretCipher = res.text(0, 1);
  auth.previousSecretHash = res.text(0, 2);
  auth.previousValidUntilMs = res.integer(0, 3);
  auth.hmacToleranceSeconds = static_cast<int>(res.integer(0, 4));
  return auth;
}

void PgStore::setWebhookSecret(const std::string& userId, const std::string& secretHash,
                               const std::string& secretCipher, std::int64_t previousValidUntilMs) {
  transaction(*pool_, [&](Connection& db) {
    // FOR UPDATE: two instances rotating at once must not both keep the same "previous" hash.
    Result res = db.query("SELECT webhook_secret_hash FROM users WHERE id = $1 FOR UPDATE", {param(userId)});
    if (res.rows() == 0) throw NotFoundError("no such user");
    const std::string oldHash = res.text(0, 0);
    db.query("UPDATE users SET webhook_secret_hash = $2 WHERE id = $1", {param(userId), param(secretHash)});
    const bool keepPrevious = previousValidUntilMs > 0;
    db.query(
        "INSERT INTO webhook_auth (user_id, secret_cipher, previous_secret_hash, previous_valid_until_ms)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET secret_cipher = excluded.secret_cipher,"
        " previous_secret_hash = excluded.previous_secret_hash,"
        " previous_valid_until_ms = excluded.previous_valid_until_ms",
        {param(userId), param(secretCipher), param(keepPrevious ? oldHash : std::string()),
         param(keepPrevious ? previousValidUntilMs : std::int64_t{0})});
  });
}

void PgStore::setWebhookAuthMode(const std::string& userId, const std::string& mode) {
  auto db = pool_->acquire();
  db->query(
      "INSERT INTO webhook_auth (user_id, mode) SELECT id, $2 FROM users WHERE id = $1"
      " ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode",
      {param(userId), param(mode)});
}

// --- master key rotation ---

std::int64_t PgStore::reencryptSecrets(const std::function<std::string(const std::string&)>& reencrypt) {
  std::int64_t count = 0;
  transaction(*pool_, [&](Connection& db) {
    count = 0;  // a retried transaction starts over
    // Locked: a secret another instance writes meanwhile would otherwise keep the old key's ciphertext.
    Result keys =
        db.query("SELECT user_id, key_cipher FROM vapi_credentials WHERE key_cipher <> '' FOR UPDATE");
    Result secrets =
        db.query("SELECT user_id, secret_cipher FROM webhook_auth WHERE secret_cipher <> '' FOR UPDATE");
    for (int row = 0; row < keys.rows(); ++row) {
      db.query("UPDATE vapi_credentials SET key_cipher = $2 WHERE user_id = $1",
               {param(keys.text(row, 0)), param(reencrypt(keys.text(row, 1)))});
      ++count;
    }
    for (int row = 0; row < secrets.rows(); ++row) {
      db.query("UPDATE webhook_auth SET secret_cipher = $2 WHERE user_id = $1",
               {param(secrets.text(row, 0)), param(reencrypt(secrets.text(row, 1)))});
      ++count;
    }
  });
  return count;
}

}  // namespace vm::store::postgres
