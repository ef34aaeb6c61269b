#include "sync/scheduler.hpp"

#include <spdlog/spdlog.h>

#include "sync/syncer.hpp"

namespace vm::sync {

Scheduler::Scheduler(store::Store& store, UserLocks& locks, KeyLookup keyFor, SyncOptions options,
                     std::chrono::seconds interval)
    : store_(store),
      locks_(locks),
      keyFor_(std::move(keyFor)),
      options_(std::move(options)),
      interval_(interval) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  spdlog::info("sync scheduler: every {}s", interval_.count());
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::run() {
  // serve stops the scheduler before the background syncs, so stopping_ covers the shutdown too.
  Syncer syncer(store_, locks_, options_, [this] {
    std::lock_guard lock(mutex_);
    return stopping_;
  });
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    try {
      // 90 %: this instance's own previous run is never "fresh" by the time it comes round again.
      syncer.syncAll(keyFor_, std::chrono::duration_cast<std::chrono::milliseconds>(interval_) * 9 / 10);
    } catch (const std::exception& e) {
      spdlog::error("sync scheduler: {}", e.what());
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace vm::sync
