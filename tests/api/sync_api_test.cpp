// GET /api/sync (both sync types, always) and POST /api/sync (a background sync against the fake VAPI).
#include <thread>

#include "api_harness.hpp"
#include "fake_vapi_process.hpp"

namespace vm::api::testing {
namespace {

const std::string kKey = "vapi-private-key-1";

class SyncApi : public ::testing::Test {
 protected:
  void SetUp() override { api.useVapi(fake.baseUrl()); }

  // syncType -> its state, as GET /api/sync answers.
  std::map<std::string, nlohmann::json> states() {
    auto r = api.call("GET", "/api/sync", "", auth);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, nlohmann::json> byType;
    auto body = json(r);
    for (const auto& s : body["syncs"]) byType[s["syncType"]] = s;
    return byType;
  }
  // Waits until no sync type is running (or a few seconds passed).
  std::map<std::string, nlohmann::json> settled() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto s = states();
    while (std::chrono::steady_clock::now() < deadline &&
           (s["calls"]["syncStatus"] != "success" && s["calls"]["syncStatus"] != "failed")) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      s = states();
    }
    return s;
  }

  vmsync::FakeVapiProcess fake{kKey, 5};
  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com");
  Headers auth = ApiHarness::bearer(alice.apiToken);
};

TEST_F(SyncApi, StatesListBothTypes) {
  auto s = states();
  ASSERT_EQ(s.size(), 2u);
  for (const char* type : {"calls", "assistants"}) {
    EXPECT_EQ(s[type]["syncStatus"], "") << type << ": never run";
    EXPECT_TRUE(s[type]["lastSyncTimestamp"].is_null());
    EXPECT_TRUE(s[type]["errorMessage"].is_null());
    EXPECT_EQ(s[type]["syncedCount"], 0);
  }
  expectError(api.call("GET", "/api/sync"), 401, "authentication required");
  expectError(api.call("GET", "/api/sync", "", ApiHarness::bearer("x")), 401, "invalid API token");
}

TEST_F(SyncApi, StartRunsASyncAgainstVapi) {
  api.setVapiKey(alice, kKey);
  // VAPI answers the first request slowly, so the sync is still running when the second start comes.
  fake.fault({{"delayMs", 500}, {"count", 1}});
  auto r = api.call("POST", "/api/sync", "", auth);
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json(r), (nlohmann::json{{"started", true}}));
  expectError(api.call("POST", "/api/sync", "", auth), 409, "a sync is already running");

  auto s = settled();
  EXPECT_EQ(s["calls"]["syncStatus"], "success") << s["calls"];
  EXPECT_EQ(s["calls"]["syncedCount"], 5);
  EXPECT_TRUE(s["calls"]["lastSyncTimestamp"].is_string());
  EXPECT_EQ(json(api.call("GET", "/api/calls", "", auth))["calls"].size(), 5u);
}

TEST_F(SyncApi, StartErrors) {
  expectError(api.call("POST", "/api/sync", "", auth), 400, "VAPI API key not configured");
  expectError(api.call("POST", "/api/sync"), 401, "authentication required");
  expectError(api.call("POST", "/api/sync", "", ApiHarness::bearer("x")), 401, "invalid API token");
  api.app().backgroundSyncs->shutdown();
  api.setVapiKey(alice, kKey);
  expectError(api.call("POST", "/api/sync", "", auth), 503, "the server is shutting down");
}

// A key VAPI rejects: the start is accepted, the sync fails and says why.
TEST_F(SyncApi, FailedSyncReportsItsError) {
  api.setVapiKey(alice, "a-key-vapi-does-not-know");
  ASSERT_EQ(api.call("POST", "/api/sync", "", auth).status, 202);
  auto s = settled();
  EXPECT_EQ(s["calls"]["syncStatus"], "failed") << s["calls"];
  EXPECT_TRUE(s["calls"]["errorMessage"].is_string()) << s["calls"];
}

}  // namespace
}  // namespace vm::api::testing
