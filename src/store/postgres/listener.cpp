#include "store/postgres/listener.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "store/postgres/connection.hpp"

namespace vm::store::postgres {
namespace {

// How often the thread looks at the stop flag while no notification arrives.
constexpr int kPollMs = 200;

}  // namespace

Listener::Listener(std::string url, std::function<int()> ownPid, Handler handler)
    : url_(std::move(url)), ownPid_(std::move(ownPid)), handler_(std::move(handler)) {
  thread_ = std::thread([this] { loop(); });
}

Listener::~Listener() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void Listener::loop() {
  std::unique_ptr<Connection> conn;
  while (!stopping_) {
    if (!conn || !conn->ok()) {
      conn.reset();
      try {
        conn = std::make_unique<Connection>(url_);
        conn->exec("LISTEN vm_calls");
      } catch (const std::exception& e) {
        // Notifications sent while disconnected are lost: live views catch up on their next reload.
        spdlog::warn("store: listening for changes from other instances failed, retrying: {}", e.what());
        conn.reset();
        for (int i = 0; i < 10 && !stopping_; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
        continue;
      }
    }
    pollfd fd{PQsocket(conn->handle()), POLLIN, 0};
    if (poll(&fd, 1, kPollMs) <= 0) continue;
    if (!PQconsumeInput(conn->handle())) continue;  // broken: ok() is false now, reconnect above
    while (PGnotify* n = PQnotifies(conn->handle())) {
      std::string payload = n->extra;
      bool own = n->be_pid == ownPid_();
      PQfreemem(n);
      std::size_t newline = payload.find('\n');
      if (own || newline == std::string::npos) continue;
      try {
        handler_(payload.substr(0, newline), payload.substr(newline + 1));
      } catch (const std::exception& e) {
        spdlog::error("store: a remote change handler threw: {}", e.what());
      }
    }
  }
}

}  // namespace vm::store::postgres
