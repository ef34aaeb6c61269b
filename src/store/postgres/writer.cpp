#include "store/postgres/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "domain/time.hpp"
#include "store/core/analytics_delta.hpp"
#include "store/postgres/analytics_rows.hpp"
#include "store/postgres/call_row.hpp"
#include "store/postgres/search_index.hpp"

namespace vm::store::postgres {
namespace {

// A deadlock or serialization failure aborts the whole transaction; running it again is safe because
// nobody has been answered yet.
constexpr int kMaxAttempts = 4;

// Search indexing (search_index.hpp), about 0.4 ms of the server's time per call. Idle chunks are small
// so that a webhook arriving meanwhile waits little (and another instance's writer updating one of these
// rows waits for this commit). Only sustained load keeps the writer from idling; beyond kMaxSearchBacklog
// it indexes at least as many calls after each batch as the batch wrote, so the backlog stops growing
// there: a one-user deployment's first search after such a burst indexes up to that many calls (~20 s).
constexpr std::int64_t kMaxSearchBacklog = 50000;
constexpr std::int64_t kIdleIndexChunk = 32;
constexpr std::int64_t kInlineIndexChunk = 48;
constexpr std::chrono::milliseconds kIdle{2};
// An idle writer looks this often for pending calls that no live instance knows of.
constexpr std::chrono::seconds kPendingProbe{10};

constexpr const char* kSelectCall =
    "SELECT " VM_CALL_COLUMNS " FROM calls WHERE user_id = $1 AND call_id = $2";

// Every instance must compute the same key for the same call: FNV-1a, not std::hash.
std::int64_t callLockKey(const std::string& userId, const std::string& vapiCallId) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](unsigned char byte) {
    h ^= byte;
    h *= 1099511628211ull;
  };
  for (char ch : userId) mix(static_cast<unsigned char>(ch));
  mix(0);
  for (char ch : vapiCallId) mix(static_cast<unsigned char>(ch));
  return static_cast<std::int64_t>(h);
}

bool isRetryable(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const PgError& e) {
    return e.isRetryable();
  } catch (...) {
    return false;
  }
}

// The server refused a statement (a constraint, a value it cannot store): one event may be the cause, so
// the batch is worth running again one event at a time. Not a lost connection (SQLSTATE class 08, or none
// at all when libpq itself failed), where that would only fail again.
bool isStatementError(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const PgError& e) {
    return !e.isRetryable() && !e.sqlState.empty() && e.sqlState.rfind("08", 0) != 0;
  } catch (...) {
    return false;
  }
}

}  // namespace

Writer::Writer(std::unique_ptr<Connection> db, domain::MergeRules rules)
    : db_(std::move(db)), rules_(std::move(rules)) {
  backendPid_ = db_->backendPid();
  queue_.start([this] { loop(); });
}

Writer::~Writer() { close(); }

void Writer::apply(const std::string& userId, domain::CallEvent event, ApplyCallback done) {
  Job job;
  job.userId = userId;
  job.event = std::move(event);
  job.done = std::move(done);
  if (queue_.push(std::move(job))) return;
  // Not taken (closed): the callback is still ours to answer.
  if (job.done) job.done(std::make_exception_ptr(std::runtime_error("the store is closed")), nullptr);
}

void Writer::loop() {
  std::vector<Job> batch;
  for (;;) {
    // Idle: index pending calls (nobody waits on these commits). Under load the queue is empty for
    // moments between batches; only a pause (kIdle without work) counts, or the next webhooks would wait
    // behind an indexing chunk.
    while (searchBacklog_ > 0 && !queue_.waitFor(kIdle)) {
      if (!indexChunk(kIdleIndexChunk)) break;
    }
    auto taken = queue_.take(batch, kPendingProbe);
    if (taken == BatchQueue<Job>::Taken::Closed) return;  // everything queued was applied
    if (taken == BatchQueue<Job>::Taken::Timeout) {
      searchBacklog_ = std::max<std::int64_t>(searchBacklog_, 1);
      continue;
    }
    const auto written = static_cast<std::int64_t>(batch.size());
    runBatch(batch);
    batch.clear();
    if (searchBacklog_ > kMaxSearchBacklog) indexChunk(std::max(kInlineIndexChunk, written));
  }
}

bool Writer::indexChunk(std::int64_t limit) {
  try {
    if (!db_->ok()) return false;  // the next batch reconnects
    const std::int64_t indexed = indexPendingCalls(*db_, limit);
    searchIndexed_.fetch_add(static_cast<std::uint64_t>(indexed), std::memory_order_relaxed);
    // Fewer than asked: nothing this writer wrote before the chunk is pending any more.
    searchBacklog_ = indexed < limit ? 0 : std::max<std::int64_t>(1, searchBacklog_ - indexed);
    return true;
  } catch (const std::exception& e) {
    spdlog::error("store: indexing calls for search failed: {}", e.what());
    rollbackQuietly();
    return false;
  }
}

void Writer::runBatch(std::vector<Job>& batch) {
  std::vector<Job*> ordered;
  ordered.reserve(batch.size());
  for (Job& job : batch) {
    job.lockKey = callLockKey(job.userId, job.event.vapiCallId);
    ordered.push_back(&job);
  }
  // Stable: events of one call keep their arrival order.
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Job* a, const Job* b) { return a->lockKey < b->lockKey; });

  std::exception_ptr batchError = attempt(ordered, true);
  if (batchError && isStatementError(batchError)) {
    // Nothing was committed and nobody answered: find the bad event the slow way, the others still commit.
    spdlog::info("store: a batch of {} events failed as a whole, applying it event by event", batch.size());
    batchError = attempt(ordered, false);
  }
  if (!batchError) notifyChanged(ordered);
  // Only now, after COMMIT returned (or the batch failed), may anyone be told what happened.
  for (Job& job : batch) finish(job, batchError ? batchError : job.error);
}

