// The call writer of a PostgreSQL store: one thread, one connection, group commit. It takes every queued
// event, applies them in one transaction (a savepoint each), commits once (synchronous_commit stays on),
// and only then answers the callers.
//
// Exactly once across instances: before reading a call, the transaction takes an advisory lock on a hash
// of (user, call), held until COMMIT, so two instances applying events of the same call serialize and the
// second reads what the first committed. Events are locked in hash order and analytics rows written in key
// order at the end, so concurrent batches on different instances cannot deadlock.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/call.hpp"
#include "store/postgres/pg_analytics.hpp"
#include "store/postgres/pg_connection.hpp"
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
  void close();
  bool running() const;
  std::uint64_t commitCount() const { return commits_.load(std::memory_order_relaxed); }
  // The server process of the writer's connection: NOTIFYs it sent come back with this pid.
  int backendPid() const { return backendPid_.load(std::memory_order_relaxed); }

 private:
  struct Job {
    std::string userId;
    domain::CallEvent event;
    ApplyCallback done;
    std::int64_t lockKey = 0;
    ApplyResult result;
    AnalyticsDelta delta;
    std::exception_ptr error;
  };

  void loop();
  void runBatch(std::vector<Job>& batch);
  void tryBatch(std::vector<Job*>& ordered);
  void runJob(Job& job);
  ApplyResult applyEvent(Job& job);
  void rollbackQuietly();
  static void finish(Job& job, std::exception_ptr error);

  std::unique_ptr<Connection> db_;
  const domain::MergeRules rules_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Job> queue_;
  bool stopping_ = false;

  std::atomic<std::uint64_t> commits_{0};
  std::atomic<int> backendPid_{0};
  std::thread thread_;
};

}  // namespace vm::store::postgres
