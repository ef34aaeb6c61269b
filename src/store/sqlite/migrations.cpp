#include "store/sqlite/migrations.hpp"

#include <iterator>
#include <stdexcept>
#include <string>

#include "domain/time.hpp"

namespace vm::store::sqlite {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append only: a released migration is never edited, a change is a new migration.
//
// Money, durations and satisfaction sums in the analytics tables are integers (micro-dollars,
// milliseconds, thousandths) so that subtracting a call's old contribution and adding its new one is exact:
// incremental totals and a rebuild from the calls always agree, whatever order the events came in.
//
// calls has an INTEGER PRIMARY KEY (`id`) besides UNIQUE(user_id, call_id): the FTS index refers to calls by
// rowid, and only an INTEGER PRIMARY KEY keeps rowids stable across VACUUM.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  vapi_org_id TEXT NOT NULL DEFAULT '',
  hook_id TEXT NOT NULL UNIQUE,
  webhook_secret_hash TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
-- Several users may have no organisation yet (''), but an organisation belongs to one user.
CREATE UNIQUE INDEX users_vapi_org_id ON users(vapi_org_id) WHERE vapi_org_id <> '';

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  last_used_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  call_id TEXT NOT NULL,
  vapi_call_id TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  timestamp_ms INTEGER NOT NULL,     -- epoch ms of `timestamp`, 0 when unknown: ordering and filters
  duration REAL NOT NULL,
  caller_name TEXT NOT NULL,
  caller_phone TEXT NOT NULL,
  outcome TEXT NOT NULL,
  satisfaction REAL,                 -- NULL = not scored
  transcript TEXT NOT NULL,
  cost REAL NOT NULL,
  assistant_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  status INTEGER NOT NULL,           -- domain::CallStatus value
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  ended_reason TEXT NOT NULL,
  cost_breakdown_json TEXT NOT NULL, -- JSON object, '' when unknown
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
  updated_at_ms INTEGER NOT NULL,
  UNIQUE (user_id, call_id)
);
-- Keyset paging: newest first, call_id breaks ties, so a page boundary is exact.
CREATE INDEX calls_user_time ON calls(user_id, timestamp_ms DESC, call_id DESC);
CREATE INDEX calls_user_assistant_time ON calls(user_id, assistant_id, timestamp_ms DESC, call_id DESC);
CREATE INDEX calls_user_outcome_time ON calls(user_id, outcome, timestamp_ms DESC, call_id DESC);

-- Full text over transcript and summary; the rows live in calls (external content), kept in sync by
-- triggers so that every path that writes calls (apply, a future import, a cascade delete) updates it.
CREATE VIRTUAL TABLE calls_fts USING fts5(
  transcript, summary, content='calls', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER calls_fts_insert AFTER INSERT ON calls BEGIN
  INSERT INTO calls_fts(rowid, transcript, summary) VALUES (new.id, new.transcript, new.summary);
END;
CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls BEGIN
  INSERT INTO calls_fts(calls_fts, rowid, transcript, summary)
    VALUES ('delete', old.id, old.transcript, old.summary);
END;
-- Most updates (status, cost) leave the text alone: re-index only when it changed.
CREATE TRIGGER calls_fts_update AFTER UPDATE OF transcript, summary ON calls
  WHEN old.transcript IS NOT new.transcript OR old.summary IS NOT new.summary BEGIN
  INSERT INTO calls_fts(calls_fts, rowid, transcript, summary)
    VALUES ('delete', old.id, old.transcript, old.summary);
  INSERT INTO calls_fts(rowid, transcript, summary) VALUES (new.id, new.transcript, new.summary);
END;

CREATE TABLE analytics_days (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  date TEXT NOT NULL,                      -- UTC YYYY-MM-DD
  total_calls INTEGER NOT NULL DEFAULT 0,
  successful_calls INTEGER NOT NULL DEFAULT 0,
  total_duration_ms INTEGER NOT NULL DEFAULT 0,
  total_cost_micros INTEGER NOT NULL DEFAULT 0,
  satisfaction_sum_milli INTEGER NOT NULL DEFAULT 0,
  satisfaction_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, date)
) WITHOUT ROWID;

CREATE TABLE analytics_intents (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  intent TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, date, intent)
) WITHOUT ROWID;

