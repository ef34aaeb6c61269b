// The data path end to end: VAPI webhooks into the real server, calls and analytics out of its API.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "harness.hpp"

using namespace vmtest;

namespace {

const std::string kOrg = "6b1f0c2a-3d4e-4f5a-9b8c-7d6e5f4a3b2c";

class WebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = dir.path() + "/vm.db";
    alice = addUser(db, "alice@example.com", kOrg);
    bob = addUser(db, "bob@example.com", "org-bob");
    server = std::make_unique<ServerProcess>(db);
  }

  nlohmann::json calls(const CreatedUser& u, const std::string& query = "") {
    auto r = apiGet(*server, u, "/api/calls" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  nlohmann::json analytics(const CreatedUser& u, const std::string& from = "2026-03-01",
                           const std::string& to = "2026-03-31") {
    auto r = apiGet(*server, u, "/api/analytics?from=" + from + "&to=" + to);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  TempDir dir;
  std::string db;
  CreatedUser alice, bob;
  std::unique_ptr<ServerProcess> server;
};

TEST_F(WebhookTest, StatusUpdateCreatesAnInProgressCall) {
  auto r = postWebhook(*server, alice, exampleWithCallId("01-status-update-in-progress.json", "call-1"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), nlohmann::json({{"ok", true}}));
  auto list = calls(alice);
  ASSERT_EQ(list["calls"].size(), 1u);
  EXPECT_EQ(list["calls"][0]["callId"], "vapi_call-1");
  EXPECT_EQ(list["calls"][0]["status"], "in-progress");
  EXPECT_EQ(list["calls"][0]["outcome"], "in-progress");
  EXPECT_EQ(list["calls"][0]["callerPhone"], "+14155550123");
  // Not ended: counts nowhere yet.
  EXPECT_EQ(analytics(alice)["totals"]["totalCalls"], 0);
}

TEST_F(WebhookTest, FullLifecycleIsOneCallCountedOnce) {
  for (auto f : {"01-status-update-in-progress.json", "03-transcript-final.json",
                 "02-status-update-ended.json", "05-end-of-call-report-customer-ended.json"}) {
    auto r = postWebhook(*server, alice, exampleWithCallId(f, "call-2"));
    ASSERT_EQ(r.status, 200) << f << ": " << r.body;
  }
  auto list = calls(alice);
  ASSERT_EQ(list["calls"].size(), 1u);
  auto detail = apiGet(*server, alice, "/api/calls/vapi_call-2");
  ASSERT_EQ(detail.status, 200);
  auto call = detail.json();
  EXPECT_EQ(call["status"], "ended");
  EXPECT_EQ(call["outcome"], "completed");
  EXPECT_NEAR(call["cost"].get<double>(), 0.0498, 1e-9);
  EXPECT_NEAR(call["duration"].get<double>(), 22.763, 1e-6);
  EXPECT_EQ(call["callerName"], "Dana Whitfield");
  EXPECT_NE(call["transcript"].get<std::string>().find("Two thirty, please."), std::string::npos);
  EXPECT_NE(call["summary"].get<std::string>().find("rescheduled"), std::string::npos);
  EXPECT_EQ(call["intent"], "reschedule");
  EXPECT_TRUE(call["successful"].get<bool>());
  EXPECT_FALSE(call["messages"].empty());
  auto a = analytics(alice);
  ASSERT_EQ(a["days"].size(), 1u);
  EXPECT_EQ(a["days"][0]["date"], "2026-03-02");
  EXPECT_EQ(a["days"][0]["totalCalls"], 1);
  EXPECT_EQ(a["days"][0]["successfulCalls"], 1);
  EXPECT_NEAR(a["days"][0]["totalCost"].get<double>(), 0.0498, 1e-9);
  EXPECT_EQ(a["days"][0]["topIntents"][0]["intent"], "reschedule");
}

TEST_F(WebhookTest, DuplicateReportsAreStoredAndCountedOnce) {
  auto body = exampleWithCallId("05-end-of-call-report-customer-ended.json", "dup-1");
  for (int i = 0; i < 3; ++i) ASSERT_EQ(postWebhook(*server, alice, body).status, 200);
  EXPECT_EQ(calls(alice)["calls"].size(), 1u);
  EXPECT_EQ(analytics(alice)["totals"]["totalCalls"], 1);
}

TEST_F(WebhookTest, ConcurrentDuplicatesAreCountedOnce) {
  auto body = exampleWithCallId("05-end-of-call-report-customer-ended.json", "race-1");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      if (postWebhook(*server, alice, body).status == 200) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(analytics(alice)["totals"]["totalCalls"], 1);
}

TEST_F(WebhookTest, LateStatusUpdateNeverMovesACallBackwards) {
  ASSERT_EQ(postWebhook(*server, alice, exampleWithCallId("05-end-of-call-report-customer-ended.json", "ooo"))
                .status,
            200);
  ASSERT_EQ(postWebhook(*server, alice, exampleWithCallId("01-status-update-in-progress.json", "ooo")).status,
            200);
  ASSERT_EQ(postWebhook(*server, alice, exampleWithCallId("02-status-update-ended.json", "ooo")).status, 200);
  auto call = apiGet(*server, alice, "/api/calls/vapi_ooo").json();
  EXPECT_EQ(call["status"], "ended");
  EXPECT_NEAR(call["cost"].get<double>(), 0.0498, 1e-9);
  EXPECT_NE(call["summary"].get<std::string>(), "");
  EXPECT_EQ(analytics(alice)["totals"]["totalCalls"], 1);
}

TEST_F(WebhookTest, LaterRicherReportUpdatesWithoutCountingAgain) {
  auto j = nlohmann::json::parse(exampleWithCallId("05-end-of-call-report-customer-ended.json", "rich"));
  j["message"]["cost"] = 0.01;
  ASSERT_EQ(postWebhook(*server, alice, j.dump()).status, 200);
  j["message"]["cost"] = 0.25;
  ASSERT_EQ(postWebhook(*server, alice, j.dump()).status, 200);
  auto a = analytics(alice);
  EXPECT_EQ(a["totals"]["totalCalls"], 1);
  EXPECT_NEAR(a["totals"]["totalCost"].get<double>(), 0.25, 1e-9);
}

TEST_F(WebhookTest, LegacyCallEndedShapeIsAccepted) {
  nlohmann::json legacy = {{"type", "call-ended"},
                           {"call",
                            {{"id", "legacy-1"},
                             {"orgId", kOrg},
                             {"endedAt", "2026-03-05T10:00:00.000Z"},
                             {"duration", 61.5},
                             {"customer", {{"number", "+15550001111"}, {"name", "Sam"}}},
                             {"endedReason", "customer-ended"},
                             {"cost", 0.12},
                             {"transcript", "AI: hello\nUser: bye"},
                             {"summary", "Short call"},
                             {"assistantId", "asst-1"}}}};
  auto r = postWebhook(*server, alice, legacy.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto call = apiGet(*server, alice, "/api/calls/vapi_legacy-1").json();
  EXPECT_EQ(call["outcome"], "completed");
  EXPECT_NEAR(call["duration"].get<double>(), 61.5, 1e-9);
  EXPECT_EQ(call["callerName"], "Sam");
  EXPECT_EQ(analytics(alice)["totals"]["totalCalls"], 1);
}

TEST_F(WebhookTest, UnknownAndUnstoredTypesAreAcknowledged) {
  for (auto f : {"04-conversation-update.json", "09-tool-calls.json"})
    EXPECT_EQ(postWebhook(*server, alice, readFile(fixturesDir() + "/vapi/examples/" + f)).status, 200) << f;
  auto r = postWebhook(*server, alice, R"({"message":{"type":"some-future-type","call":{"id":"x"}}})");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(calls(alice)["calls"].empty());
}

TEST_F(WebhookTest, AuthenticationIsRequired) {
  auto body = exampleWithCallId("05-end-of-call-report-customer-ended.json", "auth-1");
  EXPECT_EQ(request("POST", server->url(alice.webhookPath), body).status, 401);
  EXPECT_EQ(request("POST", server->url(alice.webhookPath), body, {"X-Vapi-Secret: wrong"}).status, 401);
  // Bob's secret does not open Alice's hook.
  EXPECT_EQ(
      request("POST", server->url(alice.webhookPath), body, {"X-Vapi-Secret: " + bob.webhookSecret}).status,
      401);
  auto bearer =
      request("POST", server->url(alice.webhookPath), body, {"Authorization: Bearer " + alice.webhookSecret});
  EXPECT_EQ(bearer.status, 200) << bearer.body;
  auto unknown =
      request("POST", server->url("/webhook/vapi/nope"), body, {"X-Vapi-Secret: " + alice.webhookSecret});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(unknown.json().contains("error"));
  EXPECT_EQ(calls(alice)["calls"].size(), 1u);
}

TEST_F(WebhookTest, OrgIdRouteFindsTheUser) {
  auto body = exampleWithCallId("07-end-of-call-report-silence-timed-out.json", "org-1");
  auto r = request("POST", server->url("/webhook/vapi"), body, {"X-Vapi-Secret: " + alice.webhookSecret});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(calls(alice)["calls"].size(), 1u);
  EXPECT_EQ(
      request("POST", server->url("/webhook/vapi"), body, {"X-Vapi-Secret: " + bob.webhookSecret}).status,
      401);
  auto other = exampleWithCallId("07-end-of-call-report-silence-timed-out.json", "org-2", "org-nobody");
  EXPECT_EQ(
      request("POST", server->url("/webhook/vapi"), other, {"X-Vapi-Secret: " + alice.webhookSecret}).status,
      404);
}

TEST_F(WebhookTest, MalformedBodiesGetClearErrors) {
  auto expectError = [&](const std::string& body, long status, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> headers = {"X-Vapi-Secret: " + alice.webhookSecret};
    headers.insert(headers.end(), extra.begin(), extra.end());
    auto r = request("POST", server->url(alice.webhookPath), body, headers);
    EXPECT_EQ(r.status, status) << body.substr(0, 80);
    EXPECT_TRUE(r.json().contains("error")) << r.body;
  };
  expectError("{not json", 400);
  expectError("[1,2,3]", 400);
  expectError(R"({"message":{"call":{"id":"x"}}})", 400);
  expectError(R"({"hello":"world"})", 400);
  expectError(std::string(100000, '[') + std::string(100000, ']'), 400);
  expectError("{\"message\":{\"type\":\"status-update\",\"status\":\"\xff\xfe\"}}", 400);
  expectError(R"({"message":{"type":"status-update"}})", 415, {"Content-Type: text/plain"});
  expectError(R"({"message":{"type":"status-update","status":"ended"}})", 400);  // no call id
  EXPECT_TRUE(calls(alice)["calls"].empty());
}

TEST_F(WebhookTest, NumbersInAnyFormAreAccepted) {
  auto j = nlohmann::json::parse(exampleWithCallId("05-end-of-call-report-customer-ended.json", "num"));
  std::string body = j.dump();
  auto pos = body.find("\"cost\":0.0498");
  ASSERT_NE(pos, std::string::npos);
  body.replace(pos, 13, "\"cost\":4.98e-2");
  ASSERT_EQ(postWebhook(*server, alice, body).status, 200);
  auto call = apiGet(*server, alice, "/api/calls/vapi_num").json();
  EXPECT_NEAR(call["cost"].get<double>(), 0.0498, 1e-12);
}

TEST_F(WebhookTest, UsersNeverSeeEachOthersCalls) {
  ASSERT_EQ(postWebhook(*server, alice, exampleWithCallId("05-end-of-call-report-customer-ended.json", "a1"))
                .status,
            200);
  ASSERT_EQ(postWebhook(*server, bob, exampleWithCallId("07-end-of-call-report-silence-timed-out.json", "b1"))
                .status,
            200);
  auto aliceCalls = calls(alice)["calls"];
  auto bobCalls = calls(bob)["calls"];
  ASSERT_EQ(aliceCalls.size(), 1u);
  ASSERT_EQ(bobCalls.size(), 1u);
  EXPECT_EQ(aliceCalls[0]["callId"], "vapi_a1");
  EXPECT_EQ(bobCalls[0]["callId"], "vapi_b1");
  EXPECT_EQ(apiGet(*server, bob, "/api/calls/vapi_a1").status, 404);
  EXPECT_EQ(apiGet(*server, alice, "/api/calls/vapi_b1").status, 404);
  EXPECT_EQ(analytics(bob)["totals"]["totalCalls"], 1);
  EXPECT_EQ(analytics(alice)["totals"]["totalCalls"], 1);
  // The same VAPI call id under two users is two separate calls.
  ASSERT_EQ(
      postWebhook(*server, bob, exampleWithCallId("05-end-of-call-report-customer-ended.json", "a1")).status,
      200);
  EXPECT_EQ(calls(alice)["calls"].size(), 1u);
  EXPECT_EQ(calls(bob)["calls"].size(), 2u);
}

TEST_F(WebhookTest, ApiNeedsAValidToken) {
  EXPECT_EQ(request("GET", server->url("/api/calls")).status, 401);
  EXPECT_EQ(request("GET", server->url("/api/calls"), "", {"Authorization: Bearer nope"}).status, 401);
  EXPECT_EQ(apiGet(*server, alice, "/api/calls?limit=0").status, 422);
  EXPECT_EQ(apiGet(*server, alice, "/api/calls?from=yesterday").status, 422);
  EXPECT_EQ(apiGet(*server, alice, "/api/calls?outcome=great").status, 422);
  EXPECT_EQ(apiGet(*server, alice, "/api/analytics?from=2026-13-01").status, 422);
  EXPECT_EQ(apiGet(*server, alice, "/api/analytics?from=2026-03-10&to=2026-03-01").status, 422);
}

TEST_F(WebhookTest, CallsPageFilterAndSearch) {
  const char* files[] = {
      "05-end-of-call-report-customer-ended.json", "06-end-of-call-report-pipeline-error.json",
      "07-end-of-call-report-silence-timed-out.json", "08-end-of-call-report-web-call.json"};
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(postWebhook(*server, alice, exampleWithCallId(files[i % 4], "p" + std::to_string(i))).status,
              200);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = calls(alice, "?limit=6" + (cursor.empty() ? "" : "&cursor=" + cursor));
    for (auto& c : page["calls"]) EXPECT_TRUE(seen.insert(c["callId"].get<std::string>()).second);
    cursor = page["nextCursor"].is_null() ? "" : page["nextCursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 20u);
  EXPECT_EQ(pages, 4);
  auto errors = calls(alice, "?outcome=error");
  EXPECT_EQ(errors["calls"].size(), 5u);
  auto search = calls(alice, "?q=Tuesday");
  EXPECT_EQ(search["calls"].size(), 5u);
  EXPECT_TRUE(calls(bob, "?q=Tuesday")["calls"].empty());
}

TEST_F(WebhookTest, RestartKeepsEverything) {
  ASSERT_EQ(
      postWebhook(*server, alice, exampleWithCallId("05-end-of-call-report-customer-ended.json", "keep"))
          .status,
      200);
  EXPECT_EQ(server->stop(), 0);
  server = std::make_unique<ServerProcess>(db);
  EXPECT_EQ(calls(alice)["calls"].size(), 1u);
  EXPECT_EQ(analytics(alice)["totals"]["totalCalls"], 1);
}

TEST_F(WebhookTest, AnalyticsRebuildGivesTheSameNumbers) {
  const char* files[] = {
      "05-end-of-call-report-customer-ended.json", "06-end-of-call-report-pipeline-error.json",
      "07-end-of-call-report-silence-timed-out.json", "08-end-of-call-report-web-call.json"};
  for (int i = 0; i < 12; ++i)
    ASSERT_EQ(postWebhook(*server, alice, exampleWithCallId(files[i % 4], "r" + std::to_string(i))).status,
              200);
  auto before = analytics(alice);
  ASSERT_EQ(server->stop(), 0);
  runCommand(std::string(VM_BINARY) + " analytics rebuild --log-level warn --db '" + db + "'");
  server = std::make_unique<ServerProcess>(db);
  auto after = analytics(alice);
  EXPECT_EQ(before, after);
  EXPECT_EQ(after["totals"]["totalCalls"], 12);
}

TEST_F(WebhookTest, AnalyticsPerAssistant) {
  const char* files[] = {
      "05-end-of-call-report-customer-ended.json", "06-end-of-call-report-pipeline-error.json",
      "07-end-of-call-report-silence-timed-out.json", "08-end-of-call-report-web-call.json"};
  for (int i = 0; i < 8; ++i)
    ASSERT_EQ(postWebhook(*server, alice, exampleWithCallId(files[i % 4], "pa" + std::to_string(i))).status,
              200);
  auto r = apiGet(*server, alice, "/api/analytics/assistants?from=2026-03-01&to=2026-03-31");
  ASSERT_EQ(r.status, 200) << r.body;
  long total = 0;
  auto body = r.json();
  for (auto& a : body["assistants"]) total += a["totalCalls"].get<long>();
  EXPECT_EQ(total, 8);
  EXPECT_EQ(total, analytics(alice)["totals"]["totalCalls"].get<long>());
  EXPECT_TRUE(apiGet(*server, bob, "/api/analytics/assistants?from=2026-03-01&to=2026-03-31")
                  .json()["assistants"]
                  .empty());
  EXPECT_EQ(apiGet(*server, alice, "/api/analytics/assistants?from=bad").status, 422);
}

// Live updates: a stored call reaches its own user's event stream, and only that user's.
TEST_F(WebhookTest, EventStreamSeesOnlyItsUsersCalls) {
  HttpResult aliceStream, bobStream;
  std::thread a([&] {
    aliceStream =
        request("GET", server->url("/api/events"), "", {"Authorization: Bearer " + alice.apiToken}, 1500);
  });
  std::thread b([&] {
    bobStream =
        request("GET", server->url("/api/events"), "", {"Authorization: Bearer " + bob.apiToken}, 1500);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  ASSERT_EQ(
      postWebhook(*server, alice, exampleWithCallId("01-status-update-in-progress.json", "live-1")).status,
      200);
  a.join();
  b.join();
  EXPECT_EQ(aliceStream.headers["content-type"], "text/event-stream");
  EXPECT_NE(aliceStream.body.find("event: call"), std::string::npos) << aliceStream.body;
  EXPECT_NE(aliceStream.body.find("vapi_live-1"), std::string::npos);
  EXPECT_EQ(bobStream.body.find("vapi_live-1"), std::string::npos) << bobStream.body;
  EXPECT_EQ(request("GET", server->url("/api/events")).status, 401);
}

TEST_F(WebhookTest, HealthAndMetrics) {
  EXPECT_EQ(request("GET", server->url("/healthz")).status, 200);
  ASSERT_EQ(
      postWebhook(*server, alice, exampleWithCallId("05-end-of-call-report-customer-ended.json", "m")).status,
      200);
  auto metrics = request("GET", server->url("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("vm_webhook_messages_total{type=\"end-of-call-report\"} 1"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("vm_webhook_commit_seconds_count 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("route=\"/webhook/vapi/:hookId\",status=\"200\""), std::string::npos);
  // The webhook's own commit at least.
  auto commits = metrics.body.find("\nvm_store_commits_total ");
  ASSERT_NE(commits, std::string::npos) << metrics.body;
  EXPECT_GE(std::stoll(metrics.body.substr(commits + 24)), 1);
}

TEST_F(WebhookTest, SecretsNeverReachTheLog) {
  ASSERT_EQ(
      postWebhook(*server, alice, exampleWithCallId("05-end-of-call-report-customer-ended.json", "s")).status,
      200);
  apiGet(*server, alice, "/api/calls");
  ASSERT_EQ(server->stop(), 0);
  auto log = readFile(server->logPath());
  EXPECT_EQ(log.find(alice.webhookSecret), std::string::npos);
  EXPECT_EQ(log.find(alice.apiToken), std::string::npos);
  EXPECT_EQ(log.find(alice.webhookPath), std::string::npos);  // the hook id is a credential too
}

TEST(WebhookLimits, OversizedBodiesGet413) {
  TempDir dir;
  auto db = dir.path() + "/vm.db";
  auto user = addUser(db, "big@example.com");
  ServerProcess server(db, {"--max-body", "4096"});
  std::string big = R"({"message":{"type":"status-update","pad":")" + std::string(10000, 'x') + "\"}}";
  auto r = postWebhook(server, user, big);
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(r.json().contains("error"));
  EXPECT_EQ(request("GET", server.url("/healthz")).status, 200);
}

}  // namespace
