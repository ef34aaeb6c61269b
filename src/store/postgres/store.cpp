#include "store/postgres/store.hpp"

#include "domain/time.hpp"
#include "store/core/call_page.hpp"
#include "store/errors.hpp"
#include "store/postgres/analytics_rows.hpp"
#include "store/postgres/call_row.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/pipeline.hpp"
#include "store/postgres/search.hpp"
#include "store/postgres/search_index.hpp"
#include "store/postgres/sync_lease.hpp"
#include "store/postgres/user_rows.hpp"

namespace vm::store::postgres {
namespace {

void insertApiToken(Connection& db, const std::string& userId, const std::string& tokenHash,
                    const std::string& name) {
  db.query(
      "INSERT INTO api_tokens (token_hash, user_id, name, created_at_ms, id) VALUES ($1, $2, $3, $4, $5)",
      {param(tokenHash), param(userId), param(name), param(domain::nowMs()),
       param(apiTokenIdFor(tokenHash))});
}

// The filters of a listCalls statement: only fixed fragments are appended, every value is a parameter.
std::string listSql(const CallQuery& q, bool hasSearch, Params& params, const std::string& userId,
                    const std::string& tsquery) {
  std::string sql = "SELECT " VM_CALL_COLUMNS " FROM calls WHERE user_id = $1";
  params.push_back(param(userId));
  auto next = [&params](Param value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  if (q.fromMs) sql += " AND timestamp_ms >= " + next(param(*q.fromMs));
  if (q.toMs) sql += " AND timestamp_ms < " + next(param(*q.toMs));
  if (!q.assistantId.empty()) sql += " AND assistant_id = " + next(param(q.assistantId));
  if (!q.outcome.empty()) sql += " AND outcome = " + next(param(q.outcome));
  if (hasSearch) {
    // Indexed calls through the GIN index; pending ones (search NULL) that the search's own catch-up could
    // not take, because another transaction held them, from their text: every stored call is searchable.
    // The same value twice, as two parameters, whichever order they are numbered in.
    sql += " AND (search @@ to_tsquery('simple', " + next(param(tsquery)) +
           ") OR (search IS NULL AND " VM_PG_SEARCH_VECTOR " @@ to_tsquery('simple', " +
           next(param(tsquery)) + ")))";
  }
  return sql;
}

}  // namespace

Result PgStore::searchWithCatchUp(Connection& db, const std::string& userId, const std::string& sql,
                                  const Params& params) {
  // One round trip, one implicit transaction: the user's pending calls are indexed first (so the search
  // uses the GIN index for them, and later pages and searches find them indexed), then read.
  Pipeline pipe(db);
  pipe.send(kIndexPendingCallsOfUser, {param(userId)});
  pipe.send(sql, params);
  std::vector<Result> results = pipe.sync();
  searchIndexed_.fetch_add(static_cast<std::uint64_t>(results[0].integer(0, 0)), std::memory_order_relaxed);
  return std::move(results[1]);
}

std::uint64_t PgStore::searchIndexedCount() const {
  return writer_->searchIndexedCount() + searchIndexed_.load(std::memory_order_relaxed);
}

PgStore::PgStore(const std::string& url, const StoreOptions& options) : url_(url) {
  auto writeConnection = std::make_unique<Connection>(url_);
  migrate(*writeConnection);
  // Durability is the server's: a webhook is answered only after its COMMIT is flushed.
  writeConnection->exec("SET synchronous_commit = on");
  // The writer's statements run for the life of the process, from a first batch on an empty table: a
  // generic plan made then (after five executions) joined the batch's keys to a sequential scan of calls,
  // so every batch got slower as the table grew, until an ANALYZE happened to replan it. Planning each
  // execution with its values and the table's current size costs a fraction of a millisecond per batch.
  writeConnection->exec("SET plan_cache_mode = force_custom_plan");
  pool_ = std::make_unique<Pool>(url_, options.readConnections + 2);
  writer_ = std::make_unique<Writer>(std::move(writeConnection), options.rules);
}

PgStore::~PgStore() { close(); }

// --- users ---

domain::User PgStore::createUser(const NewUser& user) {
  domain::User created{user.id,        user.email, user.vapiOrgId, user.hookId, user.webhookSecretHash,
                       domain::nowMs()};
  try {
    transaction(*pool_, [&](Connection& db) {
      insertUser(db, created);
      if (!user.apiTokenHash.empty()) insertApiToken(db, created.id, user.apiTokenHash, "default");
    });
  } catch (const PgError& e) {
    if (e.isUniqueViolation()) throwConflict(e);
    throw;
  }
  return created;
}

void PgStore::addApiToken(const std::string& userId, const std::string& tokenHash, const std::string& name) {
  try {
    auto db = pool_->acquire();
    insertApiToken(*db, userId, tokenHash, name);
  } catch (const PgError& e) {
    if (e.isUniqueViolation()) throwConflict(e);
    if (e.isForeignKeyViolation()) throw NotFoundError("no such user");
    throw;
  }
}

std::optional<domain::User> PgStore::userById(const std::string& userId) {
  auto db = pool_->acquire();
  return oneUser(*db, "SELECT " VM_JOINED_USER_COLUMNS " FROM users u WHERE u.id = $1", {param(userId)});
}

std::optional<domain::User> PgStore::userByHookId(const std::string& hookId) {
  auto db = pool_->acquire();
  return oneUser(*db, "SELECT " VM_JOINED_USER_COLUMNS " FROM users u WHERE u.hook_id = $1", {param(hookId)});
}

std::optional<domain::User> PgStore::userByOrgId(const std::string& orgId) {
  if (orgId.empty()) return std::nullopt;  // "" means "no organization", never a match
  auto db = pool_->acquire();
  return oneUser(
      *db, "SELECT " VM_JOINED_USER_COLUMNS " FROM users u WHERE u.vapi_org_id = $1 AND u.vapi_org_id <> ''",
      {param(orgId)});
}

std::optional<ApiTokenOwner> PgStore::apiTokenOwner(const std::string& tokenHash) {
  if (tokenHash.empty()) return std::nullopt;
  auto db = pool_->acquire();
  Result res = db->query("SELECT " VM_JOINED_USER_COLUMNS
                         ", t.last_used_ms"
                         " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                         " WHERE t.token_hash = $1",
                         {param(tokenHash)});
  if (res.rows() == 0) return std::nullopt;
  return ApiTokenOwner{readUser(res, 0), res.integer(0, kUserColumnCount)};
}

std::vector<domain::User> PgStore::listUsers() {
  auto db = pool_->acquire();
  Result res = db->query("SELECT " VM_USER_COLUMNS " FROM users ORDER BY created_at_ms, id COLLATE \"C\"");
  std::vector<domain::User> users;
  for (int row = 0; row < res.rows(); ++row) users.push_back(readUser(res, row));
  return users;
}

// --- calls ---

void PgStore::applyAsync(const std::string& userId, domain::CallEvent event, ApplyCallback done) {
  writer_->apply(userId, std::move(event), std::move(done));
}

CallPage PgStore::listCalls(const std::string& userId, const CallQuery& query) {
  std::string tsquery;
  if (!query.search.empty()) {
    tsquery = tsQuery(query.search);
    if (tsquery.empty()) return {};  // only punctuation: nothing can match it
  }
  PageBuilder page(query.limit);

  // Order and cursor comparison use byte order on call_id (COLLATE "C"), as SQLite does, so a cursor
  // means the same position in both stores.
  Params params;
  std::string sql = listSql(query, !tsquery.empty(), params, userId, tsquery);
  if (const std::optional<PageCursor>& cursor = query.cursor) {
    params.push_back(param(cursor->timestampMs));
    params.push_back(param(cursor->callId));
    sql += " AND (timestamp_ms, call_id COLLATE \"C\") < ($" + std::to_string(params.size() - 1) + ", $" +
           std::to_string(params.size()) + ")";
  }
  params.push_back(param(std::int64_t{page.fetchLimit()}));
  sql += " ORDER BY timestamp_ms DESC, call_id COLLATE \"C\" DESC LIMIT $" + std::to_string(params.size());

  auto db = pool_->acquire();
  Result res = tsquery.empty() ? db->query(sql, params) : searchWithCatchUp(*db, userId, sql, params);
  for (int row = 0; row < res.rows() && page.acceptsRow(); ++row) {
    page.add(readCall(res, row), res.integer(row, kTimestampMsColumn));
  }
  return page.take();
}

std::optional<domain::CallRecord> PgStore::getCall(const std::string& userId, const std::string& callId) {
  auto db = pool_->acquire();
  Result res = db->query("SELECT " VM_CALL_COLUMNS " FROM calls WHERE user_id = $1 AND call_id = $2",
                         {param(userId), param(callId)});
  if (res.rows() == 0) return std::nullopt;
  return readCall(res, 0);
}

std::int64_t PgStore::countCalls(const std::string& userId) {
  auto db = pool_->acquire();
  return db->query("SELECT COUNT(*) FROM calls WHERE user_id = $1", {param(userId)}).integer(0, 0);
}

std::vector<AssistantStats> PgStore::assistantBreakdown(const std::string& userId, std::int64_t fromMs,
                                                        std::int64_t toMs) {
  auto db = pool_->acquire();
  Result res = db->query(
      "SELECT assistant_id, COUNT(*), COALESCE(SUM(successful), 0), COALESCE(SUM(duration), 0),"
      " COALESCE(SUM(cost), 0) FROM calls"
      " WHERE user_id = $1 AND timestamp_ms >= $2 AND timestamp_ms < $3 AND status = $4"
      " GROUP BY assistant_id ORDER BY COUNT(*) DESC, assistant_id",
      {param(userId), param(fromMs), param(toMs),
       param(static_cast<std::int64_t>(domain::CallStatus::Ended))});
  std::vector<AssistantStats> out;
  for (int r = 0; r < res.rows(); ++r)
    out.push_back({res.text(r, 0), res.integer(r, 1), res.integer(r, 2), res.real(r, 3), res.real(r, 4)});
  return out;
}

// --- analytics ---

std::vector<domain::AnalyticsDay> PgStore::analytics(const std::string& userId, const std::string& from,
                                                     const std::string& to) {
  auto db = pool_->acquire();
  return readAnalytics(*db, userId, from, to);
}

void PgStore::rebuildAnalytics(const std::string& userId) {
  transaction(*pool_, [&](Connection& db) {
    // Writers (of any instance) update calls before analytics in their transaction: holding SHARE on calls
    // waits for those in flight and keeps new ones out until the rebuilt rows are committed.
    db.exec("LOCK TABLE calls IN SHARE MODE");
    rebuildAnalyticsRows(db, userId);
  });
}

// --- sync state ---

std::vector<SyncState> PgStore::syncStates(const std::string& userId) {
  auto db = pool_->acquire();
  Result res = db->query(
      "SELECT sync_type, last_sync_ms, status, error, synced_count, cursor FROM sync_state"
      " WHERE user_id = $1 ORDER BY sync_type COLLATE \"C\"",
      {param(userId)});
  std::vector<SyncState> states;
  for (int row = 0; row < res.rows(); ++row) {
    SyncState s;
    s.syncType = res.text(row, 0);
    s.lastSyncTimestampMs = res.integer(row, 1);
    s.syncStatus = res.text(row, 2);
    s.errorMessage = res.text(row, 3);
    s.syncedCount = res.integer(row, 4);
    s.cursor = res.text(row, 5);
    states.push_back(std::move(s));
  }
  return states;
}

void PgStore::saveSyncState(const std::string& userId, const SyncState& state) {
  auto db = pool_->acquire();
  db->query(
      "INSERT INTO sync_state (user_id, sync_type, last_sync_ms, status, error, synced_count, cursor)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, sync_type) DO UPDATE SET"
      " last_sync_ms = excluded.last_sync_ms, status = excluded.status, error = excluded.error,"
      " synced_count = excluded.synced_count, cursor = excluded.cursor",
      {param(userId), param(state.syncType), param(state.lastSyncTimestampMs), param(state.syncStatus),
       param(state.errorMessage), param(state.syncedCount), param(state.cursor)});
}

// --- many instances ---

void PgStore::onRemoteCallChange(RemoteCallHandler handler) {
  std::lock_guard lock(listenerMutex_);
  listener_.reset();
  if (!handler) return;
  listener_ = std::make_unique<Listener>(
      url_, [this] { return writer_->backendPid(); }, std::move(handler));
}

std::unique_ptr<SyncLease> PgStore::tryLockSync(const std::string& userId) {
  return postgres::tryLockSync(url_, userId);
}

std::unique_ptr<ServingLock> PgStore::holdServing() {
  auto lock = postgres::lockServing(url_, false);
  if (!lock)
    throw std::runtime_error("a `keys rotate` is running on this database: start the server after it");
  return lock;
}

std::unique_ptr<ServingLock> PgStore::tryExcludeServers() { return postgres::lockServing(url_, true); }

// --- lifecycle ---

bool PgStore::healthy() {
  if (!writer_->running()) return false;
  try {
    auto db = pool_->acquire();
    return db->query("SELECT 1").integer(0, 0) == 1;
  } catch (const std::exception&) {
    return false;
  }
}

void PgStore::close() {
  writer_->close();
  std::lock_guard lock(listenerMutex_);
  listener_.reset();
}

std::uint64_t PgStore::commitCount() const { return writer_->commitCount(); }

}  // namespace vm::store::postgres