CREATE TABLE sync_state (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sync_type TEXT NOT NULL,
  last_sync_ms INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  synced_count INTEGER NOT NULL DEFAULT 0,
  cursor TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, sync_type)
) WITHOUT ROWID;
)sql"},
    // Accounts (issue 4). Token ids are derived from their hash (store.hpp apiTokenIdFor) so that rows made
    // before this migration get one too.
    {2, R"sql(
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE api_tokens SET id = 'tok_' || substr(token_hash, 1, 16);
-- Not unique: ids are 64 bits of a hash, so they never collide in practice, and a test hash may share a prefix.
CREATE INDEX api_tokens_user_id ON api_tokens(user_id, id);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE vapi_credentials (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  key_cipher TEXT NOT NULL,
  key_hint TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL
);

CREATE TABLE webhook_auth (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  mode TEXT NOT NULL DEFAULT 'secret',
  secret_cipher TEXT NOT NULL DEFAULT '',
  previous_secret_hash TEXT NOT NULL DEFAULT '',
  previous_valid_until_ms INTEGER NOT NULL DEFAULT 0,
  hmac_tolerance_s INTEGER NOT NULL DEFAULT 300
);

CREATE TABLE external_identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (issuer, subject)
);
)sql"},
    // Sync leases (issue 7): `serve` and `voicematrix sync` may share one file, so "one sync per user" has to
    // hold across processes. A row is a claim by `holder` until `expires_at_ms` (wall clock, shared by every
    // process on the host); an expired row may be taken over. No foreign key: a lease is only a lock.
    {3, R"sql(
CREATE TABLE sync_leases (
  user_id TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql"},
    // The search index leaves the webhook's transaction: tokenizing a transcript cost more than all the
    // rest of storing a call. A call is stored (and acknowledged) with fts_indexed = 0; the writer indexes
    // pending calls in its own transactions when it is idle (or when the backlog grows), and a search first
    // lets it catch up, so searches still see every stored call. Index and flag change in one transaction,
    // so the index never disagrees with the flags, even after a crash. Rows indexed by the old triggers are
    // marked as indexed.
    {4, R"sql(
ALTER TABLE calls ADD COLUMN fts_indexed INTEGER NOT NULL DEFAULT 0;
UPDATE calls SET fts_indexed = 1;
CREATE INDEX calls_fts_pending ON calls(id) WHERE fts_indexed = 0;
DROP TRIGGER calls_fts_insert;
DROP TRIGGER calls_fts_update;
DROP TRIGGER calls_fts_delete;
-- An external-content index must only be told to delete what it holds.
CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls WHEN old.fts_indexed = 1 BEGIN
  INSERT INTO calls_fts(calls_fts, rowid, transcript, summary)
    VALUES ('delete', old.id, old.transcript, old.summary);
END;
)sql"},
    // One index for the call list instead of three. Every call's insert touched a leaf of each index at
    // its user's insertion point (a different page per user), and those page writes were most of what an
    // ingest commit wrote: dropping two of them took webhook ingest from ~5,500 to ~7,900 calls/s. The list
    // filters (assistant, outcome) are read from this covering index while it walks the user's calls
    // newest first, so a filtered page still touches a table row only for calls it returns.
    {5, R"sql(
DROP INDEX calls_user_assistant_time;
DROP INDEX calls_user_outcome_time;
DROP INDEX calls_user_time;
CREATE INDEX calls_user_time ON calls(user_id, timestamp_ms DESC, call_id DESC, assistant_id, outcome);
)sql"},
    // The writer indexes for search in small chunks between webhook batches, and each chunk commits a small
    // FTS5 segment; with the default automerge (4) merging those segments cost as much as tokenizing.
    // 8 lets more segments wait before a merge: 20,000 calls indexed 64 at a time took ~75 us per call
    // with 4 and ~54 us with 8, and a search over them was as fast.
    {6, R"sql(
INSERT INTO calls_fts(calls_fts, rank) VALUES ('automerge', 8);
)sql"},
    // Which calls wait for the search index moves from a column of calls to a table of their rowids.
    // Marking a call indexed rewrote its whole row (with the transcript and the raw report, ~5 KB: two
    // pages, one of them an overflow page freed and allocated again) only to flip one flag: a quarter of
    // the cost of indexing a call. Deleting its rowid from this table touches a page shared by hundreds.
    // A call is indexed when it has no row here. calls.fts_indexed stays, unused and 0 in new rows:
    // dropping it would rewrite every call row (~40 us each: minutes at the first start of a large
    // database), and a constant 0 costs no payload bytes in SQLite's record format.
    {7, R"sql(
CREATE TABLE calls_search_pending (call_rowid INTEGER PRIMARY KEY);
INSERT INTO calls_search_pending (call_rowid) SELECT id FROM calls WHERE fts_indexed = 0;
DROP TRIGGER calls_fts_delete;
DROP INDEX calls_fts_pending;
-- An external-content index must only be told to delete what it holds, and a deleted call waits for nothing.
CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls BEGIN
  INSERT INTO calls_fts(calls_fts, rowid, transcript, summary)
    SELECT 'delete', old.id, old.transcript, old.summary
    WHERE NOT EXISTS (SELECT 1 FROM calls_search_pending WHERE call_rowid = old.id);
  DELETE FROM calls_search_pending WHERE call_rowid = old.id;
END;
)sql"},
};

int currentVersion(Connection& db) {
  auto st = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  st.step();
  return static_cast<int>(st.columnInt(0));
}

}  // namespace

int latestSchemaVersion() { return std::prev(std::end(kMigrations))->version; }

void migrate(Connection& db) { migrate(db, latestSchemaVersion()); }

void migrate(Connection& db, int upTo) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)");
  if (int version = currentVersion(db); version > latestSchemaVersion()) {
    throw std::runtime_error("database schema version " + std::to_string(version) +
                             " is newer than this build supports (" + std::to_string(latestSchemaVersion()) +
                             ")");
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version > upTo) break;
    if (currentVersion(db) >= migration.version) continue;  // the usual start-up: no write lock taken
    // Re-checked under the write lock: another process may have applied it meanwhile.
    db.exec("BEGIN IMMEDIATE");
    try {
      if (currentVersion(db) < migration.version) {
        db.exec(migration.sql);
        db.prepare("INSERT INTO schema_version(version, applied_at_ms) VALUES (?1, ?2)")
            .bindInt(1, migration.version)
            .bindInt(2, domain::nowMs())
            .run();
      }
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  }
}

}  // namespace vm::store::sqlite
