#include "sync/background_syncs.hpp"

#include <spdlog/spdlog.h>

#include "sync/syncer.hpp"

namespace vm::sync {

BackgroundSyncs::BackgroundSyncs(store::Store& store, UserLocks& locks, SyncOptions options)
    : store_(store), locks_(locks), options_(std::move(options)) {}

BackgroundSyncs::~BackgroundSyncs() { shutdown(); }

void BackgroundSyncs::reapFinished() {
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    if (it->finished->load()) {
      it->thread.join();
      it = jobs_.erase(it);
    } else {
      ++it;
    }
  }
}

StartResult BackgroundSyncs::start(const std::string& userId, const std::string& apiKey) {
  if (stopping_) return StartResult::ShuttingDown;
  // Across processes too (another instance behind the load balancer, or `voicematrix sync`): the lease is
  // taken here, before answering, so the caller hears 409 rather than a 202 for a sync that never runs.
  // Outside mutex_: with PostgreSQL this opens a connection, which must not hold up other users' requests.
  auto userLock = lockUserSync(locks_, store_, userId);
  if (!userLock) return StartResult::AlreadyRunning;
  std::lock_guard lock(mutex_);
  // Checked again under the mutex: shutdown() joins only the jobs listed when it sets the flag.
  if (stopping_) return StartResult::ShuttingDown;
  reapFinished();
  Job job;
  auto finished = job.finished;
  job.thread = std::thread([this, userId, apiKey, finished, l = std::move(*userLock)]() mutable {
    try {
      Syncer syncer(store_, locks_, options_, [this] { return shuttingDown(); });
      syncer.syncUserLocked(std::move(l), userId, apiKey);
    } catch (const std::exception& e) {
      spdlog::error("sync user {}: {}", userId, e.what());
    }
    finished->store(true);
  });
  jobs_.push_back(std::move(job));
  return StartResult::Started;
}

void BackgroundSyncs::shutdown() {
  std::list<Job> jobs;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs.swap(jobs_);
  }
  for (auto& job : jobs)
    if (job.thread.joinable()) job.thread.join();
}

}  // namespace vm::sync
