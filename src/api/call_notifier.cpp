#include "api/call_notifier.hpp"

#include <spdlog/spdlog.h>

#include "api/call_json.hpp"

namespace vm::api {

CallNotifier::CallNotifier(Publish publish, std::size_t maxPending)
    : publish_(std::move(publish)), maxPending_(maxPending), worker_([this] { run(); }) {}

CallNotifier::~CallNotifier() { stop(); }

void CallNotifier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  idle_.notify_all();
  std::lock_guard join(joinMutex_);
  if (worker_.joinable()) worker_.join();
}

void CallNotifier::callChanged(const std::string& userId, const domain::CallRecord& call) {
  enqueue({userId, liveEventCall(call)});
}

void CallNotifier::callChangedElsewhere(std::string userId, std::string callId) {
  enqueue({std::move(userId), std::move(callId)});
}

void CallNotifier::loadCallsWith(LoadCall load) {
  std::lock_guard lock(mutex_);
  load_ = std::move(load);
}

void CallNotifier::enqueue(Pending pending) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (queue_.size() >= maxPending_) {
      // Log the first drop and then every 1000th, not each one: a burst must not flood the log.
      auto n = dropped_.fetch_add(1) + 1;
      if (n == 1 || n % 1000 == 0)
        spdlog::warn("live events: notifier queue full ({} pending), {} call changes dropped so far",
                     maxPending_, n);
      return;
    }
    queue_.push_back(std::move(pending));
  }
  wake_.notify_one();
}

void CallNotifier::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    auto pending = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    try {
      deliver(pending);
    } catch (const std::exception& e) {
      spdlog::warn("live event for a call not sent: {}", e.what());
    } catch (...) {
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

void CallNotifier::deliver(Pending& pending) {
  if (auto* call = std::get_if<domain::CallRecord>(&pending.call)) {
    publish_(pending.userId, liveEventJson(*call));
    return;
  }
  LoadCall load;
  {
    std::lock_guard lock(mutex_);
    load = load_;
  }
  if (!load) return;
  if (auto call = load(pending.userId, std::get<std::string>(pending.call)))
    publish_(pending.userId, liveEventJson(liveEventCall(*call)));
}

void CallNotifier::waitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return stopping_ || (queue_.empty() && !busy_); });
}

}  // namespace vm::api
