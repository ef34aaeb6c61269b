// GET /api/events: a Server-Sent Events stream of the user's call changes, and only the user's.
#include "api_harness.hpp"

namespace vm::api::testing {
namespace {

class EventsApi : public ::testing::Test {
 protected:
  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com");
  TestUser bob = api.makeUser("bob@example.com");
};

TEST_F(EventsApi, StreamDeliversTheUsersCallChanges) {
  auto events = api.callStream("GET", "/api/events", ApiHarness::bearer(alice.apiToken));
  ASSERT_EQ(events.head.status, 200);
  EXPECT_EQ(events.head.contentType, "text/event-stream");
  bool noStore = false;
  for (const auto& [name, value] : events.head.headers)
    noStore = noStore || (name == "Cache-Control" && value == "no-store");
  EXPECT_TRUE(noStore);
  ASSERT_TRUE(events.stream);
  ASSERT_TRUE(events.stream->waitFor("retry: 3000\n\n"));

  // Bob's call reaches Bob's subscribers only.
  ASSERT_EQ(api.postWebhook(bob, endedCall("vapi-bob")).status, 200);
  ASSERT_EQ(api.postWebhook(alice, endedCall("vapi-alice")).status, 200);
  // Each frame is written as one chunk, in commit order: once Alice's is there, Bob's would be too.
  ASSERT_TRUE(events.stream->waitFor("event: call\ndata: ")) << events.stream->text();
  auto text = events.stream->text();
  EXPECT_NE(text.find("vapi-alice"), std::string::npos) << text;
  EXPECT_EQ(text.find("vapi-bob"), std::string::npos) << text;

  // The frame's data is the call's JSON.
  auto start = text.find("data: ") + 6;
  auto call = nlohmann::json::parse(text.substr(start, text.find('\n', start) - start));
  EXPECT_EQ(call["vapiCallId"], "vapi-alice");
  EXPECT_EQ(call["status"], "ended");

  events.stream->close();
}

TEST_F(EventsApi, Errors) {
  auto anonymous = api.callStream("GET", "/api/events");
  expectError(anonymous.head, 401, "authentication required");
  EXPECT_FALSE(anonymous.stream);
  expectError(api.callStream("GET", "/api/events", ApiHarness::bearer("wrong")).head, 401,
              "invalid API token");
  expectError(api.call("POST", "/api/events"), 405, "method not allowed");
}

}  // namespace
}  // namespace vm::api::testing
