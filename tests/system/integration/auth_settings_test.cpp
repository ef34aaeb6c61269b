// Settings end to end: the VAPI key stored encrypted and never returned, webhook secret rotation with a
// grace period, HMAC webhooks, API tokens; and no secret made in the test appears in the server's log.
#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>

#include "auth_client.hpp"
#include "harness.hpp"

using namespace vmtest;

namespace {

const std::string kPassword = "correct horse battery staple";
const std::string kVapiKey = "sk-live-0123456789abcdefWXYZ";

HttpResult webhook(const ServerProcess& server, const std::string& path, const std::string& body,
                   std::vector<std::string> headers) {
  headers.push_back("Content-Type: application/json");
  return request("POST", server.url(path), body, headers);
}

class AuthSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<ServerProcess>(dir.path() + "/vm.db");
    browser.server = server.get();
    ASSERT_EQ(browser.signup("owner@example.com", kPassword).status, 201);
    secrets = {kPassword, kVapiKey, browser.session, browser.csrf};
  }
  void TearDown() override {
    server->stop();
    std::string log = readFile(server->logPath());
    for (const auto& s : secrets)
      EXPECT_EQ(log.find(s), std::string::npos) << "a secret is in the server log";
  }
  std::string webhookPath() {
    auto url = browser.call("GET", "/api/settings/vapi").json()["webhookUrl"].get<std::string>();
    return url.substr(url.find("/webhook/"));
  }

  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  Browser browser;
  std::vector<std::string> secrets;
};

TEST_F(AuthSettingsTest, VapiKeyIsNeverReturned) {
  auto put = browser.call("PUT", "/api/settings/vapi",
                          nlohmann::json{{"apiKey", kVapiKey}, {"orgId", "org-1"}}.dump());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body.find(kVapiKey), std::string::npos);
  auto get = browser.call("GET", "/api/settings/vapi");
  ASSERT_EQ(get.status, 200);
  auto s = get.json();
  EXPECT_EQ(s["hasApiKey"], true);
  EXPECT_EQ(s["keyHint"], "\u2026WXYZ");
  EXPECT_EQ(s["orgId"], "org-1");
  EXPECT_EQ(s["webhookAuth"], "secret");
  EXPECT_NE(s["webhookUrl"].get<std::string>().find("/webhook/vapi/"), std::string::npos);
  EXPECT_EQ(get.body.find(kVapiKey), std::string::npos);
  // The database holds only ciphertext.
  EXPECT_EQ(readFile(dir.path() + "/vm.db").find(kVapiKey), std::string::npos);
  ASSERT_EQ(browser.call("DELETE", "/api/settings/vapi").status, 200);
  s = browser.call("GET", "/api/settings/vapi").json();
  EXPECT_EQ(s["hasApiKey"], false);
  EXPECT_EQ(s["keyHint"], "");
}

TEST_F(AuthSettingsTest, RotatedSecretWorksAndTheOldOneDuringGrace) {
  auto path = webhookPath();
  auto first = browser.call("POST", "/api/settings/webhook-secret/rotate");
  ASSERT_EQ(first.status, 200) << first.body;
  std::string oldSecret = first.json()["webhookSecret"];
  auto second = browser.call("POST", "/api/settings/webhook-secret/rotate");
  std::string newSecret = second.json()["webhookSecret"];
  EXPECT_FALSE(second.json()["previousValidUntil"].is_null());
  secrets.push_back(oldSecret);
  secrets.push_back(newSecret);
  std::string body = exampleWithCallId("01-status-update-in-progress.json", "call-rot");
  EXPECT_EQ(webhook(*server, path, body, {"X-Vapi-Secret: " + newSecret}).status, 200);
  EXPECT_EQ(webhook(*server, path, body, {"Authorization: Bearer " + oldSecret}).status, 200);
  EXPECT_EQ(webhook(*server, path, body, {"X-Vapi-Secret: not-the-secret"}).status, 401);
  // The settings never show a secret again.
  EXPECT_EQ(browser.call("GET", "/api/settings/vapi").body.find(newSecret), std::string::npos);
}

