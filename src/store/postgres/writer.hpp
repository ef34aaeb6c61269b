// The call writer of a PostgreSQL store: one thread, one connection, group commit. It takes every queued
// event, applies them in one transaction, commits once (synchronous_commit stays on), and only then
// answers the callers.
//
// A batch normally costs two round trips (writer_batch.cpp): BEGIN, the locks of all its calls and the
// read of their stored rows in one pipeline; then, merged in memory, one INSERT of its new calls, one
// UPDATE of its stored ones, the analytics and COMMIT in a second; then the notification to other
// instances, whose failure is only logged. When the server
// rejects a statement of that fast path for a reason other than a concurrent writer, the batch runs again
// the slow way, a savepoint per event, so that only the bad event fails.
//
// Exactly once across instances: before reading a call, the transaction takes an advisory lock on a hash
// of (user, call), held until COMMIT, so two instances applying events of the same call serialize and the
// second reads what the first committed. Locks are taken in key order and analytics rows written in key
// order at the end, so concurrent batches on different instances cannot deadlock.
//
// Search vectors are filled after COMMIT (search_index.hpp): the writer indexes pending calls when it has
// been idle for a moment, in small chunks, and after every batch once the backlog is large, so the index
// trails by milliseconds at ordinary rates and by a bounded amount under sustained load.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/call.hpp"
#include "store/core/plan_apply.hpp"
#include "store/core/writer_thread.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/pipeline.hpp"
#include "store/store.hpp"

namespace vm::store::postgres {

class Writer {
 public:
  Writer(std::unique_ptr<Connection> db, domain::MergeRules rules);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues one call event; `done` runs on the writer thread after its batch committed (or failed).
  void apply(const std::string& userId, domain::CallEvent event, ApplyCallback done);
  // Applies what is queued, commits, stops the thread. Idempotent.
  void close() { queue_.close(); }
  bool running() const { return queue_.running(); }
  std::uint64_t commitCount() const { return commits_.load(std::memory_order_relaxed); }
  // The server process of the writer's connection: NOTIFYs it sent come back with this pid.
  int backendPid() const { return backendPid_.load(std::memory_order_relaxed); }
  // Calls this writer has indexed for search (for tests: several instances index each call once).
  std::uint64_t searchIndexedCount() const { return searchIndexed_.load(std::memory_order_relaxed); }

 private:
  struct Job {
    std::string userId;
    domain::CallEvent event;
    ApplyCallback done;
    std::int64_t lockKey = 0;
    ApplyResult result;
    ContributionChange analytics;  // written with the batch's other changes at its end
    std::exception_ptr error;
    // Before each attempt at the batch: a retry starts from the stored state, not the last attempt's.
    void clearOutcome() {
      result = ApplyResult();
      analytics = ContributionChange();
      error = nullptr;
    }
  };

  void loop();
  void runBatch(std::vector<Job>& batch);
  // Runs the batch in one transaction, again after a deadlock or serialization failure; the error that
  // failed it in the end, or null once committed.
  std::exception_ptr attempt(std::vector<Job*>& ordered, bool fast);
  void tryBatchFast(std::vector<Job*>& ordered);  // writer_batch.cpp
  void tryBatchSlow(std::vector<Job*>& ordered);
  void runJob(Job& job);
  void applyEvent(Job& job);
  // Folds the job's event into `current`, the call as this transaction knows it (nullopt: not stored), by
  // planApply: sets the job's result and analytics change, and replaces `current` when the call changed.
  // Throws for an invalid event, leaving `current` as it was.
  void mergeJob(Job& job, std::optional<domain::CallRecord>& current) const;
  // The end of every batch's transaction, in one round trip: analytics and COMMIT.
  static void commitBatch(Pipeline& pipe, const std::vector<Job*>& ordered);
  // Tells the other instances which calls a committed batch changed (NOTIFY vm_calls); a failure is
  // logged, never the batch's.
  void notifyChanged(const std::vector<Job*>& ordered);
  // Indexes up to `limit` pending calls of any instance in their own transaction; false when that failed
  // (logged; the calls stay pending for a later pass or a search).
  bool indexChunk(std::int64_t limit);
  void rollbackQuietly();
  static void finish(Job& job, std::exception_ptr error);

  std::unique_ptr<Connection> db_;
  const domain::MergeRules rules_;

  // Large enough that a burst of webhooks shares one commit, small enough that the first caller of a
  // batch does not wait long.
  static constexpr std::size_t kMaxBatch = 1000;
  // PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; ids are far shorter (128 bytes at most).
  static constexpr std::size_t kMaxNotifyPayloadBytes = 7999;
  WriterThread<Job> queue_{kMaxBatch};

  // Writer thread only: an upper bound on the pending calls this writer knows of (its own writes since the
  // last chunk that found fewer than it asked for; 1, "look", at start and after a long idle time, for calls
  // left by an instance that stopped).
  std::int64_t searchBacklog_ = 1;
  std::atomic<std::uint64_t> searchIndexed_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<int> backendPid_{0};
};

}  // namespace vm::store::postgres
