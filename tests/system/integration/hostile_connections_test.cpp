// Hostile connections against the real server: clients that send one byte a second (header and body
// timeouts), thousands of idle connections, more connections than --max-connections. Each is answered
// or closed within its limit, and /healthz stays fast for everyone else meanwhile.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "hostile_socket.hpp"

using namespace vmtest;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// The slowest of a few /healthz requests from a well-behaved client, on fresh connections.
std::chrono::milliseconds worstHealthLatency(const ServerProcess& server, int samples = 5) {
  std::chrono::milliseconds worst{0};
  for (int i = 0; i < samples; ++i) {
    auto start = Clock::now();
    auto r = request("GET", server.url("/healthz"), "", {}, 5000);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    if (r.status != 200) return std::chrono::milliseconds::max();
    worst = std::max(worst, took);
  }
  return worst;
}

class HostileConnectionsTest : public ::testing::Test {
 protected:
  void start(std::vector<std::string> flags) {
    db = dir.path() + "/vm.db";
    user = addUser(db, "conn@example.com");
    server = std::make_unique<ServerProcess>(db, flags);
  }
  TempDir dir;
  std::string db;
  CreatedUser user;
  std::unique_ptr<ServerProcess> server;
};

// One byte a second never completes the headers: the connection is closed when --header-timeout runs out
// (the timeout covers the whole header, so trickling does not extend it).
TEST_F(HostileConnectionsTest, SlowHeadersAreCutAtTheHeaderTimeout) {
  start({"--header-timeout", "2"});
  RawConnection slow(server->port());
  std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(100, 'a') + "\r\n\r\n";
  auto begin = Clock::now();
  bool closed = false;
  for (char c : head) {
    if (!slow.send(std::string(1, c))) break;
    if (slow.readable(1000ms)) {
      slow.readUntilClosed(1s, &closed);
      break;
    }
  }
  auto took = Clock::now() - begin;
  EXPECT_TRUE(closed) << "a trickling client was never cut off";
  EXPECT_GE(took, 1500ms);
  EXPECT_LT(took, 5s);
  EXPECT_LT(worstHealthLatency(*server), 500ms);
}

// Headers on time, then the body one byte a second: closed when --body-timeout runs out.
TEST_F(HostileConnectionsTest, SlowBodyIsCutAtTheBodyTimeout) {
  start({"--header-timeout", "10", "--body-timeout", "2"});
  RawConnection slow(server->port());
  ASSERT_TRUE(slow.send("POST " + user.webhookPath +
                        " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                        "X-Vapi-Secret: " + user.webhookSecret + "\r\nContent-Length: 1000\r\n\r\n"));
  auto begin = Clock::now();
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    if (!slow.send("{")) break;
    if (slow.readable(1000ms)) slow.readUntilClosed(1s, &closed);
  }
  auto took = Clock::now() - begin;
  EXPECT_TRUE(closed);
  EXPECT_GE(took, 1500ms);
  EXPECT_LT(took, 5s);
  EXPECT_LT(worstHealthLatency(*server), 500ms);
}

// Many slow clients at once do not starve a normal one.
TEST_F(HostileConnectionsTest, HundredSlowClientsDoNotStarveOthers) {
  start({"--header-timeout", "5"});
  std::vector<RawConnection> slow;
  for (int i = 0; i < 100; ++i) {
    slow.emplace_back(server->port());
    slow.back().send("POST /webhook/vapi/x HTTP/1.1\r\nHost:");
  }
  for (int second = 0; second < 2; ++second) {
    for (auto& c : slow) c.send("x");
    EXPECT_LT(worstHealthLatency(*server, 3), 500ms);
    std::this_thread::sleep_for(1s);
  }
}

// 2,000 idle connections (10,000 works the same given `ulimit -n` above it: the server raises its soft
// limit to the hard one at start-up). The server stays responsive while they are open, and closes them
// all when the header timeout (also the keep-alive idle time) runs out.
TEST_F(HostileConnectionsTest, TwoThousandIdleConnections) {
  raiseOpenFileLimit();
  start({"--header-timeout", "3"});
  const int kIdle = 2000;
  std::vector<RawConnection> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) idle.emplace_back(server->port());
  std::this_thread::sleep_for(300ms);  // let the server accept them all
  auto latency = worstHealthLatency(*server);
  std::printf("/healthz worst latency with %d idle connections: %lld ms\n", kIdle,
              static_cast<long long>(latency.count()));
  EXPECT_LT(latency, 500ms);
  auto metrics = request("GET", server->url("/metrics"));
  EXPECT_EQ(metrics.status, 200);
  // After the idle timeout every one of them has been closed by the server.
  std::this_thread::sleep_for(3500ms);
  int open = 0;
  for (auto& c : idle) {
    bool closed = false;
    c.readUntilClosed(std::chrono::milliseconds(c.readable() ? 100 : 0), &closed);
    if (!closed) ++open;
  }
  EXPECT_EQ(open, 0) << "idle connections outlived the header timeout";
  EXPECT_LT(worstHealthLatency(*server), 500ms);
}

// Past --max-connections new connections are closed at once (no answer, no queueing), and a slot frees up
// as soon as a connection ends.
TEST_F(HostileConnectionsTest, MaxConnectionsClosesTheExcess) {
  start({"--max-connections", "50", "--header-timeout", "30"});
  std::vector<RawConnection> held;
  for (int i = 0; i < 50; ++i) held.emplace_back(server->port());
  std::this_thread::sleep_for(200ms);
  RawConnection extra(server->port());  // the kernel accepts; the server closes it
  bool closed = false;
  extra.readUntilClosed(2s, &closed);
  EXPECT_TRUE(closed) << "connection over the limit was kept open";
  held.pop_back();
  std::this_thread::sleep_for(200ms);
  auto r = request("GET", server->url("/healthz"), "", {}, 2000);
  EXPECT_EQ(r.status, 200);
}

}  // namespace
