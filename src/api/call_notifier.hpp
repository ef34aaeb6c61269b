// Turns stored call changes into live events off the store's writer thread. The writer only hands over a
// small copy of the call (a move into a bounded queue); serializing and writing to the subscribers'
// streams happen on the notifier's own thread. When the queue is full the change is dropped and counted:
// a live dashboard missing an update is better than a writer waiting on one.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "domain/call.hpp"

namespace vm::api {

class CallNotifier {
 public:
  // Sends one serialized "call" event to the streams of `userId` (runs on the notifier thread).
  using Publish = std::function<void(const std::string& userId, const std::string& json)>;
  // Reads a call by id (for changes stored by another instance); nullopt when gone.
  using LoadCall =
      std::function<std::optional<domain::CallRecord>(const std::string& userId, const std::string& callId)>;

  static constexpr std::size_t kDefaultMaxPending = 4096;

  explicit CallNotifier(Publish publish, std::size_t maxPending = kDefaultMaxPending);
  ~CallNotifier();
  CallNotifier(const CallNotifier&) = delete;
  CallNotifier& operator=(const CallNotifier&) = delete;

  // A call changed here: `call` is reduced to the live-event fields now, serialized later. Never blocks.
  void callChanged(const std::string& userId, const domain::CallRecord& call);
  // A call changed on another instance: loaded with the LoadCall set by loadCallsWith, then sent.
  void callChangedElsewhere(std::string userId, std::string callId);
  void loadCallsWith(LoadCall load);

  // Stops taking changes and joins the thread once the change being published is done (pending ones are
  // dropped). Call before whatever LoadCall reads from closes. Idempotent; the destructor calls it.
  void stop();

  // Changes dropped because the queue was full (since start).
  std::uint64_t dropped() const { return dropped_.load(); }
  // Blocks until every queued change was published (tests).
  void waitIdle();

 private:
  struct Pending {
    std::string userId;
    std::variant<domain::CallRecord, std::string> call;  // the call, or the id of a call to load
  };
  void enqueue(Pending pending);
  void run();
  void deliver(Pending& pending);

  Publish publish_;
  const std::size_t maxPending_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Pending> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  LoadCall load_;
  std::atomic<std::uint64_t> dropped_{0};
  std::mutex joinMutex_;
  std::thread worker_;
};

}  // namespace vm::api
