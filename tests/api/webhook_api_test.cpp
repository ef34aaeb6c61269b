// POST /webhook/vapi/:hookId and POST /webhook/vapi: authentication (secret, previous secret, HMAC),
// the body checks, and that an acknowledged call is stored.
#include "api_harness.hpp"
#include "auth/hmac.hpp"
#include "domain/time.hpp"

namespace vm::api::testing {
namespace {

const Headers kJson = {{"Content-Type", "application/json"}};

Headers withSecret(const std::string& secret) {
  return {{"Content-Type", "application/json"}, {"X-Vapi-Secret", secret}};
}

class WebhookApi : public ::testing::Test {
 protected:
  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com", "org-alice");
  std::string hookPath = "/webhook/vapi/" + alice.user.hookId;

  nlohmann::json calls() {
    auto r = api.call("GET", "/api/calls", "", ApiHarness::bearer(alice.apiToken));
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r)["calls"];
  }
};

TEST_F(WebhookApi, HookIdWebhookStoresTheCall) {
  auto r = api.postWebhook(alice, endedCall("vapi-call-1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json(r), (nlohmann::json{{"ok", true}}));
  auto stored = calls();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]["vapiCallId"], "vapi-call-1");
  EXPECT_EQ(stored[0]["endedReason"], "customer-ended-call");
  EXPECT_EQ(stored[0]["status"], "ended");

  // The secret may also come as Authorization: Bearer.
  r = api.call("POST", hookPath, endedCall("vapi-call-2").dump(),
               {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + alice.webhookSecret}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(calls().size(), 2u);
}

TEST_F(WebhookApi, MessagesThatCarryNoCallChangeAreAcknowledged) {
  nlohmann::json toolCalls = {{"message", {{"type", "tool-calls"}, {"call", {{"id", "vapi-call-1"}}}}}};
  auto r = api.call("POST", hookPath, toolCalls.dump(), withSecret(alice.webhookSecret));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(calls().size(), 0u);
}

TEST_F(WebhookApi, HookIdWebhookErrors) {
  const std::string body = endedCall("vapi-call-1").dump();
  expectError(api.call("POST", "/webhook/vapi/no-such-hook", body, withSecret(alice.webhookSecret)), 404,
              "unknown webhook");
  expectError(api.call("POST", hookPath, body, kJson), 401, "missing webhook secret");
  expectError(api.call("POST", hookPath, body, withSecret("wrong-secret")), 401, "invalid webhook secret");
  // Another user's secret is as wrong as a made-up one.
  auto bob = api.makeUser("bob@example.com");
  expectError(api.call("POST", hookPath, body, withSecret(bob.webhookSecret)), 401, "invalid webhook secret");
  expectError(api.call("POST", hookPath, body,
                       {{"Content-Type", "text/plain"}, {"X-Vapi-Secret", alice.webhookSecret}}),
              415, "Content-Type must be application/json");
  expectError(api.call("POST", hookPath, "{not json", withSecret(alice.webhookSecret)), 400,
              "request body is not valid JSON");
  expectError(api.call("POST", hookPath, "[1,2]", withSecret(alice.webhookSecret)), 400,
              "request body must be a JSON object");
  expectError(
      api.call("POST", hookPath, R"({"message":{"call":{"id":"c"}}})", withSecret(alice.webhookSecret)), 400,
      "request body has no message.type");
  expectError(api.call("POST", hookPath, R"({"message":{"type":"end-of-call-report"}})",
                       withSecret(alice.webhookSecret)),
              400, "message has no call.id");
  EXPECT_EQ(calls().size(), 0u);
}

TEST_F(WebhookApi, OrgIdWebhookStoresTheCall) {
  auto r = api.call("POST", "/webhook/vapi", endedCall("vapi-call-9", "org-alice").dump(),
                    withSecret(alice.webhookSecret));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r), (nlohmann::json{{"ok", true}}));
  auto stored = calls();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0]["vapiCallId"], "vapi-call-9");
}

