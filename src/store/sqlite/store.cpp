#include "store/sqlite/store.hpp"

#include <stdexcept>

#include "domain/time.hpp"
#include "store/core/call_page.hpp"
#include "store/core/file_lock.hpp"
#include "store/errors.hpp"
#include "store/sqlite/analytics_rows.hpp"
#include "store/sqlite/call_row.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/search.hpp"
#include "store/sqlite/sync_lease.hpp"
#include "store/sqlite/user_rows.hpp"

namespace vm::store::sqlite {
namespace {

std::unique_ptr<Connection> openWriteConnection(const std::string& path, const StoreOptions& options) {
  auto db = std::make_unique<Connection>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db->exec("PRAGMA busy_timeout = 5000");  // another process (a CLI command) may hold the lock briefly
  db->exec("PRAGMA journal_mode = WAL");
  {
    auto st = db->prepare("PRAGMA journal_mode");
    if (!st.step() || st.columnText(0) != "wal") {
      throw std::runtime_error("sqlite: " + path + " cannot use WAL mode (a file on local disk is needed)");
    }
  }
  // FULL: each commit (one per batch) is fsync'd before anyone is answered. NORMAL may lose the last
  // commits on power loss, never corrupts.
  db->exec(options.synchronousFull ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  db->exec("PRAGMA foreign_keys = ON");
  db->exec("PRAGMA temp_store = MEMORY");
  // Index and FTS pages of recent calls stay in the writer's own cache instead of being re-read.
  db->exec("PRAGMA cache_size = -16384");
  migrate(*db);
  return db;
}

void insertApiToken(Connection& db, const std::string& userId, const std::string& tokenHash,
                    const std::string& name) {
  db.prepare(
        "INSERT INTO api_tokens (token_hash, user_id, name, created_at_ms, id) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bindText(1, tokenHash)
      .bindText(2, userId)
      .bindText(3, name)
      .bindInt(4, domain::nowMs())
      .bindText(5, apiTokenIdFor(tokenHash))
      .run();
}

// How a search is run. A rare term is cheapest driven from the FTS index (look up each hit, sort the few);
// a common one from the time index (walk the user's calls newest first, keep those in the match set, stop
// after one page). Which one is decided by counting matches up to kFewMatches.
enum class SearchPlan { None, FromTimeIndex, FromFtsIndex };
constexpr int kFewMatches = 2000;

// The listCalls statement for the filters present. Only fixed fragments are appended; every value is a
// numbered parameter, bound whether or not its fragment is present (so there are few distinct texts, each
// prepared once per connection).
std::string listSql(const CallQuery& q, bool hasCursor, SearchPlan plan) {
  // A unary + makes a column unusable for index lookups: with few FTS hits, the planner must start there.
  const bool fromFts = plan == SearchPlan::FromFtsIndex;
  std::string sql = "SELECT " VM_CALL_COLUMNS " FROM calls WHERE";
  sql += fromFts ? " +user_id = ?1" : " user_id = ?1";
  if (q.fromMs) sql += fromFts ? " AND +timestamp_ms >= ?2" : " AND timestamp_ms >= ?2";
  if (q.toMs) sql += fromFts ? " AND +timestamp_ms < ?3" : " AND timestamp_ms < ?3";
  if (!q.assistantId.empty()) sql += fromFts ? " AND +assistant_id = ?4" : " AND assistant_id = ?4";
  if (!q.outcome.empty()) sql += fromFts ? " AND +outcome = ?5" : " AND outcome = ?5";
  if (hasCursor) {
    sql += fromFts ? " AND (+timestamp_ms, +call_id) < (?6, ?7)" : " AND (timestamp_ms, call_id) < (?6, ?7)";
  }
  if (plan != SearchPlan::None) sql += " AND id IN (SELECT rowid FROM calls_fts WHERE calls_fts MATCH ?8)";
  sql += " ORDER BY timestamp_ms DESC, call_id DESC LIMIT ?9";
  return sql;
}

SearchPlan searchPlan(Connection& db, const std::string& match) {
  if (match.empty()) return SearchPlan::None;
  auto st =
      db.prepare("SELECT count(*) FROM (SELECT rowid FROM calls_fts WHERE calls_fts MATCH ?1 LIMIT ?2)");
  st.bindText(1, match).bindInt(2, kFewMatches);
  st.step();
  return st.columnInt(0) < kFewMatches ? SearchPlan::FromFtsIndex : SearchPlan::FromTimeIndex;
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, const StoreOptions& options) {
  if (path.empty() || path == ":memory:" || path.starts_with("file::memory:")) {
    // Readers and the writer are separate connections: they must share a file.
    throw std::invalid_argument("sqlite: the store needs a database file path");
  }
  servingLockPath_ = path + "-serving.lock";
  auto writeConnection = openWriteConnection(path, options);
  checkpointer_ = std::make_unique<Checkpointer>(path);
  checkpointer_->attach(writeConnection->handle());
  writer_ = std::make_unique<Writer>(std::move(writeConnection), options.rules, checkpointer_.get());
  readers_ = std::make_unique<Pool>(path, options.readConnections);
  syncLeaseTtlMs_ = options.syncLeaseTtlMs;
}

SqliteStore::~SqliteStore() { close(); }

// --- users ---

domain::User SqliteStore::createUser(const NewUser& user) {
  domain::User created;
  created.id = user.id;
  created.email = user.email;
  created.vapiOrgId = user.vapiOrgId;
  created.hookId = user.hookId;
  created.webhookSecretHash = user.webhookSecretHash;
  created.createdAtMs = domain::nowMs();
  writer_->run([&](Connection& db) {
    try {
      insertUser(db, created);
      if (!user.apiTokenHash.empty()) insertApiToken(db, created.id, user.apiTokenHash, "default");
    } catch (const SqliteError& e) {
      if (e.isUniqueViolation()) throwConflict(e);
      throw;
    }
  });
  return created;
}

void SqliteStore::addApiToken(const std::string& userId, const std::string& tokenHash,
                              const std::string& name) {
  writer_->run([&](Connection& db) {
    try {
      insertApiToken(db, userId, tokenHash, name);
    } catch (const SqliteError& e) {
      if (e.isUniqueViolation()) throwConflict(e);
      if (e.extendedCode == SQLITE_CONSTRAINT_FOREIGNKEY) throw NotFoundError("no such user");
      throw;
    }
  });
}

std::optional<domain::User> SqliteStore::userById(const std::string& userId) {
  auto db = readers_->acquire();
  return oneUser(*db,
                 "SELECT " VM_USER_COLUMNS
                 " FROM users"
                 " WHERE id = ?1",
                 userId);
}

std::optional<domain::User> SqliteStore::userByHookId(const std::string& hookId) {
  auto db = readers_->acquire();
  return oneUser(*db,
                 "SELECT " VM_USER_COLUMNS
                 " FROM users"
                 " WHERE hook_id = ?1",
                 hookId);
}

std::optional<domain::User> SqliteStore::userByOrgId(const std::string& orgId) {
  if (orgId.empty()) return std::nullopt;  // "" means "no organization", never a match
  auto db = readers_->acquire();
  return oneUser(*db,
                 "SELECT " VM_USER_COLUMNS
                 " FROM users"
                 " WHERE vapi_org_id = ?1 AND vapi_org_id <> ''",
                 orgId);
}

std::optional<ApiTokenOwner> SqliteStore::apiTokenOwner(const std::string& tokenHash) {
  if (tokenHash.empty()) return std::nullopt;
  auto db = readers_->acquire();
  auto st = db->prepare(
      "SELECT " VM_JOINED_USER_COLUMNS
      ", t.last_used_ms FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1");
  st.bindText(1, tokenHash);
  if (!st.step()) return std::nullopt;
  return ApiTokenOwner{readUser(st), st.columnInt(kUserColumnCount)};
}

std::vector<domain::User> SqliteStore::listUsers() {
  auto db = readers_->acquire();
  auto st = db->prepare("SELECT " VM_USER_COLUMNS
                        " FROM users"
                        " ORDER BY created_at_ms, id");
  std::vector<domain::User> users;
  while (st.step()) users.push_back(readUser(st));
  return users;
}

// --- calls ---

void SqliteStore::applyAsync(const std::string& userId, domain::CallEvent event, ApplyCallback done) {
  writer_->apply(userId, std::move(event), std::move(done));
}

CallPage SqliteStore::listCalls(const std::string& userId, const CallQuery& query) {
  std::string match;
  if (!query.search.empty()) {
    match = ftsQuery(query.search);
    if (match.empty()) return {};  // only punctuation: nothing can match it
  }
  // Calls are indexed for search after they are acknowledged: let the index catch up first, so a search
  // sees every stored call.
  if (!match.empty()) writer_->catchUpSearchIndex();

  PageBuilder page(query.limit);
  const std::optional<PageCursor>& cursor = query.cursor;
  auto db = readers_->acquire();
  auto st = db->prepare(listSql(query, cursor.has_value(), searchPlan(*db, match)));
  st.bindText(1, userId)
      .bindInt(2, query.fromMs.value_or(0))
      .bindInt(3, query.toMs.value_or(0))
      .bindText(4, query.assistantId)
      .bindText(5, query.outcome)
      .bindInt(6, cursor ? cursor->timestampMs : 0)
      .bindText(7, cursor ? cursor->callId : std::string())
      .bindText(8, match)
      .bindInt(9, page.fetchLimit());
  while (st.step() && page.acceptsRow()) page.add(readCall(st), st.columnInt(kTimestampMsColumn));
  return page.take();
}

std::optional<domain::CallRecord> SqliteStore::getCall(const std::string& userId, const std::string& callId) {
  auto db = readers_->acquire();
  auto st = db->prepare("SELECT " VM_CALL_COLUMNS " FROM calls WHERE user_id = ?1 AND call_id = ?2");
  st.bindText(1, userId).bindText(2, callId);
  if (!st.step()) return std::nullopt;
  return readCall(st);
}

std::int64_t SqliteStore::countCalls(const std::string& userId) {
  auto db = readers_->acquire();
  auto st = db->prepare("SELECT COUNT(*) FROM calls WHERE user_id = ?1");
  st.bindText(1, userId);
  st.step();
  return st.columnInt(0);
}

std::vector<AssistantStats> SqliteStore::assistantBreakdown(const std::string& userId, std::int64_t fromMs,
                                                            std::int64_t toMs) {
  auto db = readers_->acquire();
  auto st = db->prepare(
      "SELECT assistant_id, COUNT(*), SUM(successful), SUM(duration), SUM(cost) FROM calls"
      " WHERE user_id = ?1 AND timestamp_ms >= ?2 AND timestamp_ms < ?3 AND status = ?4"
      " GROUP BY assistant_id ORDER BY COUNT(*) DESC, assistant_id");
  st.bindText(1, userId).bindInt(2, fromMs).bindInt(3, toMs).bindInt(
      4, static_cast<int>(domain::CallStatus::Ended));
  std::vector<AssistantStats> out;
  while (st.step())
    out.push_back({st.columnText(0), st.columnInt(1), st.columnInt(2), st.columnReal(3), st.columnReal(4)});
  return out;
}

// --- analytics ---

std::vector<domain::AnalyticsDay> SqliteStore::analytics(const std::string& userId, const std::string& from,
                                                         const std::string& to) {
  auto db = readers_->acquire();
  return readAnalytics(*db, userId, from, to);
}

void SqliteStore::rebuildAnalytics(const std::string& userId) {
  writer_->run([&](Connection& db) { rebuildAnalyticsRows(db, userId); });
}

// --- sync state ---

std::vector<SyncState> SqliteStore::syncStates(const std::string& userId) {
  auto db = readers_->acquire();
  auto st = db->prepare(
      "SELECT sync_type, last_sync_ms, status, error, synced_count, cursor FROM sync_state"
      " WHERE user_id = ?1 ORDER BY sync_type");
  st.bindText(1, userId);
  std::vector<SyncState> states;
  while (st.step()) {
    SyncState s;
    s.syncType = st.columnText(0);
    s.lastSyncTimestampMs = st.columnInt(1);
    s.syncStatus = st.columnText(2);
    s.errorMessage = st.columnText(3);
    s.syncedCount = st.columnInt(4);
    s.cursor = st.columnText(5);
    states.push_back(std::move(s));
  }
  return states;
}

void SqliteStore::saveSyncState(const std::string& userId, const SyncState& state) {
  writer_->run([&](Connection& db) {
    db.prepare(
          "INSERT INTO sync_state (user_id, sync_type, last_sync_ms, status, error, synced_count, cursor)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(user_id, sync_type) DO UPDATE SET"
          " last_sync_ms = excluded.last_sync_ms, status = excluded.status, error = excluded.error,"
          " synced_count = excluded.synced_count, cursor = excluded.cursor")
        .bindText(1, userId)
        .bindText(2, state.syncType)
        .bindInt(3, state.lastSyncTimestampMs)
        .bindText(4, state.syncStatus)
        .bindText(5, state.errorMessage)
        .bindInt(6, state.syncedCount)
        .bindText(7, state.cursor)
        .run();
  });
}

// --- many instances ---

std::unique_ptr<ServingLock> SqliteStore::holdServing() {
  auto lock = core::lockFile(servingLockPath_, core::FileLockMode::Shared);
  if (!lock)
    throw std::runtime_error("a `keys rotate` is running on this database: start the server after it");
  return lock;
}

std::unique_ptr<ServingLock> SqliteStore::tryExcludeServers() {
  return core::lockFile(servingLockPath_, core::FileLockMode::Exclusive);
}

std::unique_ptr<SyncLease> SqliteStore::tryLockSync(const std::string& userId) {
  return sqlite::tryLockSync(*writer_, userId, syncLeaseTtlMs_);
}

// --- lifecycle ---

bool SqliteStore::healthy() {
  if (!writer_->running()) return false;
  try {
    auto db = readers_->acquire();
    auto st = db->prepare("SELECT 1");
    return st.step() && st.columnInt(0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

void SqliteStore::close() {
  writer_->close();
  checkpointer_->stop();
}

std::uint64_t SqliteStore::commitCount() const { return writer_->commitCount(); }

}  // namespace vm::store::sqlite
