// The queue and the thread of a store's single writer, the same on every backend: any thread queues jobs,
// the writer thread takes them in batches (group commit) until the queue is closed and drained. What the
// writer does with a batch and with its idle moments is the backend's.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "store/batch_queue.hpp"

namespace vm::store {

template <typename Job>
class WriterThread {
 public:
  using Taken = typename BatchQueue<Job>::Taken;

  explicit WriterThread(std::size_t maxBatch) : queue_(maxBatch) {}
  ~WriterThread() { close(); }
  WriterThread(const WriterThread&) = delete;
  WriterThread& operator=(const WriterThread&) = delete;

  // Runs `loop` on the writer thread: it takes batches until take() says Closed.
  void start(std::function<void()> loop) { thread_ = std::thread(std::move(loop)); }

  // As BatchQueue: false, leaving `job` with the caller, once closed.
  bool push(Job&& job) { return queue_.push(std::move(job)); }
  template <typename Rep, typename Period>
  bool waitFor(std::chrono::duration<Rep, Period> timeout) {
    return queue_.waitFor(timeout);
  }
  Taken take(std::vector<Job>& batch) { return queue_.take(batch); }
  template <typename Rep, typename Period>
  Taken take(std::vector<Job>& batch, std::chrono::duration<Rep, Period> timeout) {
    return queue_.take(batch, timeout);
  }

  // Takes no more jobs and waits until the thread applied those queued; from the writer thread itself (a
  // callback) it cannot wait, and returns. Idempotent.
  void close() {
    queue_.close();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }
  bool running() const { return !queue_.closed(); }

 private:
  BatchQueue<Job> queue_;
  std::thread thread_;
};

}  // namespace vm::store
