// A stream's queue bound in the real server: a client that stops reading while the producer keeps
// writing holds at most the bound (plus the chunk being written) in the server's memory, and when it
// reads again it finds the overflow chunk where the events it missed would have been.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http/router.hpp"
#include "http/server.hpp"

using namespace std::chrono_literals;

namespace {

int connectTo(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int small = 4096;  // a small window, so that the kernel buffers fill quickly
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

std::string readFor(int fd, std::chrono::milliseconds wait) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[65536];
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

TEST(StreamQueue, ANonReadingClientHoldsAtMostTheBound) {
  constexpr std::size_t kBound = 64 * 1024;
  std::mutex mutex;
  std::shared_ptr<vm::http::Stream> stream;
  vm::http::Router router;
  router.add("GET", "/stream", [&](vm::http::Request&, std::shared_ptr<vm::http::Responder> res) {
    vm::http::Response head;
    head.contentType = "text/event-stream";
    auto s = res->stream(head);
    s->limitQueue(kBound, "OVERFLOW\n");
    std::lock_guard lock(mutex);
    stream = s;
  });
  vm::http::ServerOptions options;
  options.port = 0;
  options.threads = 2;
  vm::http::Metrics metrics;
  vm::http::Server server(options, router, metrics);
  server.listen();
  std::thread runner([&] { server.run(); });

  int fd = connectTo(server.port());
  std::string get = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, get.data(), get.size(), 0), static_cast<ssize_t>(get.size()));
  std::shared_ptr<vm::http::Stream> s;
  for (int i = 0; i < 100 && !s; ++i) {
    std::this_thread::sleep_for(20ms);
    std::lock_guard lock(mutex);
    s = stream;
  }
  ASSERT_TRUE(s);
  // 40 MB of 10 KB events while the client reads nothing: far more than the kernel buffers take.
  std::size_t worst = 0;
  std::string event(10 * 1024, 'e');
  event.back() = '\n';
  for (int i = 0; i < 4000; ++i) {
    s->write(event);
    if (i % 10 == 0) std::this_thread::sleep_for(1ms);
    worst = std::max(worst, s->queuedBytes());
  }
  std::this_thread::sleep_for(200ms);
  EXPECT_LE(s->queuedBytes(), kBound + event.size()) << "worst seen while writing: " << worst;
  std::string seen = readFor(fd, 1500ms);
  EXPECT_NE(seen.find("OVERFLOW\n"), std::string::npos);
  EXPECT_LT(seen.size(), 20u * 1024 * 1024) << "every event was kept for the client";
  ::close(fd);
  s.reset();
  {
    std::lock_guard lock(mutex);
    stream.reset();
  }
  server.stop();
  runner.join();
}

}  // namespace
