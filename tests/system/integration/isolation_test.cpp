// Two users signed up side by side, each with calls from their own webhooks: every endpoint of one,
// tried with the other's ids, answers 404 (or the caller's own data), never the other's data.
#include <gtest/gtest.h>

#include "auth_client.hpp"
#include "harness.hpp"

using namespace vmtest;

namespace {

const std::string kPassword = "correct horse battery staple";

struct Tenant {
  Browser browser;
  std::string webhookPath, secret, tokenId;
};

TEST(Isolation, NoEndpointCrossesUsers) {
  TempDir dir;
  ServerProcess server(dir.path() + "/vm.db");
  Tenant a{{&server}}, b{{&server}};
  ASSERT_EQ(a.browser.signup("a@example.com", kPassword).status, 201);
  ASSERT_EQ(b.browser.signup("b@example.com", kPassword).status, 201);
  for (Tenant* t : {&a, &b}) {
    auto url = t->browser.call("GET", "/api/settings/vapi").json()["webhookUrl"].get<std::string>();
    t->webhookPath = url.substr(url.find("/webhook/"));
    t->secret = t->browser.call("POST", "/api/settings/webhook-secret/rotate").json()["webhookSecret"];
    t->tokenId = t->browser.call("POST", "/api/tokens", R"({"name":"t"})").json()["id"];
  }
  auto send = [&](Tenant& t, const std::string& callId) {
    return request("POST", server.url(t.webhookPath),
                   exampleWithCallId("05-end-of-call-report-customer-ended.json", callId),
                   {"Content-Type: application/json", "X-Vapi-Secret: " + t.secret});
  };
  ASSERT_EQ(send(a, "call-a").status, 200);
  ASSERT_EQ(send(b, "call-b").status, 200);
  // One user's secret does not open the other's webhook.
  EXPECT_EQ(request("POST", server.url(b.webhookPath),
                    exampleWithCallId("05-end-of-call-report-customer-ended.json", "x"),
                    {"Content-Type: application/json", "X-Vapi-Secret: " + a.secret})
                .status,
            401);

  EXPECT_EQ(a.browser.call("GET", "/api/calls/vapi_call-a").status, 200);
  EXPECT_EQ(a.browser.call("GET", "/api/calls/vapi_call-b").status, 404);
  EXPECT_EQ(b.browser.call("GET", "/api/calls/vapi_call-a").status, 404);
  auto listA = a.browser.call("GET", "/api/calls");
  EXPECT_EQ(listA.body.find("call-b"), std::string::npos);
  EXPECT_EQ(listA.json()["calls"].size(), 1u);
  auto exportA = a.browser.call("GET", "/api/calls/export?format=json");
  EXPECT_EQ(exportA.body.find("call-b"), std::string::npos);
  EXPECT_EQ(a.browser.call("GET", "/api/me").json()["callCount"], 1);
  EXPECT_EQ(a.browser.call("DELETE", "/api/tokens/" + b.tokenId).status, 404);
  EXPECT_EQ(b.browser.call("GET", "/api/tokens").json()["tokens"].size(), 1u);
  EXPECT_EQ(a.browser.call("GET", "/api/tokens").body.find(b.tokenId), std::string::npos);
  // Settings: org ids are unique across users.
  EXPECT_EQ(a.browser.call("PUT", "/api/settings/vapi", R"({"orgId":"org-shared"})").status, 200);
  EXPECT_EQ(b.browser.call("PUT", "/api/settings/vapi", R"({"orgId":"org-shared"})").status, 409);
  EXPECT_EQ(b.browser.call("GET", "/api/settings/vapi").json()["orgId"], "");
  auto analyticsB = b.browser.call("GET", "/api/analytics?from=2020-01-01&to=2030-12-31");
  EXPECT_EQ(analyticsB.status, 200);
  EXPECT_EQ(analyticsB.json()["totals"]["totalCalls"], 1);
}

}  // namespace
