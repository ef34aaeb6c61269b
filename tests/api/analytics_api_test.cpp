// GET /api/analytics (per-day rows and totals) and GET /api/analytics/assistants, UTC day ranges.
#include "api_harness.hpp"

namespace vm::api::testing {
namespace {

class AnalyticsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api.postWebhook(alice, endedCall("vapi-a1", "", "asst-1")).status, 200);
    ASSERT_EQ(api.postWebhook(alice, endedCall("vapi-a2", "", "asst-1")).status, 200);
    ASSERT_EQ(api.postWebhook(alice, endedCall("vapi-a3", "", "asst-2")).status, 200);
  }
  http::Response get(const std::string& target) { return api.call("GET", target, "", auth); }

  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com");
  Headers auth = ApiHarness::bearer(alice.apiToken);
};

TEST_F(AnalyticsApi, DaysAndTotalsOfTheRange) {
  auto r = get("/api/analytics?from=2026-03-01&to=2026-03-03");
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = json(r);
  EXPECT_EQ(a["from"], "2026-03-01");
  EXPECT_EQ(a["to"], "2026-03-03");
  EXPECT_EQ(a["totals"]["totalCalls"], 3);
  EXPECT_DOUBLE_EQ(a["totals"]["totalCost"].get<double>(), 0.15);
  bool sawDay = false;
  for (const auto& day : a["days"])
    if (day["date"] == "2026-03-02") {
      sawDay = true;
      EXPECT_EQ(day["totalCalls"], 3);
    }
  EXPECT_TRUE(sawDay) << a;

  // A single day given as `to` alone; the default range is the last 30 days.
  EXPECT_EQ(json(get("/api/analytics?to=2026-03-02"))["totals"]["totalCalls"], 3);
  auto recent = get("/api/analytics");
  ASSERT_EQ(recent.status, 200);
  EXPECT_TRUE(json(recent).contains("totals"));
  // Another user's analytics hold none of them.
  auto bob = api.makeUser("bob@example.com");
  EXPECT_EQ(json(api.call("GET", "/api/analytics?from=2026-03-01&to=2026-03-03", "",
                          ApiHarness::bearer(bob.apiToken)))["totals"]["totalCalls"],
            0);
}

TEST_F(AnalyticsApi, PerAssistantTotals) {
  auto r = get("/api/analytics/assistants?from=2026-03-01&to=2026-03-03");
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = json(r);
  EXPECT_EQ(a["from"], "2026-03-01");
  EXPECT_EQ(a["to"], "2026-03-03");
  std::map<std::string, int> calls;
  for (const auto& row : a["assistants"]) calls[row["assistantId"]] = row["totalCalls"];
  EXPECT_EQ(calls, (std::map<std::string, int>{{"asst-1", 2}, {"asst-2", 1}})) << a;
}

TEST_F(AnalyticsApi, Errors) {
  for (std::string route : {"/api/analytics", "/api/analytics/assistants"}) {
    expectError(get(route + "?from=March"), 422, "from must be a date YYYY-MM-DD");
    expectError(get(route + "?to=2026-02-30"), 422, "to must be a date YYYY-MM-DD");
    expectError(get(route + "?from=2026-03-05&to=2026-03-01"), 422, "from must not be after to");
    expectError(api.call("GET", route), 401, "authentication required");
    expectError(api.call("GET", route, "", ApiHarness::bearer("wrong")), 401, "invalid API token");
  }
}

}  // namespace
}  // namespace vm::api::testing
