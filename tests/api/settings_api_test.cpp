// The user's VAPI settings: GET/PUT/DELETE /api/settings/vapi, POST /api/settings/webhook-secret/rotate,
// PUT /api/settings/webhook.
#include "api_harness.hpp"

namespace vm::api::testing {
namespace {

class SettingsApi : public ::testing::Test {
 protected:
  Headers authWith(Headers more) {
    more.insert(more.begin(), auth.begin(), auth.end());
    return more;
  }
  http::Response put(const std::string& body) { return api.call("PUT", "/api/settings/vapi", body, auth); }

  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com");
  Headers auth = ApiHarness::bearer(alice.apiToken);
};

TEST_F(SettingsApi, GetAnswersTheSetup) {
  auto r = api.call("GET", "/api/settings/vapi", "", authWith({{"Host", "vm.test"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = json(r);
  EXPECT_EQ(s["hasApiKey"], false);
  EXPECT_EQ(s["keyHint"], "");
  EXPECT_EQ(s["orgId"], "");
  EXPECT_EQ(s["webhookUrl"], "http://vm.test/webhook/vapi/" + alice.user.hookId);
  EXPECT_EQ(s["webhookSecretSet"], true);
  EXPECT_EQ(s["webhookAuth"], "secret");
  EXPECT_EQ(s["vapiSetup"]["headerName"], "X-Vapi-Secret");
  EXPECT_FALSE(s.contains("previousSecretValidUntil"));
  // Forwarded host and scheme from a peer that is no trusted proxy: ignored.
  r = api.call("GET", "/api/settings/vapi", "",
               authWith({{"Host", "internal:8080"}, {"X-Forwarded-Host", "evil.example"}}));
  EXPECT_EQ(json(r)["webhookUrl"], "http://internal:8080/webhook/vapi/" + alice.user.hookId);
  // Behind a trusted proxy (the harness's peer is 127.0.0.1): the forwarded host and scheme.
  api.app().config.trustedProxies = http::TrustedProxies({"127.0.0.1"});
  r = api.call("GET", "/api/settings/vapi", "",
               authWith({{"Host", "internal:8080"},
                         {"X-Forwarded-Host", "vm.example.com"},
                         {"X-Forwarded-Proto", "https"}}));
  EXPECT_EQ(json(r)["webhookUrl"], "https://vm.example.com/webhook/vapi/" + alice.user.hookId);
}

TEST_F(SettingsApi, GetErrors) {
  expectError(api.call("GET", "/api/settings/vapi"), 401, "authentication required");
  expectError(api.call("GET", "/api/settings/vapi", "", ApiHarness::bearer("wrong")), 401,
              "invalid API token");
}

TEST_F(SettingsApi, PutStoresKeyAndOrgId) {
  auto r = put(R"({"apiKey":"sk-test-1234abcd","orgId":"org-alice"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = json(r);
  EXPECT_EQ(s["hasApiKey"], true);
  EXPECT_EQ(s["keyHint"], "\u2026abcd");
  EXPECT_EQ(s["orgId"], "org-alice");
  EXPECT_EQ(r.body.find("sk-test-1234abcd"), std::string::npos) << "the key is never returned";
  EXPECT_EQ(api.app().vapiKeyFor(alice.user.id), std::optional<std::string>("sk-test-1234abcd"));
  // The org id routes org webhooks to this user at once (the identity cache was cleared).
  EXPECT_EQ(api.call("POST", "/webhook/vapi", endedCall("c1", "org-alice").dump(),
                     {{"X-Vapi-Secret", alice.webhookSecret}})
                .status,
            200);
  // Fields left out (or null) stay as they are.
  s = json(put(R"({"apiKey":null})"));
  EXPECT_EQ(s["hasApiKey"], true);
  EXPECT_EQ(s["orgId"], "org-alice");
}

TEST_F(SettingsApi, PutErrors) {
  expectError(put("{"), 400, "request body is not valid JSON");
  expectError(put("\"key\""), 400, "request body must be a JSON object");
  expectError(api.call("PUT", "/api/settings/vapi", "{}", authWith({{"Content-Type", "text/plain"}})), 415,
              "Content-Type must be application/json");
  expectError(put(R"({"apiKey":"short"})"), 422, "apiKey must be 8 to 512 characters");
  expectError(put(nlohmann::json{{"apiKey", std::string(513, 'k')}}.dump()), 422,
              "apiKey must be 8 to 512 characters");
  expectError(put(R"({"apiKey":"has a space in it"})"), 422,
              "apiKey contains characters a VAPI key never has");
  expectError(put(R"({"apiKey":12345678})"), 422, "apiKey must be a string");
  expectError(put(nlohmann::json{{"orgId", std::string(129, 'o')}}.dump()), 422, "orgId is too long");
  expectError(put(R"({"orgId":["a"]})"), 422, "orgId must be a string");
  api.makeUser("bob@example.com", "org-bob");
  expectError(put(R"({"orgId":"org-bob"})"), 409,
              "this VAPI organization already belongs to another account");
  expectError(api.call("PUT", "/api/settings/vapi", "{}"), 401, "authentication required");
  api.app().vault.reset();
  expectError(put(R"({"apiKey":"sk-test-1234abcd"})"), 503,
              "the credential vault is not configured (no master key)");
}

TEST_F(SettingsApi, StateChangingRoutesNeedTheCsrfTokenWithASession) {
  api.makeUser("carol@example.com", "", ApiHarness::kPassword);
  auto login =
      api.call("POST", "/api/auth/login",
               nlohmann::json{{"email", "carol@example.com"}, {"password", ApiHarness::kPassword}}.dump(),
               {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookie =
      "vm_session=" + setCookie(login, "vm_session") + "; vm_csrf=" + setCookie(login, "vm_csrf");
  const std::string csrfError =
      "missing or invalid CSRF token (send the vm_csrf cookie's value in X-CSRF-Token)";
  expectError(api.call("PUT", "/api/settings/vapi", R"({"orgId":"o"})", {{"Cookie", cookie}}), 403,
              csrfError);
  expectError(api.call("PUT", "/api/settings/vapi", R"({"orgId":"o"})",
                       {{"Cookie", cookie}, {"X-CSRF-Token", "not-the-token"}}),
              403, csrfError);
  expectError(api.call("DELETE", "/api/settings/vapi", "", {{"Cookie", cookie}}), 403, csrfError);
  expectError(api.call("POST", "/api/settings/webhook-secret/rotate", "", {{"Cookie", cookie}}), 403,
              csrfError);
  expectError(api.call("PUT", "/api/settings/webhook", R"({"mode":"hmac"})", {{"Cookie", cookie}}), 403,
              csrfError);
  // Reads need no token; with the token the change goes through.
  EXPECT_EQ(api.call("GET", "/api/settings/vapi", "", {{"Cookie", cookie}}).status, 200);
  auto r = api.call("PUT", "/api/settings/vapi", R"({"orgId":"o"})",
                    {{"Cookie", cookie}, {"X-CSRF-Token", setCookie(login, "vm_csrf")}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(SettingsApi, DeleteForgetsKeyAndOrgId) {
  ASSERT_EQ(put(R"({"apiKey":"sk-test-1234abcd","orgId":"org-alice"})").status, 200);
  auto r = api.call("DELETE", "/api/settings/vapi", "", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r), (nlohmann::json{{"ok", true}}));
  auto s = json(api.call("GET", "/api/settings/vapi", "", auth));
  EXPECT_EQ(s["hasApiKey"], false);
  EXPECT_EQ(s["orgId"], "");
  EXPECT_EQ(api.app().vapiKeyFor(alice.user.id), std::nullopt);
  expectError(api.call("POST", "/webhook/vapi", endedCall("c1", "org-alice").dump(),
                       {{"X-Vapi-Secret", alice.webhookSecret}}),
              404, "unknown orgId");
  expectError(api.call("DELETE", "/api/settings/vapi"), 401, "authentication required");
  expectError(api.call("DELETE", "/api/settings/vapi", "", ApiHarness::bearer("x")), 401,
              "invalid API token");
}

TEST_F(SettingsApi, RotateGivesANewSecretAndKeepsTheOld) {
  auto r = api.call("POST", "/api/settings/webhook-secret/rotate", "", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json(r);
  ASSERT_TRUE(body["webhookSecret"].is_string());
  EXPECT_NE(body["webhookSecret"], alice.webhookSecret);
  EXPECT_TRUE(body["previousValidUntil"].is_string());
  bool noStore = false;
  for (const auto& [name, value] : r.headers)
    noStore = noStore || (name == "Cache-Control" && value == "no-store");
  EXPECT_TRUE(noStore);
  auto s = json(api.call("GET", "/api/settings/vapi", "", auth));
  EXPECT_EQ(s["previousSecretValidUntil"], body["previousValidUntil"]);
}

TEST_F(SettingsApi, RotateErrors) {
  expectError(api.call("POST", "/api/settings/webhook-secret/rotate"), 401, "authentication required");
  expectError(api.call("POST", "/api/settings/webhook-secret/rotate", "", ApiHarness::bearer("x")), 401,
              "invalid API token");
  api.app().vault.reset();
  expectError(api.call("POST", "/api/settings/webhook-secret/rotate", "", auth), 503,
              "the credential vault is not configured (no master key)");
}

TEST_F(SettingsApi, WebhookModeHmac) {
  auto r = api.call("PUT", "/api/settings/webhook", R"({"mode":"hmac"})", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = json(r);
  EXPECT_EQ(s["webhookAuth"], "hmac");
  EXPECT_EQ(s["vapiSetup"]["signatureHeader"], "x-signature");
  EXPECT_EQ(s["vapiSetup"]["algorithm"], "sha256");
  r = api.call("PUT", "/api/settings/webhook", R"({"mode":"secret"})", auth);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r)["webhookAuth"], "secret");
}

TEST_F(SettingsApi, WebhookModeErrors) {
  auto mode = [&](const std::string& body, Headers headers = {}) {
    headers.insert(headers.begin(), auth.begin(), auth.end());
    return api.call("PUT", "/api/settings/webhook", body, headers);
  };
  expectError(mode("{"), 400, "request body is not valid JSON");
  expectError(mode("{}", {{"Content-Type", "text/plain"}}), 415, "Content-Type must be application/json");
  expectError(mode(R"({"mode":"basic"})"), 422, "mode must be \"secret\" or \"hmac\"");
  expectError(mode("{}"), 422, "mode must be \"secret\" or \"hmac\"");
  expectError(mode(R"({"mode":1})"), 422, "mode must be a string");
  expectError(api.call("PUT", "/api/settings/webhook", R"({"mode":"hmac"})"), 401, "authentication required");
  // An account whose webhook secret the server cannot read (made without a vault) must rotate first.
  auto made = accounts::provisionUser(api.app().store, nullptr, "novault@example.com", "", "", true);
  expectError(
      api.call("PUT", "/api/settings/webhook", R"({"mode":"hmac"})", ApiHarness::bearer(made.apiToken)), 409,
      "rotate the webhook secret first: HMAC needs a secret this server can read");
}

}  // namespace
}  // namespace vm::api::testing
