// Hostile bodies against the real server: deep nesting, numbers out of range, invalid UTF-8, bodies far
// over the limit. Each gets a clear 4xx (never a 5xx or a crash) and the server keeps serving others.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <utility>
#include <vector>

#include "harness.hpp"
#include "hostile_socket.hpp"

using namespace vmtest;

namespace {

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = dir.path() + "/vm.db";
    user = addUser(db, "hostile@example.com");
    server = std::make_unique<ServerProcess>(db);
  }
  void expectHealthy() {
    auto r = request("GET", server->url("/healthz"), "", {}, 2000);
    EXPECT_EQ(r.status, 200) << "server not healthy after the attack; log " << server->logPath();
  }
  std::string report(const std::string& callId) {
    return exampleWithCallId("05-end-of-call-report-customer-ended.json", callId);
  }

  TempDir dir;
  std::string db;
  CreatedUser user;
  std::unique_ptr<ServerProcess> server;
};

TEST_F(HostileInputTest, DeeplyNestedJsonIsRejected) {
  for (std::size_t depth : {2000u, 200000u}) {
    std::string body = R"({"message":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
    auto r = postWebhook(*server, user, body);
    EXPECT_EQ(r.status, 400) << depth << ": " << r.body;
    EXPECT_TRUE(r.json().contains("error"));
  }
  // Deep objects too, in a field the parser would otherwise keep (structuredData).
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += R"({"a":)";
  deep += "1" + std::string(100000, '}');
  auto body = report("deep-obj");
  auto at = body.find(R"("structuredData":{)");
  ASSERT_NE(at, std::string::npos);
  body.insert(at + 17, deep + ",\"zz\":");
  auto r = postWebhook(*server, user, body);
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
  expectHealthy();
}

TEST_F(HostileInputTest, HugeNumbersAreRejectedOrStoredFinite) {
  auto withCost = [&](const std::string& id, const std::string& number) {
    auto body = report(id);
    auto at = body.find(R"("cost":)");
    auto end = body.find_first_of(",}", at);
    return body.substr(0, at) + R"("cost":)" + number + body.substr(end);
  };
  EXPECT_EQ(postWebhook(*server, user, withCost("n1", "1e999")).status, 400);
  EXPECT_EQ(postWebhook(*server, user, withCost("n2", "-1e999")).status, 400);
  std::vector<std::pair<std::string, std::string>> cases = {{"n3", std::string(100, '9')},
                                                            {"n4", "-" + std::string(100, '9')},
                                                            {"n5", "1e308"},
                                                            {"n6", "0." + std::string(5000, '0') + "1"}};
  for (const auto& [id, number] : cases) {
    auto r = postWebhook(*server, user, withCost(id, number));
    ASSERT_TRUE(r.status == 200 || r.status == 400) << id << ": " << r.status << " " << r.body;
    if (r.status != 200) continue;
    // Stored: the API must still produce valid JSON (no inf/nan) for the call and the analytics.
    auto call = apiGet(*server, user, "/api/calls/vapi_" + id);
    ASSERT_EQ(call.status, 200) << call.body;
    EXPECT_TRUE(call.json()["cost"].is_number()) << call.body.substr(0, 300);
  }
  auto a = apiGet(*server, user, "/api/analytics?from=2026-03-01&to=2026-03-31");
  ASSERT_EQ(a.status, 200);
  EXPECT_NO_THROW(a.json());
  expectHealthy();
}

TEST_F(HostileInputTest, InvalidUtf8IsRejected) {
  auto body = report("utf8");
  auto at = body.find(R"("summary":")");
  ASSERT_NE(at, std::string::npos);
  for (std::string bad : std::vector<std::string>{"\xff\xfe", "\xc3\x28", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                                  std::string("\0", 1)}) {
    std::string b = body;
    b.insert(at + 11, bad);
    auto r = postWebhook(*server, user, b);
    EXPECT_EQ(r.status, 400) << r.body;
  }
  // In the path and the query: a clean 4xx from the API, never a 500.
  for (auto path : {"/api/calls/vapi_%FF%FE", "/api/calls?cursor=%C3%28", "/webhook/vapi/%FF"}) {
    auto r = request(path[1] == 'w' ? "POST" : "GET", server->url(path), "{}",
                     {"Authorization: Bearer " + user.apiToken});
    EXPECT_GE(r.status, 400) << path;
    EXPECT_LT(r.status, 500) << path << ": " << r.body;
  }
  expectHealthy();
}

// 100 MB announced with Content-Length: 413 at once, without the server reading the body.
TEST_F(HostileInputTest, HundredMegabyteBodyGets413Quickly) {
  RawConnection c(server->port());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send("POST " + user.webhookPath +
                     " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                     "X-Vapi-Secret: " + user.webhookSecret + "\r\nContent-Length: 104857600\r\n\r\n"));
  // Keep sending like a client that does not wait: the answer must come anyway.
  std::string chunk(1 << 20, 'x');
  std::size_t sentBytes = 0;
  for (int i = 0; i < 100 && !c.readable(); ++i) {
    if (!c.send(chunk)) break;
    sentBytes += chunk.size();
  }
  bool closed = false;
  auto answer = c.readUntilClosed(std::chrono::seconds(5), &closed);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_TRUE(closed);
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_LT(sentBytes, 100u << 20) << "the server read the whole body before answering";
  expectHealthy();
}

// Without a length (chunked), the limit stops the upload as soon as it is crossed.
TEST_F(HostileInputTest, ChunkedBodyOverTheLimitGets413) {
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("POST " + user.webhookPath +
                     " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                     "X-Vapi-Secret: " + user.webhookSecret + "\r\nTransfer-Encoding: chunked\r\n\r\n"));
  std::string chunk = "100000\r\n" + std::string(0x100000, 'x') + "\r\n";
  std::size_t sentBytes = 0;
  while (sentBytes < (100u << 20) && !c.readable()) {
    if (!c.send(chunk)) break;
    sentBytes += 0x100000;
  }
  auto answer = c.readUntilClosed(std::chrono::seconds(5));
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_LT(sentBytes, 40u << 20) << "the server kept reading far past the 16 MB limit";
  expectHealthy();
}

// curl's way: Expect: 100-continue. The 413 comes instead of the 100, so no body is sent at all.
TEST_F(HostileInputTest, ExpectContinueOverTheLimitGets413WithoutUpload) {
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("POST " + user.webhookPath +
                     " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                     "Expect: 100-continue\r\nContent-Length: 104857600\r\n\r\n"));
  auto answer = c.readUntilClosed(std::chrono::seconds(3));
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_EQ(answer.find("100 Continue"), std::string::npos);
}

TEST_F(HostileInputTest, MalformedRequestsGetAClear400) {
  for (std::string raw :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"),
        "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n"}) {
    RawConnection c(server->port());
    c.send(raw);
    bool closed = false;
    auto answer = c.readUntilClosed(std::chrono::seconds(3), &closed);
    EXPECT_TRUE(answer.rfind("HTTP/1.1 400", 0) == 0 || answer.rfind("HTTP/1.1 431", 0) == 0)
        << raw.substr(0, 40) << " -> " << answer.substr(0, 100);
    EXPECT_TRUE(closed);
  }
  expectHealthy();
}

}  // namespace
