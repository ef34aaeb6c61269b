// `voicematrix keys rotate` through the CLI: every stored secret (a VAPI key, a webhook secret kept for
// HMAC) is re-encrypted under the new master key, the key file is replaced, the server started afterwards
// still uses both secrets, and a server given the old key can no longer read them.
#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>

#include "harness.hpp"

using namespace vmtest;

namespace {

const std::string kVapiKey = "sk-live-rotate-0123456789abcd";

// An HMAC-signed status-update for a new call: 200 only if the server can decrypt the webhook secret.
long signedWebhook(const ServerProcess& server, const CreatedUser& user, const std::string& callId) {
  std::string body =
      R"({"message":{"type":"status-update","status":"in-progress","call":{"id":")" + callId + R"("}}})";
  auto nowS =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::string ts = std::to_string(nowS);
  return request("POST", server.url(user.webhookPath), body,
                 {"Content-Type: application/json", "x-timestamp: " + ts,
                  "x-signature: " + hmacSha256Hex(user.webhookSecret, ts + "." + body)})
      .status;
}

TEST(KeysRotateCli, OnlyTheNewKeyReadsTheSecretsAfterARotation) {
  ASSERT_GE(sodium_init(), 0);
  TempDir dir;
  const std::string db = dir.path() + "/vm.db";
  const std::string keyFile = dir.path() + "/master.key";  // next to the database by default
  auto user = addUser(db, "rotate@example.com");
  const std::vector<std::string> json = {"Authorization: Bearer " + user.apiToken,
                                         "Content-Type: application/json"};
  FakeVapi fake(0, kVapiKey);
  const std::vector<std::string> serveArgs = {"--vapi-base-url", fake.url(), "--sync-interval", "0"};
  {
    ServerProcess server(db, serveArgs);
    ASSERT_EQ(
        request("PUT", server.url("/api/settings/vapi"), R"({"apiKey":")" + kVapiKey + R"("})", json).status,
        200);
    ASSERT_EQ(request("PUT", server.url("/api/settings/webhook"), R"({"mode":"hmac"})", json).status, 200);
    ASSERT_EQ(request("GET", server.url("/api/assistants"), "", json).status, 200);
    ASSERT_EQ(signedWebhook(server, user, "call-before"), 200);
    ASSERT_EQ(server.stop(), 0);
  }
  const std::string oldKey = readFile(keyFile);
  runCommand("cp '" + keyFile + "' '" + dir.path() + "/old.key'");

  auto out =
      nlohmann::json::parse(runCommand(std::string(VM_BINARY) + " keys rotate --log-level warn --db '" + db +
                                       "' --new-key-file '" + dir.path() + "/new.key'"));
  EXPECT_GE(out["reencrypted"].get<int>(), 2) << out.dump();  // the VAPI key and the webhook secret
  EXPECT_EQ(readFile(keyFile), readFile(dir.path() + "/new.key"));
  EXPECT_NE(readFile(keyFile), oldKey);

  {
    ServerProcess server(db, serveArgs);  // the default key file: now the new key
    EXPECT_EQ(request("GET", server.url("/api/assistants"), "", json).status, 200);
    EXPECT_EQ(signedWebhook(server, user, "call-after"), 200);
    auto call = request("GET", server.url("/api/calls/vapi_call-after"), "", json);
    EXPECT_EQ(call.status, 200) << call.body;
    server.stop();
  }
  {
    auto withOld = serveArgs;
    withOld.insert(withOld.end(), {"--master-key-file", dir.path() + "/old.key"});
    ServerProcess server(db, withOld);
    EXPECT_NE(request("GET", server.url("/api/assistants"), "", json).status, 200);
    EXPECT_EQ(signedWebhook(server, user, "call-old-key"), 401);
    server.stop();
  }
}

// A server keeps the master key it started with: a rotation beside it would leave the secrets it saves
// afterwards encrypted with the old key, unreadable after its restart. So the rotation refuses to run.
TEST(KeysRotateCli, RefusesWhileAServerRunsOnTheDatabase) {
  TempDir dir;
  const std::string db = dir.path() + "/vm.db";
  auto user = addUser(db, "running@example.com");
  ServerProcess server(db, {"--sync-interval", "0"});
  const std::string keyBefore = readFile(dir.path() + "/master.key");
  auto out = runCommand(std::string(VM_BINARY) + " keys rotate --log-level warn --db '" + db +
                        "' --new-key-file '" + dir.path() + "/new.key' 2>&1; echo \"rc=$?\"");
  EXPECT_NE(out.find("rc=3"), std::string::npos) << out;
  EXPECT_NE(out.find("a voicematrix server is running on this database"), std::string::npos) << out;
  EXPECT_EQ(readFile(dir.path() + "/master.key"), keyBefore) << "the key file is untouched";
  EXPECT_EQ(request("GET", server.url("/api/me"), "", {"Authorization: Bearer " + user.apiToken}).status,
            200);
  ASSERT_EQ(server.stop(), 0);
}

}  // namespace
