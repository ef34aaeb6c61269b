// A fixed pool of threads with a bounded queue, for blocking outbound work (VAPI requests) that must
// not run on the Asio HTTP threads. Each worker keeps its own libcurl handle (see rest_client.hpp), so
// the pool also bounds the number of connections to VAPI.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vm::vapi {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t maxQueued);
  ~WorkerPool();  // runs what is queued, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false when the queue is full or the pool is stopping (the caller answers 503).
  bool submit(std::function<void()> task);
  void stop();

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t maxQueued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace vm::vapi