std::exception_ptr Writer::attempt(std::vector<Job*>& ordered, bool fast) {
  std::exception_ptr error;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    error = nullptr;
    try {
      if (!db_->ok()) {
        // The server restarted or the network dropped: one reconnect per attempt, the batch fails if not.
        db_->reset();
        if (!db_->ok()) throw std::runtime_error("postgres: the writer connection is lost");
        backendPid_ = db_->backendPid();
      }
      fast ? tryBatchFast(ordered) : tryBatchSlow(ordered);
      commits_.fetch_add(1, std::memory_order_relaxed);
      return nullptr;
    } catch (...) {
      error = std::current_exception();
      rollbackQuietly();
      if (!isRetryable(error)) return error;
      spdlog::warn("store: a batch of {} events met a concurrent writer, retrying ({})", ordered.size(),
                   attempt);
    }
  }
  return error;
}

void Writer::tryBatchSlow(std::vector<Job*>& ordered) {
  db_->exec("BEGIN");
  for (Job* job : ordered) {
    runJob(*job);
    if (job->error && isRetryable(job->error)) std::rethrow_exception(job->error);  // the whole batch again
  }
  Pipeline pipe(*db_);
  commitBatch(pipe, ordered);
}

void Writer::commitBatch(Pipeline& pipe, const std::vector<Job*>& ordered) {
  AnalyticsDelta analytics;
  for (const Job* job : ordered) {
    if (job->error || !job->result.changed) continue;
    analytics.add(job->userId, job->analytics);
  }
  writeAnalytics(analytics, [&pipe](const char* sql, const Params& params) { pipe.send(sql, params); });
  pipe.send("COMMIT");  // synchronous_commit on: durable when its result arrives
  pipe.sync();
}

void Writer::notifyChanged(const std::vector<Job*>& ordered) {
  std::vector<std::string> changed;  // notification payloads: "<userId>\n<callId>"
  for (const Job* job : ordered) {
    if (job->error || !job->result.changed) continue;
    std::string payload = job->userId + "\n" + job->result.call.callId;
    if (payload.size() > kMaxNotifyPayloadBytes) {
      spdlog::warn("store: call {} of user {} is not announced to other instances: its id is too long",
                   job->result.call.callId.substr(0, 64), job->userId);
      continue;
    }
    changed.push_back(std::move(payload));
  }
  if (changed.empty()) return;
  // After COMMIT, in a statement of its own: the calls are stored whatever happens to the notification,
  // and the callers are answered by what COMMIT said. Other instances' dashboards then miss a live
  // event at worst, which a reload repairs.
  try {
    db_->query("SELECT pg_notify('vm_calls', payload) FROM unnest($1::text[]) AS payload",
               {textArray(changed)});
  } catch (const std::exception& e) {
    spdlog::error("store: announcing {} stored calls to other instances failed: {}", changed.size(),
                  e.what());
  }
}

void Writer::runJob(Job& job) {
  job.clearOutcome();
  // A savepoint per event: one bad event is rolled back alone, the rest of the batch still commits.
  db_->exec("SAVEPOINT job");
  try {
    applyEvent(job);
    db_->exec("RELEASE job");
  } catch (...) {
    job.error = std::current_exception();
    db_->exec("ROLLBACK TO job");  // throws (failing the batch) only when the connection itself broke
    db_->exec("RELEASE job");
  }
}

void Writer::applyEvent(Job& job) {
  // Held until COMMIT; in READ COMMITTED the SELECT after it sees what any other instance committed.
  db_->query("SELECT pg_advisory_xact_lock($1::bigint)", {param(job.lockKey)});
  std::optional<domain::CallRecord> call;
  {
    Result res = db_->query(kSelectCall, {param(job.userId), param(storedCallId(job.event.vapiCallId))});
    if (res.rows() > 0) call = readCall(res, 0);
  }
  const bool stored = call.has_value();
  mergeJob(job, call);
  if (job.result.changed) {
    db_->query(stored ? kUpdateCall : kInsertCall, callParams(*call));
    ++searchBacklog_;  // an upper bound: an update whose text is unchanged leaves the vector as it was
  }
}

void Writer::mergeJob(Job& job, std::optional<domain::CallRecord>& current) const {
  ApplyPlan plan = planApply(current, job.userId, job.event, rules_, domain::nowMs());
  if (!plan.changed) {
    job.result = ApplyResult{*current, false, false};
    return;
  }
  // Analytics are written at the end of the batch, in the same transaction.
  job.analytics = std::move(plan.analytics);
  job.result = ApplyResult{plan.merged, plan.created, true};
  current = std::move(plan.merged);
}

void Writer::rollbackQuietly() {
  if (!db_->ok() || !db_->inTransaction()) return;
  try {
    db_->exec("ROLLBACK");
  } catch (const std::exception& e) {
    spdlog::error("store: rollback after a failed batch failed: {}", e.what());
  }
}

void Writer::finish(Job& job, std::exception_ptr error) { answerApply(job.done, error, job.result); }

}  // namespace vm::store::postgres
