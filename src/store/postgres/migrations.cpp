#include "store/postgres/migrations.hpp"

#include <iterator>
#include <string>

#include "domain/time.hpp"
#include "store/postgres/search.hpp"

namespace vm::store::postgres {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Any constant shared by every instance; it names "the schema migration" among advisory locks (the
// per-call locks of the writer use hashes, which could collide with it only harmlessly: a short wait).
constexpr const char* kMigrationLockKey = "7306241896325873";

// Append only: a released migration is never edited, a change is a new migration.
//
// The same semantics as the SQLite schema (store/sqlite/migrations.cpp): calls unique per (user_id,
// call_id); analytics sums are integers (micro-dollars, milliseconds, thousandths) so that subtracting a
// call's old contribution and adding its new one is exact. Full text: a tsvector (generated until
// migration 3, filled after commit since) with the 'simple' configuration (lower-cased words, no stemming, no
// stop words) over normalized text, so that it finds what FTS5's unicode61 finds (search.hpp).
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  vapi_org_id TEXT NOT NULL DEFAULT '',
  hook_id TEXT NOT NULL,
  webhook_secret_hash TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_hook_id_key UNIQUE (hook_id)
);
-- Several users may have no organisation yet (''), but an organisation belongs to one user.
CREATE UNIQUE INDEX users_vapi_org_id ON users(vapi_org_id) WHERE vapi_org_id <> '';

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  created_at_ms BIGINT NOT NULL,
  last_used_ms BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE calls (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  call_id TEXT NOT NULL,
  vapi_call_id TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  timestamp_ms BIGINT NOT NULL,      -- epoch ms of `timestamp`, 0 when unknown: ordering and filters
  duration DOUBLE PRECISION NOT NULL,
  caller_name TEXT NOT NULL,
  caller_phone TEXT NOT NULL,
  outcome TEXT NOT NULL,
  satisfaction DOUBLE PRECISION,     -- NULL = not scored
  transcript TEXT NOT NULL,
  cost DOUBLE PRECISION NOT NULL,
  assistant_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  status INTEGER NOT NULL,           -- domain::CallStatus value
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  ended_reason TEXT NOT NULL,
  cost_breakdown_json TEXT NOT NULL,
  recording_url TEXT NOT NULL,
  success_evaluation TEXT NOT NULL,
  structured_data_json TEXT NOT NULL,
  phone_number_id TEXT NOT NULL,
  type TEXT NOT NULL,
  org_id TEXT NOT NULL,
  raw_report_json TEXT NOT NULL,
  successful INTEGER NOT NULL,
  intent TEXT NOT NULL,
  source_rank INTEGER NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  -- Maintained by the server on every write path (apply, import), so it can never drift from the text.
  search tsvector GENERATED ALWAYS AS ()sql" VM_PG_SEARCH_VECTOR R"sql() STORED,
  PRIMARY KEY (user_id, call_id)
);
-- Keyset paging: newest first, call_id breaks ties, so a page boundary is exact. COLLATE "C" makes the
-- tie-break byte order, as in SQLite, whatever the database's locale.
CREATE INDEX calls_user_time ON calls(user_id, timestamp_ms DESC, call_id COLLATE "C" DESC);
CREATE INDEX calls_user_assistant_time
  ON calls(user_id, assistant_id, timestamp_ms DESC, call_id COLLATE "C" DESC);
CREATE INDEX calls_user_outcome_time ON calls(user_id, outcome, timestamp_ms DESC, call_id COLLATE "C" DESC);
CREATE INDEX calls_search ON calls USING GIN (search);

CREATE TABLE analytics_days (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  date TEXT NOT NULL,                      -- UTC YYYY-MM-DD
  total_calls BIGINT NOT NULL DEFAULT 0,
  successful_calls BIGINT NOT NULL DEFAULT 0,
  total_duration_ms BIGINT NOT NULL DEFAULT 0,
  total_cost_micros BIGINT NOT NULL DEFAULT 0,
  satisfaction_sum_milli BIGINT NOT NULL DEFAULT 0,
  satisfaction_count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, date)
);

CREATE TABLE analytics_intents (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  intent TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, date, intent)
);

CREATE TABLE sync_state (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sync_type TEXT NOT NULL,
  last_sync_ms BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  synced_count BIGINT NOT NULL DEFAULT 0,
  cursor TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, sync_type)
);
)sql"},
    // Accounts (issue 4), as in the SQLite schema's migration 2. Token ids are derived from their hash
    // (store.hpp apiTokenIdFor) so that rows made before this migration get one too.
    {2, R"sql(
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET id = 'tok_' || substr(token_hash, 1, 16);
CREATE INDEX api_tokens_user_id ON api_tokens(user_id, id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE vapi_credentials (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  key_cipher TEXT NOT NULL,
  key_hint TEXT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE webhook_auth (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  mode TEXT NOT NULL DEFAULT 'secret',
  secret_cipher TEXT NOT NULL DEFAULT '',
  previous_secret_hash TEXT NOT NULL DEFAULT '',
  previous_valid_until_ms BIGINT NOT NULL DEFAULT 0,
  hmac_tolerance_s INTEGER NOT NULL DEFAULT 300
);

CREATE TABLE external_identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (issuer, subject)
);
)sql"},
    // Search vectors off the webhook's transaction (issue 7): computing the generated `search` column was
    // ~87 % of storing a call. It becomes a plain column that keeps every existing row's vector; a call is
    // stored (and acknowledged) with search NULL, meaning "to be indexed", and an update that changes its
    // text sets it back to NULL. The writer fills pending vectors after committing (search_index.hpp) and
    // a search first indexes its user's pending calls, so it still sees every stored call. The partial index
    // finds pending calls, per user or overall, without scanning the table.
    {3, R"sql(
ALTER TABLE calls ALTER COLUMN search DROP EXPRESSION;
CREATE INDEX calls_search_pending ON calls(user_id, call_id) WHERE search IS NULL;
)sql"},
};

int currentVersion(Connection& db) {
  return static_cast<int>(db.query("SELECT COALESCE(MAX(version), 0) FROM schema_version").integer(0, 0));
}

}  // namespace

int latestSchemaVersion() { return std::prev(std::end(kMigrations))->version; }

void migrate(Connection& db) {
  db.exec("BEGIN");
  try {
    // Held until COMMIT: a second instance starting now waits here, then finds the schema current.
    db.query("SELECT pg_advisory_xact_lock($1::bigint)", {std::string(kMigrationLockKey)});
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, applied_at_ms BIGINT NOT NULL)");
    int version = currentVersion(db);
    if (version > latestSchemaVersion()) {
      throw std::runtime_error("database schema version " + std::to_string(version) +
                               " is newer than this build supports (" +
                               std::to_string(latestSchemaVersion()) + ")");
    }
    for (const Migration& migration : kMigrations) {
      if (version >= migration.version) continue;
      db.exec(migration.sql);
      db.query("INSERT INTO schema_version(version, applied_at_ms) VALUES ($1, $2)",
               {param(std::int64_t{migration.version}), param(domain::nowMs())});
    }
    db.exec("COMMIT");
  } catch (...) {
    if (db.inTransaction()) db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace vm::store::postgres
