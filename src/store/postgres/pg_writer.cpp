#include "store/postgres/pg_writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "domain/analytics.hpp"
#include "domain/time.hpp"
#include "store/postgres/pg_call_row.hpp"
#include "store/sqlite/call_row.hpp"

namespace vm::store::postgres {
namespace {

// As in the SQLite writer: a burst shares one commit, the first caller of a batch does not wait long.
constexpr std::size_t kMaxBatch = 1000;
// A deadlock or serialization failure aborts the whole transaction; running it again is safe because
// nobody has been answered yet.
constexpr int kMaxAttempts = 4;

constexpr const char* kSelectCall =
    "SELECT " VM_PG_CALL_COLUMNS " FROM calls WHERE user_id = $1 AND call_id = $2";

constexpr const char* kInsertCall =
    "INSERT INTO calls (" VM_PG_CALL_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
    " $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)";

constexpr const char* kUpdateCall =
    "UPDATE calls SET vapi_call_id = $3, timestamp = $4, timestamp_ms = $5, duration = $6, caller_name = $7,"
    " caller_phone = $8, outcome = $9, satisfaction = $10, transcript = $11, cost = $12, assistant_id = $13,"
    " summary = $14, status = $15, started_at = $16, ended_at = $17, created_at = $18, ended_reason = $19,"
    " cost_breakdown_json = $20, recording_url = $21, success_evaluation = $22, structured_data_json = $23,"
    " phone_number_id = $24, type = $25, org_id = $26, raw_report_json = $27, successful = $28, intent = $29,"
    " source_rank = $30, updated_at_ms = $31 WHERE user_id = $1 AND call_id = $2";

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

}  // namespace

Writer::Writer(std::unique_ptr<Connection> db, domain::MergeRules rules)
    : db_(std::move(db)), rules_(std::move(rules)) {
  backendPid_ = db_->backendPid();
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() { close(); }

void Writer::apply(const std::string& userId, domain::CallEvent event, ApplyCallback done) {
  {
    std::unique_lock lock(mutex_);
    if (!stopping_) {
      Job job;
      job.userId = userId;
      job.event = std::move(event);
      job.done = std::move(done);
      queue_.push_back(std::move(job));
      lock.unlock();
      wake_.notify_one();
      return;
    }
  }
  if (done) done(std::make_exception_ptr(std::runtime_error("the store is closed")), nullptr);
}

void Writer::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool Writer::running() const {
  std::lock_guard lock(mutex_);
  return !stopping_;
}

void Writer::loop() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything queued was applied
      if (queue_.size() <= kMaxBatch) {
        batch.swap(queue_);
      } else {
        auto end = queue_.begin() + kMaxBatch;
        batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
        queue_.erase(queue_.begin(), end);
      }
    }
    runBatch(batch);
    batch.clear();
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

  std::exception_ptr batchError;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    batchError = nullptr;
    try {
      if (!db_->ok()) {
        // The server restarted or the network dropped: one reconnect per batch, the batch fails if not.
        db_->reset();
        if (!db_->ok()) throw std::runtime_error("postgres: the writer connection is lost");
        backendPid_ = db_->backendPid();
      }
      tryBatch(ordered);
      commits_.fetch_add(1, std::memory_order_relaxed);
      break;
    } catch (...) {
      batchError = std::current_exception();
      rollbackQuietly();
      if (!isRetryable(batchError)) break;
      spdlog::warn("store: a batch of {} events met a concurrent writer, retrying ({})", batch.size(),
                   attempt);
    }
  }
  // Only now, after COMMIT returned (or the batch failed), may anyone be told what happened.
  for (Job& job : batch) finish(job, batchError ? batchError : job.error);
}

void Writer::tryBatch(std::vector<Job*>& ordered) {
  db_->exec("BEGIN");
  AnalyticsDelta analytics;
  std::vector<std::string> changed;  // notification payloads: "<userId>\n<callId>"
  for (Job* job : ordered) {
    job->error = nullptr;
    job->delta = AnalyticsDelta();
    runJob(*job);
    if (job->error) {
      if (isRetryable(job->error)) std::rethrow_exception(job->error);  // the whole batch runs again
      continue;
    }
    analytics.merge(job->delta);
    if (job->result.changed) changed.push_back(job->userId + "\n" + job->result.call.callId);
  }
  analytics.write(*db_);
  if (!changed.empty()) {
    // Delivered to listeners on every instance at COMMIT, never for a rolled-back batch.
    db_->query("SELECT pg_notify('vm_calls', payload) FROM unnest($1::text[]) AS payload",
               {textArray(changed)});
  }
  db_->exec("COMMIT");  // synchronous_commit on: durable when this returns
}

void Writer::runJob(Job& job) {
  // A savepoint per event: one bad event is rolled back alone, the rest of the batch still commits.
  db_->exec("SAVEPOINT job");
  try {
    job.result = applyEvent(job);
    db_->exec("RELEASE job");
  } catch (...) {
    job.error = std::current_exception();
    job.delta = AnalyticsDelta();
    db_->exec("ROLLBACK TO job");  // throws (failing the batch) only when the connection itself broke
    db_->exec("RELEASE job");
  }
}

ApplyResult Writer::applyEvent(Job& job) {
  const std::string& userId = job.userId;
  const domain::CallEvent& event = job.event;
  if (userId.empty()) throw std::invalid_argument("call event without a user");
  if (event.vapiCallId.empty()) throw std::invalid_argument("call event without a call id");
  const std::string callId = "vapi_" + event.vapiCallId;

  // Held until COMMIT; in READ COMMITTED the SELECT after it sees what any other instance committed.
  db_->query("SELECT pg_advisory_xact_lock($1::bigint)", {param(job.lockKey)});
  std::optional<domain::CallRecord> existing;
  {
    Result res = db_->query(kSelectCall, {param(userId), param(callId)});
    if (res.rows() > 0) existing = readCall(res, 0);
  }

  domain::CallRecord merged = domain::mergeCall(existing, event, userId, rules_);
  if (merged.callId != callId || merged.userId != userId) {
    throw std::logic_error("mergeCall returned a record for another call");
  }
  if (existing && sqlite::sameStoredFields(*existing, merged)) {
    return ApplyResult{std::move(*existing), false, false};
  }
  merged.updatedAtMs = domain::nowMs();
  db_->query(existing ? kUpdateCall : kInsertCall, callParams(merged));

  // Analytics are a sum of contributions: take the old one out, put the new one in (written at the end of
  // the batch, in the same transaction).
  if (existing) {
    if (auto before = domain::contributionOf(*existing)) job.delta.add(userId, *before, -1);
  }
  if (auto after = domain::contributionOf(merged)) job.delta.add(userId, *after, +1);
  return ApplyResult{std::move(merged), !existing.has_value(), true};
}

void Writer::rollbackQuietly() {
  if (!db_->ok() || !db_->inTransaction()) return;
  try {
    db_->exec("ROLLBACK");
  } catch (const std::exception& e) {
    spdlog::error("store: rollback after a failed batch failed: {}", e.what());
  }
}

void Writer::finish(Job& job, std::exception_ptr error) {
  if (!job.done) return;
  // A throwing callback must not take the writer thread (and every later caller) down with it.
  try {
    job.done(error, error ? nullptr : &job.result);
  } catch (const std::exception& e) {
    spdlog::error("store: an apply callback threw: {}", e.what());
  } catch (...) {
    spdlog::error("store: an apply callback threw");
  }
}

}  // namespace vm::store::postgres
