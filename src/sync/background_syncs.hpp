// The syncs POST /api/sync starts inside `voicematrix serve`: each runs on its own thread with the
// options serve was started with (so it walks like the scheduler does), and every walk polls the shutdown
// flag between pages. `serve` makes one and passes it to the API.
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.hpp"
#include "sync/sync_options.hpp"
#include "sync/user_locks.hpp"

namespace vm::sync {

enum class StartResult { Started, AlreadyRunning, ShuttingDown };

class BackgroundSyncs {
 public:
  // `store` and `locks` must outlive shutdown().
  BackgroundSyncs(store::Store& store, UserLocks& locks, SyncOptions options);
  ~BackgroundSyncs();  // shuts down if shutdown() was not called
  BackgroundSyncs(const BackgroundSyncs&) = delete;
  BackgroundSyncs& operator=(const BackgroundSyncs&) = delete;

  // Takes the user's sync lock now (so the caller can answer 409 at once) and runs the sync on its own
  // thread.
  StartResult start(const std::string& userId, const std::string& apiKey);
  bool shuttingDown() const { return stopping_.load(); }
  // Refuses new syncs, makes running walks stop after their current page, and joins them. Call before
  // closing the store.
  void shutdown();

 private:
  struct Job {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished = std::make_shared<std::atomic<bool>>(false);
  };
  // Joins the jobs that are done, so the list stays as long as the number of running syncs.
  void reapFinished();

  store::Store& store_;
  UserLocks& locks_;
  const SyncOptions options_;
  std::mutex mutex_;
  std::list<Job> jobs_;
  std::atomic<bool> stopping_{false};
};

}  // namespace vm::sync
