// Live updates for dashboards: each stored call change is published to the user's Server-Sent Event
// subscribers. Scoped by user id: a subscriber only ever receives its own user's events.
//
// Bounded everywhere, because any tenant can open streams and never read them: streams per user and in
// total are capped (the next one is refused), each stream queues at most a fixed number of bytes (over
// that, what is queued is replaced by one "resync" event, after which the client reads everything again),
// and call changes reach the hub through a bounded notifier queue off the store's writer thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/call_notifier.hpp"
#include "http/message.hpp"

namespace vm::api {

struct EventLimits {
  std::size_t maxStreamsPerUser = 8;  // dashboard tabs of one account
  std::size_t maxStreams = 2000;      // the whole server
  // Unwritten bytes per stream before the queue is replaced by a "resync" event: ~100 call events.
  std::size_t maxQueuedBytesPerStream = 256 * 1024;
};

// The event that replaces a stream's queue once the client fell behind: it tells the dashboard to read
// its lists again instead of waiting for the events it missed.
inline constexpr const char* kResyncFrame = "event: resync\ndata: {}\n\n";

class EventHub {
 public:
  explicit EventHub(EventLimits limits = {});
  ~EventHub();

  enum class Admission { Open, UserFull, ServerFull };
  // Opens a stream for `userId` with `open` (called under the hub's lock, so the caps hold under
  // concurrency) unless the user or the server has as many as allowed. The stream is dropped when the
  // client goes away.
  Admission subscribe(const std::string& userId, const std::function<std::shared_ptr<http::Stream>()>& open);
  // Sends `event` with JSON `data` to every stream of `userId`.
  void publish(const std::string& userId, const std::string& event, const std::string& data);
  // Whether anyone listens for `userId`: lets the hot webhook path skip building an event nobody reads.
  bool hasSubscribers(const std::string& userId) const;

  // A stored call changed (called on the store's writer thread): queued, serialized and sent elsewhere.
  void callChanged(const std::string& userId, const domain::CallRecord& call);
  // A call changed on another instance sharing the database: loaded (see loadCallsWith) and sent.
  void callChangedElsewhere(const std::string& userId, const std::string& callId);
  void loadCallsWith(CallNotifier::LoadCall load) { notifier_.loadCallsWith(std::move(load)); }
  CallNotifier& notifier() { return notifier_; }

 private:
  void heartbeatLoop();
  // Streams still open for `userId` (nullptr: every user); forgets those whose client went away.
  std::vector<std::shared_ptr<http::Stream>> openStreams(const std::string* userId);
  void forgetClosedLocked();
  const EventLimits limits_;
  mutable std::mutex mutex_;
  std::multimap<std::string, std::weak_ptr<http::Stream>> streams_;
  std::atomic<bool> stopping_{false};
  std::condition_variable wake_;
  std::mutex wakeMutex_;
  std::thread heartbeat_;
  // Last: its thread publishes through this hub, so it stops first.
  CallNotifier notifier_;
};

}  // namespace vm::api
