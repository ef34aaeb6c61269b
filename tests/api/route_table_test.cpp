// Every route declares who may call it, and the declaration is what the server enforces: the table
// below is the policy; a route added without an entry here (or with another access) fails this test.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "api/app.hpp"
#include "api/routes.hpp"
#include "http/message.hpp"
#include "temp_app.hpp"

namespace vm::api {
namespace {

// method + path -> the access it must declare (Access::describe()).
const std::map<std::string, std::string> kPolicy = {
    {"DELETE /api/assistants/:id", "user+api-limit"},
    {"DELETE /api/settings/vapi", "user+api-limit"},
    {"DELETE /api/tokens/:id", "user+api-limit"},
    {"GET /api/analytics", "user+api-limit"},
    {"GET /api/analytics/assistants", "user+api-limit"},
    {"GET /api/assistants", "user+api-limit"},
    {"GET /api/assistants/:id", "user+api-limit"},
    {"GET /api/calls", "user+api-limit"},
    {"GET /api/calls/:callId", "user+api-limit"},
    {"GET /api/calls/export", "user+api-limit"},
    {"GET /api/events", "user+api-limit"},
    {"GET /api/me", "user+api-limit"},

    {"GET /api/settings/vapi", "user+api-limit"},
    {"GET /api/sync", "user+api-limit"},
    {"GET /api/tokens", "user+api-limit"},
    {"GET /healthz", "public"},
    {"GET /metrics", "public"},
    {"PATCH /api/assistants/:id", "user+api-limit"},
    {"POST /api/assistants", "user+api-limit"},
    {"POST /api/assistants/:id/connect", "user+api-limit"},
    {"POST /api/auth/login", "public+signin-limit"},
    {"POST /api/auth/logout", "public+signin-limit"},
    {"POST /api/auth/password", "user+signin-limit"},
    {"POST /api/auth/signup", "public+signin-limit"},
    {"POST /api/settings/webhook-secret/rotate", "user+api-limit"},
    {"POST /api/sync", "user+api-limit"},
    {"POST /api/tokens", "user+api-limit"},
    {"POST /webhook/vapi", "webhook"},
    {"POST /webhook/vapi/:hookId", "webhook"},
    {"PUT /api/settings/vapi", "user+api-limit"},
    {"PUT /api/settings/webhook", "user+api-limit"},
};

struct RecordingResponder : http::Responder {
  std::optional<http::Response> sent;
  void send(http::Response response) override { sent = std::move(response); }
  std::shared_ptr<http::Stream> stream(http::Response) override { return nullptr; }
};

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override { table = registerAllRoutes(router, app); }

  testing::TempApp temp{"routes"};
  AppContext& app = temp.app();
  http::Router router;
  std::vector<RouteEntry> table;
};

TEST_F(RouteTableTest, EveryRouteHasTheAccessItsPolicySays) {
  std::set<std::string> seen;
  for (const auto& route : table) {
    auto key = route.method + " " + route.path;
    seen.insert(key);
    auto expected = kPolicy.find(key);
    ASSERT_NE(expected, kPolicy.end()) << key << " has no entry in the policy table of this test";
    EXPECT_EQ(route.access.describe(), expected->second) << key;
  }
  for (const auto& [key, access] : kPolicy)
    EXPECT_TRUE(seen.count(key)) << key << " is in the policy, not routed";
}

// The declaration is enforced in one place: every user route answers 401 to a request without credentials,
// before its handler can look at anything.
TEST_F(RouteTableTest, EveryUserRouteRefusesAnAnonymousRequest) {
  for (const auto& route : table) {
    if (route.access.kind() != Access::Kind::User) continue;
    http::Request req;
    req.method = route.method;
    req.path = route.path;  // ":param" segments stand for any value
    req.remoteIp = "127.0.0.1";
    auto res = std::make_shared<RecordingResponder>();
    router.dispatch(req, res);
    ASSERT_TRUE(res->sent) << route.method << " " << route.path;
    EXPECT_EQ(res->sent->status, 401) << route.method << " " << route.path << ": " << res->sent->body;
  }
}

}  // namespace
}  // namespace vm::api
