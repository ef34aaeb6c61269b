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
  // From 200 loopback addresses, as 2,000 clients would come (one address may hold only
  // --max-connections-per-ip of them).
  for (int i = 0; i < kIdle; ++i)
    idle.emplace_back(server->port(), ("127.0.1." + std::to_string(1 + i % 200)).c_str());
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

// Clients that send requests and never read their answers (the issue: four of them held every slot of
// --max-connections 4 past 30 s). Each answer is large, so the server's writes stall: every connection is
// closed when --write-timeout runs out, and the slots are free again.
TEST_F(HostileConnectionsTest, ClientsThatNeverReadAreCutAtTheWriteTimeout) {
  start({"--max-connections", "4", "--write-timeout", "2"});
  // Calls with long transcripts make each GET /api/calls/<id> answer about 3 MB.
  for (int i = 0; i < 4; ++i) {
    auto body = nlohmann::json::parse(
        exampleWithCallId("05-end-of-call-report-customer-ended.json", "big-" + std::to_string(i)));
    body["message"]["transcript"] = std::string(1536 * 1024, 't');
    body["message"]["artifact"]["transcript"] = std::string(1536 * 1024, 't');
    ASSERT_EQ(postWebhook(*server, user, body.dump()).status, 200);
  }
  auto list = apiGet(*server, user, "/api/calls");
  ASSERT_EQ(list.status, 200);
  auto calls = list.json()["calls"];
  ASSERT_EQ(calls.size(), 4u);
  std::string pipelined;
  for (auto& call : calls)
    pipelined += "GET /api/calls/" + call["callId"].get<std::string>() +
                 " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + user.apiToken + "\r\n\r\n";
  std::string burst;
  for (int i = 0; i < 8; ++i) burst += pipelined;  // ~100 MB of answers: far more than socket buffers hold
  std::vector<RawConnection> stuck;
  for (int i = 0; i < 4; ++i) {
    stuck.emplace_back(server->port());
    ASSERT_TRUE(stuck.back().send(burst));
  }
  std::this_thread::sleep_for(500ms);
  // Every slot is held now.
  auto begin = Clock::now();
  HttpResult r;
  while (Clock::now() - begin < 10s) {
    r = request("GET", server->url("/healthz"), "", {}, 1000);
    if (r.status == 200) break;
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(r.status, 200) << "the stuck clients still hold every connection slot";
  EXPECT_LT(Clock::now() - begin, 6s);
}

// Requests sent ahead of their answers: a connection answers a bounded number of them, then closes.
TEST_F(HostileConnectionsTest, PipelinedRequestsPerConnectionAreCapped) {
  start({});
  RawConnection c(server->port());
  std::string burst;
  for (int i = 0; i < 500; ++i) burst += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(c.send(burst));
  bool closed = false;
  std::string answers = c.readUntilClosed(5s, &closed);
  std::size_t count = 0;
  for (auto at = answers.find("HTTP/1.1 200"); at != std::string::npos;
       at = answers.find("HTTP/1.1 200", at + 1))
    ++count;
  EXPECT_TRUE(closed) << "the connection kept answering pipelined requests";
  EXPECT_GE(count, 1u);
  EXPECT_LE(count, 100u);
  // A client that reads each answer before sending the next request is not pipelining: never capped.
  RawConnection polite(server->port());
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(polite.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string answer;
    while (answer.find("{\"ok\":true}") == std::string::npos) {
      ASSERT_TRUE(polite.readable(2000ms)) << "request " << i << " was not answered";
      char buf[4096];
      auto n = ::recv(polite.fd(), buf, sizeof buf, 0);
      ASSERT_GT(n, 0) << "the connection was closed after " << i << " requests";
      answer.append(buf, static_cast<std::size_t>(n));
    }
    EXPECT_EQ(answer.find("Connection: close"), std::string::npos) << i;
  }
}

// --max-connections-per-ip: the (cap+1)th connection from one address is closed at once, while another
// address (127.0.0.2) still connects and is answered.
TEST_F(HostileConnectionsTest, ConnectionsPerIpAreCapped) {
  start({"--max-connections-per-ip", "5"});
  std::vector<RawConnection> held;
  for (int i = 0; i < 5; ++i) held.emplace_back(server->port());
  std::this_thread::sleep_for(200ms);
  RawConnection extra(server->port());
  bool closed = false;
  extra.readUntilClosed(2s, &closed);
  EXPECT_TRUE(closed) << "the 6th connection from one IP was kept open";
  RawConnection other(server->port(), "127.0.0.2");
  ASSERT_TRUE(other.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_NE(other.readUntilClosed(2s).find("HTTP/1.1 200"), std::string::npos);
  // One of the five leaves: the first address may connect again.
  held.pop_back();
  std::this_thread::sleep_for(300ms);
  RawConnection again(server->port());
  ASSERT_TRUE(again.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_NE(again.readUntilClosed(2s).find("HTTP/1.1 200"), std::string::npos);
}

}  // namespace
