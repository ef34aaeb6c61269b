// The user's API tokens: GET /api/tokens, POST /api/tokens, DELETE /api/tokens/:id.
#include "api_harness.hpp"

namespace vm::api::testing {
namespace {

class TokensApi : public ::testing::Test {
 protected:
  http::Response create(const std::string& body, Headers headers = {}) {
    headers.insert(headers.begin(), auth.begin(), auth.end());
    return api.call("POST", "/api/tokens", body, headers);
  }

  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com");
  Headers auth = ApiHarness::bearer(alice.apiToken);
};

TEST_F(TokensApi, ListShowsTheUsersTokens) {
  ASSERT_EQ(create(R"({"name":"ci"})").status, 201);
  auto r = api.call("GET", "/api/tokens", "", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  auto tokens = json(r)["tokens"];
  ASSERT_EQ(tokens.size(), 2u) << tokens;  // the one made with the user, and "ci"
  std::set<std::string> names;
  for (const auto& t : tokens) {
    names.insert(t["name"].get<std::string>());
    EXPECT_TRUE(t["id"].is_string());
    EXPECT_TRUE(t["createdAt"].is_string());
    EXPECT_FALSE(t.contains("token")) << "a token is shown once, at creation";
  }
  EXPECT_TRUE(names.count("ci"));
  // Another user lists only its own.
  auto bob = api.makeUser("bob@example.com");
  EXPECT_EQ(json(api.call("GET", "/api/tokens", "", ApiHarness::bearer(bob.apiToken)))["tokens"].size(), 1u);
  expectError(api.call("GET", "/api/tokens"), 401, "authentication required");
  expectError(api.call("GET", "/api/tokens", "", ApiHarness::bearer("x")), 401, "invalid API token");
}

TEST_F(TokensApi, CreateGivesAWorkingToken) {
  auto r = create(R"({"name":"deploy"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto made = json(r);
  EXPECT_EQ(made["name"], "deploy");
  ASSERT_TRUE(made["token"].is_string());
  EXPECT_EQ(made["token"].get<std::string>().rfind("vm_", 0), 0u);
  EXPECT_TRUE(made["id"].is_string());
  auto me = api.call("GET", "/api/me", "", ApiHarness::bearer(made["token"]));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json(me)["id"], alice.user.id);
  // Without a name: "token".
  EXPECT_EQ(json(create("{}"))["name"], "token");
}

TEST_F(TokensApi, CreateErrors) {
  expectError(create("{"), 400, "request body is not valid JSON");
  expectError(create("[]"), 400, "request body must be a JSON object");
  expectError(create("{}", {{"Content-Type", "text/plain"}}), 415, "Content-Type must be application/json");
  expectError(create(nlohmann::json{{"name", std::string(101, 'n')}}.dump()), 422,
              "name must be at most 100 characters");
  expectError(create(R"({"name":7})"), 422, "name must be a string");
  expectError(api.call("POST", "/api/tokens", "{}"), 401, "authentication required");
  expectError(api.call("POST", "/api/tokens", "{}", ApiHarness::bearer("x")), 401, "invalid API token");
}

TEST_F(TokensApi, DeleteRevokesTheToken) {
  auto made = json(create(R"({"name":"temp"})"));
  auto r = api.call("DELETE", "/api/tokens/" + made["id"].get<std::string>(), "", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r), (nlohmann::json{{"ok", true}}));
  expectError(api.call("GET", "/api/me", "", ApiHarness::bearer(made["token"])), 401, "invalid API token");
  EXPECT_EQ(api.call("GET", "/api/me", "", auth).status, 200) << "the other token still works";
}

TEST_F(TokensApi, DeleteErrors) {
  expectError(api.call("DELETE", "/api/tokens/no-such-token", "", auth), 404, "token not found");
  // Another user's token id is "not found", and the token keeps working.
  auto bob = api.makeUser("bob@example.com");
  std::string bobsId =
      json(api.call("GET", "/api/tokens", "", ApiHarness::bearer(bob.apiToken)))["tokens"][0]["id"];
  expectError(api.call("DELETE", "/api/tokens/" + bobsId, "", auth), 404, "token not found");
  EXPECT_EQ(api.call("GET", "/api/me", "", ApiHarness::bearer(bob.apiToken)).status, 200);
  expectError(api.call("DELETE", "/api/tokens/" + bobsId), 401, "authentication required");
  expectError(api.call("DELETE", "/api/tokens/" + bobsId, "", ApiHarness::bearer("x")), 401,
              "invalid API token");
}

}  // namespace
}  // namespace vm::api::testing
