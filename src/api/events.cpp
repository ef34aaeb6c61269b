#include "api/events.hpp"

#include <vector>

#include "api/app.hpp"
#include "api/auth_guard.hpp"

namespace vm::api {

EventHub::EventHub() : heartbeat_([this] { heartbeatLoop(); }) {}

EventHub::~EventHub() {
  stopping_ = true;
  wake_.notify_all();
  heartbeat_.join();
}

void EventHub::subscribe(const std::string& userId, std::shared_ptr<http::Stream> stream) {
  std::lock_guard lock(mutex_);
  streams_.emplace(userId, stream);
}

void EventHub::publish(const std::string& userId, const std::string& event, const std::string& data) {
  std::string frame = "event: " + event + "\ndata: " + data + "\n\n";
  for (auto& s : openStreams(&userId)) s->write(frame);
}

std::vector<std::shared_ptr<http::Stream>> EventHub::openStreams(const std::string* userId) {
  std::vector<std::shared_ptr<http::Stream>> open;
  std::lock_guard lock(mutex_);
  auto [begin, end] = userId ? streams_.equal_range(*userId) : std::pair(streams_.begin(), streams_.end());
  for (auto it = begin; it != end;) {
    auto s = it->second.lock();
    if (!s || s->closed()) {
      it = streams_.erase(it);
      continue;
    }
    open.push_back(std::move(s));
    ++it;
  }
  return open;
}

bool EventHub::hasSubscribers(const std::string& userId) const {
  std::lock_guard lock(mutex_);
  return streams_.count(userId) > 0;
}

// A comment line every 15 s keeps proxies from closing idle streams and finds clients that left.
void EventHub::heartbeatLoop() {
  while (!stopping_) {
    {
      std::unique_lock lock(wakeMutex_);
      wake_.wait_for(lock, std::chrono::seconds(15), [this] { return stopping_.load(); });
    }
    if (stopping_) break;
    for (auto& s : openStreams(nullptr)) s->write(": keep-alive\n\n");
  }
}

void registerEventRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/api/events",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        http::Response head;
        head.contentType = "text/event-stream";
        head.header("Cache-Control", "no-store").header("X-Accel-Buffering", "no");
        auto stream = res->stream(head);
        if (!stream) return;
        stream->write("retry: 3000\n\n");
        app.events.subscribe(user.id, stream);
      },
      Access::user());
}

}  // namespace vm::api
