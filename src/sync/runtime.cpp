#include "sync/runtime.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

#include "sync/syncer.hpp"

namespace vm::sync {
namespace {

struct Job {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> finished = std::make_shared<std::atomic<bool>>(false);
};

struct Runtime {
  std::mutex mutex;
  SyncOptions options;
  std::list<Job> jobs;
  std::atomic<bool> stopping{false};

  // Joins the jobs that are done, so the list stays as long as the number of running syncs.
  void reapFinished() {
    for (auto it = jobs.begin(); it != jobs.end();) {
      if (it->finished->load()) {
        it->thread.join();
        it = jobs.erase(it);
      } else {
        ++it;
      }
    }
  }
};

Runtime& runtime() {
  static Runtime r;
  return r;
}

}  // namespace

void configure(const SyncOptions& options) {
  std::lock_guard lock(runtime().mutex);
  runtime().options = options;
}

SyncOptions configuredOptions() {
  std::lock_guard lock(runtime().mutex);
  return runtime().options;
}

bool shuttingDown() { return runtime().stopping.load(); }

StartResult startInBackground(store::Store& store, const std::string& userId, const std::string& apiKey) {
  auto& r = runtime();
  if (r.stopping) return StartResult::ShuttingDown;
  // Across processes too (another instance behind the load balancer, or `voicematrix sync`): the lease is
  // taken here, before answering, so the caller hears 409 rather than a 202 for a sync that never runs.
  // Outside r.mutex: with PostgreSQL this opens a connection, which must not hold up other users' requests.
  auto userLock = lockUserSync(store, userId);
  if (!userLock) return StartResult::AlreadyRunning;
  std::lock_guard lock(r.mutex);
  // Checked again under the mutex: shutdownBackground() joins only the jobs listed when it sets the flag.
  if (r.stopping) return StartResult::ShuttingDown;
  r.reapFinished();
  Job job;
  auto finished = job.finished;
  SyncOptions options = r.options;
  job.thread = std::thread([&store, options, userId, apiKey, finished, l = std::move(*userLock)]() mutable {
    try {
      Syncer syncer(store, options, [] { return shuttingDown(); });
      syncer.syncUserLocked(std::move(l), userId, apiKey);
    } catch (const std::exception& e) {
      spdlog::error("sync user {}: {}", userId, e.what());
    }
    finished->store(true);
  });
  r.jobs.push_back(std::move(job));
  return StartResult::Started;
}

void shutdownBackground() {
  auto& r = runtime();
  std::list<Job> jobs;
  {
    std::lock_guard lock(r.mutex);
    r.stopping = true;
    jobs.swap(r.jobs);
  }
  for (auto& job : jobs)
    if (job.thread.joinable()) job.thread.join();
}

}  // namespace vm::sync
