#include "api/events.hpp"

#include <vector>

#include "api/app.hpp"
#include "api/auth_guard.hpp"

namespace vm::api {

EventHub::EventHub(EventLimits limits)
    : limits_(limits),
      heartbeat_([this] { heartbeatLoop(); }),
      notifier_(
          [this](const std::string& userId, const std::string& json) { publish(userId, "call", json); }) {}

EventHub::~EventHub() {
  stopping_ = true;
  wake_.notify_all();
  heartbeat_.join();
}

EventHub::Admission EventHub::subscribe(const std::string& userId,
                                        const std::function<std::shared_ptr<http::Stream>()>& open) {
  std::lock_guard lock(mutex_);
  auto live = [](const std::weak_ptr<http::Stream>& w) {
    auto s = w.lock();
    return s && !s->closed();
  };
  std::size_t mine = 0;
  auto [begin, end] = streams_.equal_range(userId);
  for (auto it = begin; it != end;) {
    if (!live(it->second)) {
      it = streams_.erase(it);
      continue;
    }
    ++mine;
    ++it;
  }
  if (mine >= limits_.maxStreamsPerUser) return Admission::UserFull;
  if (streams_.size() >= limits_.maxStreams) {
    forgetClosedLocked();
    if (streams_.size() >= limits_.maxStreams) return Admission::ServerFull;
  }
  auto stream = open();
  if (!stream) return Admission::Open;  // the request was answered otherwise: nothing to register
  stream->limitQueue(limits_.maxQueuedBytesPerStream, kResyncFrame);
  streams_.emplace(userId, stream);
  return Admission::Open;
}

void EventHub::forgetClosedLocked() {
  for (auto it = streams_.begin(); it != streams_.end();) {
    auto s = it->second.lock();
    it = (!s || s->closed()) ? streams_.erase(it) : std::next(it);
  }
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

void EventHub::callChanged(const std::string& userId, const domain::CallRecord& call) {
  if (hasSubscribers(userId)) notifier_.callChanged(userId, call);
}

void EventHub::callChangedElsewhere(const std::string& userId, const std::string& callId) {
  if (hasSubscribers(userId)) notifier_.callChangedElsewhere(userId, callId);
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
        auto admission = app.events.subscribe(user.id, [&res] {
          http::Response head;
          head.contentType = "text/event-stream";
          head.header("Cache-Control", "no-store").header("X-Accel-Buffering", "no");
          auto stream = res->stream(head);
          if (stream) stream->write("retry: 3000\n\n");
          return stream;
        });
        if (admission == EventHub::Admission::Open) return;
        auto refusal =
            admission == EventHub::Admission::UserFull
                ? http::errorResponse(429,
                                      "too many live-update streams are open for this account: close a "
                                      "dashboard tab and retry")
                : http::errorResponse(503,
                                      "the server holds as many live-update streams as it can, retry later");
        refusal.header("Retry-After", "10");
        res->send(std::move(refusal));
      },
      Access::user());
}

}  // namespace vm::api
