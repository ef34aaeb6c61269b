// Rate limits against the real server: API requests over the per-user budget get 429 with Retry-After and
// a JSON error; webhooks are never limited, even from one IP far over the API's per-IP budget.
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace vmtest;

namespace {

TEST(RateLimits, ApiOverTheUserBudgetGets429WithRetryAfter) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  auto alice = addUser(db, "alice-rl@example.com");
  auto bob = addUser(db, "bob-rl@example.com");
  ServerProcess server(db, {"--rate-limit-user", "5", "--rate-limit-ip", "0"});
  for (int i = 0; i < 5; ++i) ASSERT_EQ(apiGet(server, alice, "/api/calls").status, 200) << i;
  auto limited = apiGet(server, alice, "/api/calls");
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json()["error"], "too many requests, retry later");
  ASSERT_TRUE(limited.headers.count("retry-after"));
  EXPECT_GE(std::stoi(limited.headers["retry-after"]), 1);
  EXPECT_LE(std::stoi(limited.headers["retry-after"]), 12);  // 5 a minute: one token every 12 s
  EXPECT_EQ(apiGet(server, bob, "/api/calls").status, 200) << "one user's limit hit another";
  EXPECT_EQ(request("GET", server.url("/healthz")).status, 200) << "health checks are not API routes";
}

TEST(RateLimits, PerIpLimitCoversTheApiButNotWebhooks) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  auto user = addUser(db, "ip-rl@example.com");
  ServerProcess server(db, {"--rate-limit-ip", "3", "--rate-limit-user", "0"});
  for (int i = 0; i < 30; ++i) {
    auto r = postWebhook(
        server, user,
        exampleWithCallId("05-end-of-call-report-customer-ended.json", "rl-" + std::to_string(i)));
    ASSERT_EQ(r.status, 200) << "webhook " << i << " was limited: " << r.body;
  }
  int limited = 0;
  for (int i = 0; i < 6; ++i) limited += apiGet(server, user, "/api/calls").status == 429;
  EXPECT_EQ(limited, 3);
}

TEST(RateLimits, ZeroTurnsThemOff) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  auto user = addUser(db, "off-rl@example.com");
  ServerProcess server(db, {"--rate-limit-ip", "0", "--rate-limit-user", "0", "--rate-limit-auth", "0"});
  for (int i = 0; i < 50; ++i) ASSERT_EQ(apiGet(server, user, "/api/calls").status, 200) << i;
}

}  // namespace
