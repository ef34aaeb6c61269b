// The HTTP/1.1 server: Boost.Beast on an Asio thread pool, keep-alive, size and time limits, graceful
// shutdown on SIGTERM/SIGINT. Beast itself is confined to server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace vm::http {

// Requests a client may send ahead of reading their answers (HTTP pipelining) before the connection is
// answered with "Connection: close": browsers never pipeline, so only a hostile client reaches it.
inline constexpr int kMaxPipelinedRequests = 32;

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 = any free port
  int threads = 0;             // 0 = number of cores
  std::size_t maxBodyBytes = 16 * 1024 * 1024;
  std::size_t maxHeaderBytes = 16 * 1024;
  std::chrono::seconds headerTimeout{20};  // also the keep-alive idle time
  std::chrono::seconds bodyTimeout{60};
  // Every write (an answer, a stream chunk) that the client does not take within this closes the
  // connection: a client that sends requests and never reads must not hold a slot.
  std::chrono::seconds writeTimeout{30};
  std::chrono::seconds shutdownGrace{20};  // SIGTERM: time allowed for in-flight requests
  int maxConnections = 20000;
  int maxConnectionsPerIp = 1000;  // 0 = no per-address cap (e.g. behind a proxy with no other limit)
};

class Server {
 public:
  // `router` and `metrics` must outlive the server.
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket (throws on failure); port() is valid afterwards.
  void listen();
  unsigned short port() const;
  // Runs the pool until stop() or a termination signal; returns after in-flight requests finished.
  void run();
  // Stops accepting, lets in-flight requests finish (up to shutdownGrace), then stops. Thread-safe.
  void stop();
  // Runs once when a termination signal arrives, before draining (e.g. to stop the scheduler).
  void onShutdown(std::function<void()> callback);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vm::http
