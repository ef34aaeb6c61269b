// The queue between the threads that submit work to a store and the store's single writer thread. The
// writer takes everything waiting as one batch (group commit: one transaction, one durable commit, then
// every caller answered). Shared by the SQLite and PostgreSQL writers, whose idle work differs.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <iterator>
#include <mutex>
#include <vector>

namespace vm::store {

template <typename Job>
class BatchQueue {
 public:
  enum class Taken { Batch, Timeout, Closed };

  explicit BatchQueue(std::size_t maxBatch) : maxBatch_(maxBatch) {}

  // Queues `job` and wakes the writer; false, leaving `job` as it was, once the queue is closed.
  bool push(Job&& job) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return false;
      queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
  }

  // No more pushes; the writer still takes what is queued, then take() says Closed.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    wake_.notify_all();
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

  // Waits up to `timeout` for work; true at once when there is work or the queue is closed, false when the
  // time passed without any (an idle moment: the writer's time for deferred work).
  template <typename Rep, typename Period>
  bool waitFor(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mutex_);
    return wake_.wait_for(lock, timeout, [this] { return !queue_.empty() || closed_; });
  }

  // Moves up to maxBatch waiting jobs, oldest first, into `batch`, waiting as long as it takes.
  Taken take(std::vector<Job>& batch) {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return !queue_.empty() || closed_; });
    return takeLocked(batch);
  }

  // The same, waiting at most `timeout`.
  template <typename Rep, typename Period>
  Taken take(std::vector<Job>& batch, std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mutex_);
    if (!wake_.wait_for(lock, timeout, [this] { return !queue_.empty() || closed_; })) return Taken::Timeout;
    return takeLocked(batch);
  }

 private:
  Taken takeLocked(std::vector<Job>& batch) {
    batch.clear();
    if (queue_.empty()) return Taken::Closed;  // closed, and everything queued was taken
    if (queue_.size() <= maxBatch_) {
      batch.swap(queue_);
    } else {
      auto end = queue_.begin() + static_cast<std::ptrdiff_t>(maxBatch_);
      batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
      queue_.erase(queue_.begin(), end);
    }
    return Taken::Batch;
  }

  const std::size_t maxBatch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Job> queue_;
  bool closed_ = false;
};

}  // namespace vm::store