TEST_F(AuthSettingsTest, HmacModeAcceptsOnlyFreshCorrectSignatures) {
  EXPECT_EQ(browser.call("PUT", "/api/settings/webhook", R"({"mode":"bogus"})").status, 422);
  std::string secret = browser.call("POST", "/api/settings/webhook-secret/rotate").json()["webhookSecret"];
  secrets.push_back(secret);
  auto mode = browser.call("PUT", "/api/settings/webhook", R"({"mode":"hmac"})");
  ASSERT_EQ(mode.status, 200) << mode.body;
  EXPECT_EQ(mode.json()["webhookAuth"], "hmac");
  EXPECT_EQ(mode.json()["vapiSetup"]["signatureHeader"], "x-signature");
  EXPECT_EQ(mode.json()["vapiSetup"]["payloadFormat"], "{timestamp}.{body}");
  auto path = webhookPath();
  std::string body = exampleWithCallId("01-status-update-in-progress.json", "call-hmac");
  auto nowS =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::string ts = std::to_string(nowS);
  std::string sig = hmacSha256Hex(secret, ts + "." + body);
  EXPECT_EQ(webhook(*server, path, body, {"x-signature: " + sig, "x-timestamp: " + ts}).status, 200);
  EXPECT_EQ(webhook(*server, path, body, {"x-signature: sha256=" + sig, "x-timestamp: " + ts}).status, 200);
  std::string tsMs = std::to_string(nowS * 1000);
  EXPECT_EQ(webhook(*server, path, body,
                    {"x-signature: " + hmacSha256Hex(secret, tsMs + "." + body), "x-timestamp: " + tsMs})
                .status,
            200);
  std::string stale = std::to_string(nowS - 600);
  EXPECT_EQ(webhook(*server, path, body,
                    {"x-signature: " + hmacSha256Hex(secret, stale + "." + body), "x-timestamp: " + stale})
                .status,
            401);
  EXPECT_EQ(webhook(*server, path, body,
                    {"x-signature: " + hmacSha256Hex("wrong", ts + "." + body), "x-timestamp: " + ts})
                .status,
            401);
  // In HMAC mode the plain secret is no longer enough.
  EXPECT_EQ(webhook(*server, path, body, {"X-Vapi-Secret: " + secret}).status, 401);
}

TEST_F(AuthSettingsTest, TokensAreCreatedListedAndRevoked) {
  auto created = browser.call("POST", "/api/tokens", R"({"name":"ci"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token = created.json()["token"], id = created.json()["id"];
  secrets.push_back(token);
  auto list = browser.call("GET", "/api/tokens");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["tokens"].size(), 1u);
  EXPECT_EQ(list.json()["tokens"][0]["id"], id);
  EXPECT_EQ(list.body.find(token), std::string::npos);
  EXPECT_TRUE(list.json()["tokens"][0]["lastUsedAt"].is_null());  // never used yet
  auto viaToken = request("GET", server->url("/api/me"), "", {"Authorization: Bearer " + token});
  EXPECT_EQ(viaToken.status, 200);
  auto used = browser.call("GET", "/api/tokens");
  ASSERT_EQ(used.status, 200);
  EXPECT_TRUE(used.json()["tokens"][0]["lastUsedAt"].is_string()) << used.body;
  // A token-authenticated script needs no CSRF token.
  EXPECT_EQ(request("POST", server->url("/api/tokens"), R"({"name":"x"})",
                    {"Authorization: Bearer " + token, "Content-Type: application/json"})
                .status,
            201);
  EXPECT_EQ(browser.call("DELETE", "/api/tokens/" + id).status, 200);
  EXPECT_EQ(request("GET", server->url("/api/me"), "", {"Authorization: Bearer " + token}).status, 401);
  EXPECT_EQ(browser.call("DELETE", "/api/tokens/" + id).status, 404);
}

}  // namespace
