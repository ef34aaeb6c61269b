// Live updates for dashboards: each stored call change is published to the user's Server-Sent Event
// subscribers. Scoped by user id: a subscriber only ever receives its own user's events.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/message.hpp"

namespace vm::api {

class EventHub {
 public:
  EventHub();
  ~EventHub();
  // Registers an open SSE stream for `userId`; it is dropped when the client goes away.
  void subscribe(const std::string& userId, std::shared_ptr<http::Stream> stream);
  // Sends `event` with JSON `data` to every stream of `userId`.
  void publish(const std::string& userId, const std::string& event, const std::string& data);
  // Whether anyone listens for `userId`: lets the hot webhook path skip building an event nobody reads.
  bool hasSubscribers(const std::string& userId) const;

 private:
  void heartbeatLoop();
  // Streams still open for `userId` (nullptr: every user); forgets those whose client went away.
  std::vector<std::shared_ptr<http::Stream>> openStreams(const std::string* userId);
  mutable std::mutex mutex_;
  std::multimap<std::string, std::weak_ptr<http::Stream>> streams_;
  std::atomic<bool> stopping_{false};
  std::condition_variable wake_;
  std::mutex wakeMutex_;
  std::thread heartbeat_;
};

}  // namespace vm::api
