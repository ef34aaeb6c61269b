// The single writer of a SQLite store: one thread owns the write connection and applies queued work with
// group commit (every waiting event in one transaction, one fsync, then every caller is answered).
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/call.hpp"
#include "store/core/writer_thread.hpp"
#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace vm::store::sqlite {

class Writer {
 public:
  // Takes the migrated write connection and starts the writer thread. `checkpointer` (may be null) gets
  // the writer's idle moments to finish its checkpoints in.
  Writer(std::unique_ptr<Connection> db, domain::MergeRules rules, Checkpointer* checkpointer = nullptr);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues one call event; `done` runs on the writer thread after its batch committed (or failed).
  void apply(const std::string& userId, domain::CallEvent event, ApplyCallback done);

  // Runs `work` on the writer thread inside the next transaction and waits until it committed; rethrows
  // what `work` threw (its changes are then rolled back, the rest of the batch is not affected). Must not
  // be called from the writer thread (an apply callback).
  void run(std::function<void(Connection&)> work);

  // Applies what is queued, commits, stops the thread. Idempotent.
  void close() { queue_.close(); }
  bool running() const { return queue_.running(); }
  std::uint64_t commitCount() const { return commits_.load(std::memory_order_relaxed); }
  // Whether some stored call's text may not be in the search index yet (see migrations 4 and 7).
  bool searchIndexBehind() const { return indexedSeq_.load() < pendingSeq_.load(); }
  // Indexes every pending call before returning, so a search sees all stored calls. Not from the writer.
  void catchUpSearchIndex();

 private:
  struct Job {
    // An apply job has a callback; a task job has `task` and `taskDone`.
    std::string userId;
    domain::CallEvent event;
    ApplyCallback done;
    std::function<void(Connection&)> task;
    std::optional<std::promise<void>> taskDone;
    ApplyResult result;
    std::exception_ptr error;
  };

  void push(Job&& job);  // takes the job only when it does not throw
  void loop();
  void runBatch(std::vector<Job>& batch);
  void runJob(Job& job);
  ApplyResult applyEvent(const std::string& userId, const domain::CallEvent& event);
  // Indexes up to `limit` pending calls (oldest rowids first, none above `lastRowId`) inside the current
  // transaction; returns how many.
  std::int64_t indexPending(std::int64_t limit,
                            std::int64_t lastRowId = std::numeric_limits<std::int64_t>::max());
  // Indexes a chunk in a transaction of its own (nobody waits on its commit).
  bool indexChunk(std::int64_t limit);  // false when it failed (logged, rolled back)
  static void finish(Job& job, std::exception_ptr error);

  std::unique_ptr<Connection> db_;
  const domain::MergeRules rules_;
  Checkpointer* const checkpointer_;
  bool syncFull_ = true;  // the store's durability: webhook commits are fsync'd

  // Large enough that a burst of webhooks shares one fsync, small enough that the first caller of a batch
  // is not kept waiting for long.
  static constexpr std::size_t kMaxBatch = 1000;
  WriterThread<Job> queue_{kMaxBatch};

  std::atomic<std::uint64_t> commits_{0};
  // Search index bookkeeping. pendingSeq_ counts calls stored unindexed (writer thread only writes it);
  // indexedSeq_ is the pendingSeq_ value up to which everything is indexed and committed. A search catches
  // the index up while indexedSeq_ < pendingSeq_. backlog_ (writer thread only) estimates the pending rows.
  std::atomic<std::uint64_t> pendingSeq_{0};
  std::atomic<std::uint64_t> indexedSeq_{0};
  std::int64_t backlog_ = 0;
};

}  // namespace vm::store::sqlite