TEST_F(WebhookApi, OrgIdWebhookErrors) {
  expectError(api.call("POST", "/webhook/vapi", endedCall("c1").dump(), withSecret(alice.webhookSecret)), 404,
              "message.call.orgId is missing: use the webhook URL with your hook id");
  expectError(api.call("POST", "/webhook/vapi", endedCall("c1", "org-nobody").dump(),
                       withSecret(alice.webhookSecret)),
              404, "unknown orgId");
  expectError(api.call("POST", "/webhook/vapi", endedCall("c1", "org-alice").dump(), kJson), 401,
              "missing webhook secret");
  expectError(
      api.call("POST", "/webhook/vapi", endedCall("c1", "org-alice").dump(), withSecret("wrong-secret")), 401,
      "invalid webhook secret");
  expectError(api.call("POST", "/webhook/vapi", endedCall("c1", "org-alice").dump(),
                       {{"Content-Type", "text/html"}, {"X-Vapi-Secret", alice.webhookSecret}}),
              415, "Content-Type must be application/json");
  // The owner is found (and authenticated) before the body is parsed: a body naming no org is refused
  // as such, and one that names Alice's org but is not JSON is refused only after her secret checked out.
  expectError(api.call("POST", "/webhook/vapi", "nope", withSecret(alice.webhookSecret)), 404,
              "message.call.orgId is missing: use the webhook URL with your hook id");
  expectError(api.call("POST", "/webhook/vapi", R"({"message":{"call":{"orgId":"org-alice"}},)",
                       withSecret(alice.webhookSecret)),
              400, "request body is not valid JSON");
  EXPECT_EQ(calls().size(), 0u);
}

TEST_F(WebhookApi, PreviousSecretWorksAfterARotation) {
  auto rotated =
      api.call("POST", "/api/settings/webhook-secret/rotate", "", ApiHarness::bearer(alice.apiToken));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  std::string fresh = json(rotated)["webhookSecret"];
  EXPECT_EQ(api.call("POST", hookPath, endedCall("c1").dump(), withSecret(fresh)).status, 200);
  EXPECT_EQ(api.call("POST", hookPath, endedCall("c2").dump(), withSecret(alice.webhookSecret)).status, 200);

  // Without a grace period the old secret stops at once.
  api.app().config.webhookGraceSeconds = 0;
  rotated = api.call("POST", "/api/settings/webhook-secret/rotate", "", ApiHarness::bearer(alice.apiToken));
  ASSERT_EQ(rotated.status, 200);
  expectError(api.call("POST", hookPath, endedCall("c3").dump(), withSecret(fresh)), 401,
              "invalid webhook secret");
}

TEST_F(WebhookApi, HmacMode) {
  auto mode =
      api.call("PUT", "/api/settings/webhook", R"({"mode":"hmac"})", ApiHarness::bearer(alice.apiToken));
  ASSERT_EQ(mode.status, 200) << mode.body;
  const std::string body = endedCall("vapi-call-h").dump();
  expectError(api.call("POST", hookPath, body, withSecret(alice.webhookSecret)), 401,
              "missing x-signature or x-timestamp header");
  const std::string now = std::to_string(domain::nowMs() / 1000);
  expectError(api.call("POST", hookPath, body, {{"X-Signature", "00ff"}, {"X-Timestamp", now}}), 401,
              "invalid webhook signature");
  expectError(api.call("POST", hookPath, body,
                       {{"X-Signature", auth::webhookSignature(alice.webhookSecret, "12", body)},
                        {"X-Timestamp", "12"}}),
              401, "x-timestamp is missing, malformed or too far from the server's clock");
  auto r = api.call("POST", hookPath, body,
                    {{"Content-Type", "application/json"},
                     {"X-Signature", auth::webhookSignature(alice.webhookSecret, now, body)},
                     {"X-Timestamp", now}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(calls().size(), 1u);
}

}  // namespace
}  // namespace vm::api::testing
