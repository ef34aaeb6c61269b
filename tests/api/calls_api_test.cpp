// GET /api/calls (filters, paging), GET /api/calls/:callId (tenant scoped) and GET /api/calls/export.
#include "api_harness.hpp"
#include "http/url.hpp"

namespace vm::api::testing {
namespace {

class CallsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api.postWebhook(alice, endedCall("vapi-a1", "", "asst-1")).status, 200);
    ASSERT_EQ(api.postWebhook(alice, endedCall("vapi-a2", "", "asst-2")).status, 200);
  }
  http::Response get(const std::string& target) { return api.call("GET", target, "", auth); }

  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com");
  Headers auth = ApiHarness::bearer(alice.apiToken);
};

TEST_F(CallsApi, ListPagesThroughTheUsersCalls) {
  auto r = get("/api/calls");
  ASSERT_EQ(r.status, 200) << r.body;
  auto all = json(r);
  EXPECT_EQ(all["calls"].size(), 2u);
  EXPECT_TRUE(all["nextCursor"].is_null());
  EXPECT_FALSE(all["calls"][0].contains("transcript")) << "the list holds the short form";

  auto first = json(get("/api/calls?limit=1"));
  ASSERT_EQ(first["calls"].size(), 1u);
  ASSERT_TRUE(first["nextCursor"].is_string());
  auto second =
      json(get("/api/calls?limit=1&cursor=" + http::percentEncode(first["nextCursor"].get<std::string>())));
  ASSERT_EQ(second["calls"].size(), 1u);
  EXPECT_NE(second["calls"][0]["callId"], first["calls"][0]["callId"]);
  EXPECT_TRUE(second["nextCursor"].is_null());

  auto filtered = json(get("/api/calls?assistantId=asst-2&outcome=completed"));
  ASSERT_EQ(filtered["calls"].size(), 1u) << filtered;
  EXPECT_EQ(filtered["calls"][0]["vapiCallId"], "vapi-a2");
  EXPECT_EQ(json(get("/api/calls?from=2030-01-01"))["calls"].size(), 0u);
  EXPECT_EQ(json(get("/api/calls?q=opening%20hours"))["calls"].size(), 2u);

  // Another user sees none of them.
  auto bob = api.makeUser("bob@example.com");
  EXPECT_EQ(json(api.call("GET", "/api/calls", "", ApiHarness::bearer(bob.apiToken)))["calls"].size(), 0u);
}

TEST_F(CallsApi, ListErrors) {
  expectError(get("/api/calls?limit=0"), 422, "limit must be an integer from 1 to 500");
  expectError(get("/api/calls?limit=abc"), 422, "limit must be an integer from 1 to 500");
  expectError(get("/api/calls?outcome=great"), 422,
              "outcome must be one of completed, not-connected, error, in-progress");
  expectError(get("/api/calls?from=yesterday"), 422, "from must be an ISO-8601 date-time or YYYY-MM-DD");
  expectError(get("/api/calls?to=2026-13-45"), 422, "to must be an ISO-8601 date-time or YYYY-MM-DD");
  expectError(get("/api/calls?q=" + std::string(201, 'x')), 422, "q must be at most 200 characters");
  expectError(get("/api/calls?cursor=garbage"), 422, "cursor is invalid");
  expectError(get("/api/calls?cursor=" + std::string(513, 'a')), 422, "cursor is invalid");
  expectError(api.call("GET", "/api/calls"), 401, "authentication required");
  expectError(api.call("GET", "/api/calls", "", ApiHarness::bearer("vm_not-a-token")), 401,
              "invalid API token");
}

TEST_F(CallsApi, GetAnswersTheFullCall) {
  auto list = json(get("/api/calls?assistantId=asst-1"));
  ASSERT_EQ(list["calls"].size(), 1u);
  std::string id = list["calls"][0]["callId"];
  auto r = get("/api/calls/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  auto call = json(r);
  EXPECT_EQ(call["callId"], id);
  EXPECT_EQ(call["vapiCallId"], "vapi-a1");
  EXPECT_EQ(call["summary"], "The caller asked about opening hours.");
  EXPECT_TRUE(call.contains("transcript"));
  EXPECT_TRUE(call.contains("messages"));
}

TEST_F(CallsApi, GetErrors) {
  expectError(get("/api/calls/no-such-call"), 404, "call not found");
  expectError(api.call("GET", "/api/calls/anything"), 401, "authentication required");
  expectError(api.call("GET", "/api/calls/anything", "", ApiHarness::bearer("wrong")), 401,
              "invalid API token");
}

// Tenant scoping: another user's call id is "not found", exactly like a made-up one.
TEST_F(CallsApi, AnotherUsersCallIsNotFound) {
  std::string id = json(get("/api/calls"))["calls"][0]["callId"];
  auto bob = api.makeUser("bob@example.com");
  expectError(api.call("GET", "/api/calls/" + id, "", ApiHarness::bearer(bob.apiToken)), 404,
              "call not found");
}

TEST_F(CallsApi, ExportStreamsCsvAndJson) {
  auto csv = api.callStream("GET", "/api/calls/export", auth);
  ASSERT_EQ(csv.head.status, 200);
  EXPECT_EQ(csv.head.contentType, "text/csv; charset=utf-8");
  ASSERT_TRUE(csv.stream);
  ASSERT_TRUE(csv.stream->waitClosed());
  auto text = csv.stream->text();
  EXPECT_EQ(text.rfind("callId,vapiCallId,timestamp,", 0), 0u) << text;
  EXPECT_NE(text.find("vapi-a1"), std::string::npos);
  EXPECT_NE(text.find("vapi-a2"), std::string::npos);

  auto js = api.callStream("GET", "/api/calls/export?format=json&assistantId=asst-2", auth);
  ASSERT_EQ(js.head.status, 200);
  EXPECT_EQ(js.head.contentType, "application/json");
  ASSERT_TRUE(js.stream && js.stream->waitClosed());
  auto rows = nlohmann::json::parse(js.stream->text());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["vapiCallId"], "vapi-a2");
  EXPECT_TRUE(rows[0].contains("transcript")) << "the JSON export holds the full form";
}

TEST_F(CallsApi, ExportErrors) {
  auto bad = api.callStream("GET", "/api/calls/export?format=xml", auth);
  expectError(bad.head, 422, "format must be csv or json");
  EXPECT_FALSE(bad.stream);
  expectError(api.callStream("GET", "/api/calls/export?limit=9999", auth).head, 422,
              "limit must be an integer from 1 to 500");
  expectError(api.callStream("GET", "/api/calls/export").head, 401, "authentication required");
}

}  // namespace
}  // namespace vm::api::testing
