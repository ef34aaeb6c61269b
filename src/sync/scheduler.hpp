// Runs a sync of every user with a VAPI key every `interval`: once right after start (catching up on
// webhooks missed while the server was down), then periodically. stop() returns promptly: the wait is a
// condition variable and a running walk stops after its current page.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/store.hpp"
#include "sync/sync_options.hpp"
#include "sync/user_locks.hpp"

namespace vm::sync {

class Scheduler {
 public:
  Scheduler(store::Store& store, UserLocks& locks, KeyLookup keyFor, SyncOptions options,
            std::chrono::seconds interval);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void start();  // no-op when interval is 0 (disabled)
  void stop();

 private:
  void run();
  store::Store& store_;
  UserLocks& locks_;
  KeyLookup keyFor_;
  SyncOptions options_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vm::sync
