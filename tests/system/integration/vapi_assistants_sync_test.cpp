// /api/assistants and /api/sync through the real server, with the user's key stored via
// PUT /api/settings/vapi and VAPI played by tests/fake_vapi.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "harness.hpp"

using namespace vmtest;

namespace {

const std::string kVapiKey = "sk-integration-vapi-key-123";

class VapiApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = dir.path() + "/vm.db";
    alice = addUser(db, "alice@example.com");
    server = std::make_unique<ServerProcess>(
        db, std::vector<std::string>{"--vapi-base-url", fake.url(), "--sync-interval", "0"});
  }
  HttpResult api(const std::string& method, const std::string& path, const std::string& body = "") {
    return request(method, server->url(path), body,
                   {"Authorization: Bearer " + alice.apiToken, "Content-Type: application/json"}, 20000);
  }
  void storeKey() {
    auto r = api("PUT", "/api/settings/vapi", nlohmann::json{{"apiKey", kVapiKey}}.dump());
    ASSERT_TRUE(r.status == 200 || r.status == 204) << r.status << " " << r.body;
  }

  FakeVapi fake{400, kVapiKey};
  TempDir dir;
  std::string db;
  CreatedUser alice;
  std::unique_ptr<ServerProcess> server;
};

TEST_F(VapiApiTest, WithoutAKeyAssistantsAndSyncAnswer400) {
  auto r = api("GET", "/api/assistants");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["error"], "VAPI API key not configured");
  EXPECT_EQ(api("POST", "/api/sync").status, 400);
  auto states = api("GET", "/api/sync");
  ASSERT_EQ(states.status, 200);
  ASSERT_EQ(states.json()["syncs"].size(), 2u);
  EXPECT_EQ(states.json()["syncs"][0]["syncStatus"], "");
  EXPECT_TRUE(states.json()["syncs"][0]["lastSyncTimestamp"].is_null());
}

TEST_F(VapiApiTest, AssistantsPassThroughWithValidation) {
  storeKey();
  auto list = api("GET", "/api/assistants");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["assistants"].size(), 3u);
  std::string id = list.json()["assistants"][0]["id"];

  auto tooLong =
      api("PATCH", "/api/assistants/" + id, R"({"name":"an assistant name that is far too long for VAPI"})");
  EXPECT_EQ(tooLong.status, 422);
  EXPECT_EQ(tooLong.json()["error"], "name must be at most 40 characters");
  EXPECT_EQ(api("PATCH", "/api/assistants/" + id, R"({"model":{"temperature":3}})").status, 422);
  EXPECT_EQ(api("PATCH", "/api/assistants/" + id, R"({"maxDurationSeconds":5})").status, 422);
  EXPECT_EQ(api("PATCH", "/api/assistants/" + id, R"({"serverUrl":"ftp://x"})").status, 422);

  // Only model.temperature changes; the rest of model (provider, prompt) is kept.
  auto patched =
      api("PATCH", "/api/assistants/" + id, R"({"name":"Front Desk","model":{"temperature":0.9}})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["name"], "Front Desk");
  EXPECT_EQ(patched.json()["model"]["temperature"], 0.9);
  EXPECT_EQ(patched.json()["model"]["provider"], "openai");
  EXPECT_EQ(patched.json()["model"]["messages"][0]["role"], "system");

  auto created = api("POST", "/api/assistants", R"({"name":"New one","firstMessage":"Hi"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string newId = created.json()["id"];
  EXPECT_EQ(api("DELETE", "/api/assistants/" + newId).status, 200);
  auto gone = api("GET", "/api/assistants/" + newId);
  EXPECT_EQ(gone.status, 404);
}

TEST_F(VapiApiTest, ConnectPointsTheAssistantAtOurWebhook) {
  storeKey();
  std::string id = api("GET", "/api/assistants").json()["assistants"][0]["id"];
  EXPECT_EQ(api("POST", "/api/assistants/" + id + "/connect", R"({"webhookSecret":"wrong"})").status, 422);

  auto noSecret = api("POST", "/api/assistants/" + id + "/connect");
  ASSERT_EQ(noSecret.status, 200) << noSecret.body;
  EXPECT_FALSE(noSecret.json()["secretHeaderSet"].get<bool>());
  EXPECT_TRUE(noSecret.json().contains("note"));

  auto r = api("POST", "/api/assistants/" + id + "/connect",
               nlohmann::json{{"webhookSecret", alice.webhookSecret}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto assistant = r.json()["assistant"];
  EXPECT_EQ(assistant["server"]["url"], server->url(alice.webhookPath));
  EXPECT_EQ(assistant["server"]["headers"]["X-Vapi-Secret"], alice.webhookSecret);
  auto messages = assistant["serverMessages"].dump();
  EXPECT_NE(messages.find("end-of-call-report"), std::string::npos);
  EXPECT_NE(messages.find("status-update"), std::string::npos);
  EXPECT_NE(messages.find("tool-calls"), std::string::npos) << "existing server messages are kept";
}

TEST_F(VapiApiTest, PostSyncRunsInTheBackgroundAndFillsTheCalls) {
  storeKey();
  auto started = api("POST", "/api/sync");
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(started.json()["started"], true);
  nlohmann::json calls;
  for (int i = 0; i < 200; ++i) {
    auto states = api("GET", "/api/sync").json()["syncs"];
    calls = states[0];
    if (calls["syncStatus"] == "success" || calls["syncStatus"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(calls["syncType"], "calls");
  EXPECT_EQ(calls["syncStatus"], "success") << calls.dump();
  EXPECT_EQ(calls["syncedCount"], 400);
  EXPECT_TRUE(calls["lastSyncTimestamp"].is_string());
  auto page = api("GET", "/api/calls?limit=500&from=2000-01-01");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["calls"].size(), 400u);
}

// `voicematrix sync` decrypts the key stored by the server with the same master key and back-fills.
TEST_F(VapiApiTest, SyncCommandUsesTheStoredKey) {
  storeKey();
  ASSERT_EQ(server->stop(), 0);
  auto out = runCommand(std::string(VM_BINARY) + " sync --log-level warn --db '" + db + "' --vapi-base-url " +
                        fake.url());
  EXPECT_EQ(out.find(kVapiKey), std::string::npos) << "the key is never printed";
  auto report = nlohmann::json::parse(out);
  ASSERT_TRUE(report.is_array() || report.is_object()) << out;
  EXPECT_NE(out.find("success"), std::string::npos) << out;
  server = std::make_unique<ServerProcess>(
      db, std::vector<std::string>{"--vapi-base-url", fake.url(), "--sync-interval", "0"});
  auto page = api("GET", "/api/calls?limit=500&from=2000-01-01");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["calls"].size(), 400u);
  // A second run finds nothing new and counts nothing twice.
  ASSERT_EQ(server->stop(), 0);
  runCommand(std::string(VM_BINARY) + " sync --log-level warn --db '" + db + "' --vapi-base-url " +
             fake.url());
  server = std::make_unique<ServerProcess>(
      db, std::vector<std::string>{"--vapi-base-url", fake.url(), "--sync-interval", "0"});
  auto totals = api("GET", "/api/analytics?from=2000-01-01").json()["totals"];
  EXPECT_EQ(totals["totalCalls"], 400);
}

}  // namespace
