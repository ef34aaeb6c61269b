// The "accounts" section of Store for SQLite (store.hpp): passwords, sessions, API tokens, VAPI
// credentials, webhook authentication, external identities. Writes go through the writer thread, reads
// through the read pool; every statement is fixed text with bound values, and every per-user statement
// filters by user_id.
#include "domain/time.hpp"
#include "store/errors.hpp"
#include "store/sqlite/store.hpp"
#include "store/sqlite/user_rows.hpp"

namespace vm::store::sqlite {

std::optional<domain::User> SqliteStore::userByEmail(const std::string& email) {
  auto db = readers_->acquire();
  return oneUser(*db, "SELECT " VM_USER_COLUMNS " FROM users WHERE email = ?1", email);
}

std::string SqliteStore::passwordHash(const std::string& userId) {
  auto db = readers_->acquire();
  auto st = db->prepare("SELECT password_hash FROM users WHERE id = ?1");
  st.bindText(1, userId);
  return st.step() ? st.columnText(0) : std::string();
}

void SqliteStore::setPasswordHash(const std::string& userId, const std::string& hash) {
  writer_->run([&](Connection& db) {
    db.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1")
        .bindText(1, userId)
        .bindText(2, hash)
        .run();
  });
}

std::optional<domain::User> SqliteStore::userByExternalIdentity(const std::string& issuer,
                                                                const std::string& subject) {
  auto db = readers_->acquire();
  auto st = db->prepare(
      "SELECT " VM_JOINED_USER_COLUMNS
      " FROM external_identities x JOIN users u ON u.id = x.user_id WHERE x.issuer = ?1 AND x.subject = ?2");
  st.bindText(1, issuer).bindText(2, subject);
  if (!st.step()) return std::nullopt;
  return readUser(st);
}

domain::User SqliteStore::createExternalUser(const NewUser& user, const std::string& issuer,
                                             const std::string& subject) {
  domain::User created{user.id,        user.email, user.vapiOrgId, user.hookId, user.webhookSecretHash,
                       domain::nowMs()};
  writer_->run([&](Connection& db) {
    try {
      insertUser(db, created);
      db.prepare("INSERT INTO external_identities (issuer, subject, user_id) VALUES (?1, ?2, ?3)")
          .bindText(1, issuer)
          .bindText(2, subject)
          .bindText(3, created.id)
          .run();
    } catch (const SqliteError& e) {
      if (e.isUniqueViolation()) throwConflict(e);
      throw;
    }
  });
  return created;
}

// --- sessions ---

void SqliteStore::createSession(const Session& s) {
  writer_->run([&](Connection& db) {
    db.prepare(
          "INSERT INTO sessions (id_hash, user_id, created_at_ms, last_seen_ms, expires_at_ms)"
          " VALUES (?1, ?2, ?3, ?4, ?5)")
        .bindText(1, s.idHash)
        .bindText(2, s.userId)
        .bindInt(3, s.createdAtMs)
        .bindInt(4, s.lastSeenMs)
        .bindInt(5, s.expiresAtMs)
        .run();
  });
}

std::optional<Session> SqliteStore::sessionByHash(const std::string& idHash) {
  auto db = readers_->acquire();
  auto st = db->prepare(
      "SELECT id_hash, user_id, created_at_ms, last_seen_ms, expires_at_ms FROM sessions WHERE id_hash = ?1");
  st.bindText(1, idHash);
  if (!st.step()) return std::nullopt;
  return Session{st.columnText(0), st.columnText(1), st.columnInt(2), st.columnInt(3), st.columnInt(4)};
}

void SqliteStore::touchApiToken(const std::string& tokenHash, std::int64_t lastUsedMs) {
  writer_->run([&](Connection& db) {
    db.prepare("UPDATE api_tokens SET last_used_ms = ?2 WHERE token_hash = ?1 AND last_used_ms < ?2")
        .bindText(1, tokenHash)
        .bindInt(2, lastUsedMs)
        .run();
  });
}

void SqliteStore::touchSession(const std::string& idHash, std::int64_t lastSeenMs) {
  writer_->run([&](Connection& db) {
    db.prepare("UPDATE sessions SET last_seen_ms = ?2 WHERE id_hash = ?1 AND last_seen_ms < ?2")
        .bindText(1, idHash)
        .bindInt(2, lastSeenMs)
        .run();
  });
}

void SqliteStore::deleteSession(const std::string& idHash) {
  writer_->run([&](Connection& db) {
    db.prepare("DELETE FROM sessions WHERE id_hash = ?1").bindText(1, idHash).run();
  });
}

void SqliteStore::deleteSessionsOfUser(const std::string& userId) {
  writer_->run([&](Connection& db) {
    db.prepare("DELETE FROM sessions WHERE user_id = ?1").bindText(1, userId).run();
  });
}

// --- API tokens ---

std::vector<ApiTokenInfo> SqliteStore::listApiTokens(const std::string& userId) {
  auto db = readers_->acquire();
  auto st = db->prepare(
      "SELECT id, name, created_at_ms, last_used_ms FROM api_tokens WHERE user_id = ?1 ORDER BY "
      "created_at_ms, id");
  st.bindText(1, userId);
  std::vector<ApiTokenInfo> tokens;
  while (st.step()) tokens.push_back({st.columnText(0), st.columnText(1), st.columnInt(2), st.columnInt(3)});
  return tokens;
}

bool SqliteStore::deleteApiToken(const std::string& userId, const std::string& tokenId) {
  bool deleted = false;
  writer_->run([&](Connection& db) {
    db.prepare("DELETE FROM api_tokens WHERE user_id = ?1 AND id = ?2")
        .bindText(1, userId)
        .bindText(2, tokenId)
        .run();
    deleted = db.changes() > 0;
  });
  return deleted;
}

// --- VAPI credentials ---

std::optional<VapiCredentials> SqliteStore::vapiCredentials(const std::string& userId) {
  auto db = readers_->acquire();
  auto st =
      db->prepare("SELECT key_cipher, key_hint, updated_at_ms FROM vapi_credentials WHERE user_id = ?1");
  st.bindText(1, userId);
  if (!st.step()) return std::nullopt;
  return VapiCredentials{st.columnText(0), st.columnText(1), st.columnInt(2)};
}

void SqliteStore::setVapiCredentials(const std::string& userId, const VapiCredentials& c) {
  writer_->run([&](Connection& db) {
    db.prepare(
          "INSERT INTO vapi_credentials (user_id, key_cipher, key_hint, updated_at_ms) VALUES (?1, ?2, ?3, "
          "?4)"
          " ON CONFLICT(user_id) DO UPDATE SET key_cipher = excluded.key_cipher, key_hint = "
          "excluded.key_hint,"
          " updated_at_ms = excluded.updated_at_ms")
        .bindText(1, userId)
        .bindText(2, c.keyCipher)
        .bindText(3, c.keyHint)
        .bindInt(4, c.updatedAtMs ? c.updatedAtMs : domain::nowMs())
        .run();
  });
}

bool SqliteStore::deleteVapiCredentials(const std::string& userId) {
  bool deleted = false;
  writer_->run([&](Connection& db) {
    db.prepare("DELETE FROM vapi_credentials WHERE user_id = ?1").bindText(1, userId).run();
    deleted = db.changes() > 0;
  });
  return deleted;
}

void SqliteStore::setVapiOrgId(const std::string& userId, const std::string& orgId) {
  writer_->run([&](Connection& db) {
    try {
      db.prepare("UPDATE users SET vapi_org_id = ?2 WHERE id = ?1")
          .bindText(1, userId)
          .bindText(2, orgId)
          .run();
    } catch (const SqliteError& e) {
      if (e.isUniqueViolation()) throwConflict(e);
      throw;
    }
  });
}

// --- webhook authentication ---

WebhookAuth SqliteStore::webhookAuth(const std::string& userId) {
  auto db = readers_->acquire();
  auto st = db->prepare(
      "SELECT mode, secret_cipher, previous_secret_hash, previous_valid_until_ms, hmac_tolerance_s"
      " FROM webhook_auth WHERE user_id = ?1");
  st.bindText(1, userId);
  WebhookAuth auth;
  if (!st.step()) return auth;
  auth.mode = st.columnText(0);
  auth.secretCipher = st.columnText(1);
  auth.previousSecretHash = st.columnText(2);
  auth.previousValidUntilMs = st.columnInt(3);
  auth.hmacToleranceSeconds = static_cast<int>(st.columnInt(4));
  return auth;
}

void SqliteStore::setWebhookSecret(const std::string& userId, const std::string& secretHash,
                                   const std::string& secretCipher, std::int64_t previousValidUntilMs) {
  writer_->run([&](Connection& db) {
    std::string oldHash;
    {
      auto st = db.prepare("SELECT webhook_secret_hash FROM users WHERE id = ?1");
      st.bindText(1, userId);
      if (!st.step()) throw NotFoundError("no such user");
      oldHash = st.columnText(0);
    }
    db.prepare("UPDATE users SET webhook_secret_hash = ?2 WHERE id = ?1")
        .bindText(1, userId)
        .bindText(2, secretHash)
        .run();
    const bool keepPrevious = previousValidUntilMs > 0;
    db.prepare(
          "INSERT INTO webhook_auth (user_id, secret_cipher, previous_secret_hash, previous_valid_until_ms)"
          " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(user_id) DO UPDATE SET secret_cipher = "
          "excluded.secret_cipher,"
          " previous_secret_hash = excluded.previous_secret_hash,"
          " previous_valid_until_ms = excluded.previous_valid_until_ms")
        .bindText(1, userId)
        .bindText(2, secretCipher)
        .bindText(3, keepPrevious ? oldHash : std::string())
        .bindInt(4, keepPrevious ? previousValidUntilMs : 0)
        .run();
  });
}

void SqliteStore::setWebhookAuthMode(const std::string& userId, const std::string& mode) {
  writer_->run([&](Connection& db) {
    db.prepare(
          "INSERT INTO webhook_auth (user_id, mode) SELECT id, ?2 FROM users WHERE id = ?1"
          " ON CONFLICT(user_id) DO UPDATE SET mode = excluded.mode")
        .bindText(1, userId)
        .bindText(2, mode)
        .run();
  });
}

// --- master key rotation ---

std::int64_t SqliteStore::reencryptSecrets(const std::function<std::string(const std::string&)>& reencrypt) {
  std::int64_t count = 0;
  writer_->run([&](Connection& db) {
    // Read everything first: a statement being stepped must not see its own table change under it.
    std::vector<std::pair<std::string, std::string>> keys, secrets;
    {
      auto st = db.prepare("SELECT user_id, key_cipher FROM vapi_credentials WHERE key_cipher <> ''");
      while (st.step()) keys.emplace_back(st.columnText(0), st.columnText(1));
    }
    {
      auto st = db.prepare("SELECT user_id, secret_cipher FROM webhook_auth WHERE secret_cipher <> ''");
      while (st.step()) secrets.emplace_back(st.columnText(0), st.columnText(1));
    }
    for (const auto& [userId, cipher] : keys) {
      db.prepare("UPDATE vapi_credentials SET key_cipher = ?2 WHERE user_id = ?1")
          .bindText(1, userId)
          .bindText(2, reencrypt(cipher))
          .run();
      ++count;
    }
    for (const auto& [userId, cipher] : secrets) {
      db.prepare("UPDATE webhook_auth SET secret_cipher = ?2 WHERE user_id = ?1")
          .bindText(1, userId)
          .bindText(2, reencrypt(cipher))
          .run();
      ++count;
    }
  });
  return count;
}

}  // namespace vm::store::sqlite
