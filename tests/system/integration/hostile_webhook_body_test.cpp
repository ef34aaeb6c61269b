// Webhook bodies from strangers and from a tenant that sends what VAPI never would: bodies over the
// webhook limit, large bodies to the org-id route without a secret, ids that are no ids. Each is refused
// with a clear JSON error, costs no memory the server keeps, and other tenants' webhooks keep being stored.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "harness.hpp"

using namespace vmtest;

namespace {

const std::string kOrg = "6b1f0c2a-3d4e-4f5a-9b8c-7d6e5f4a3b2c";

// Resident memory of a process, MiB (VmRSS of /proc/<pid>/status).
long rssMiB(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

// An end-of-call report of `callId` padded to about `bytes` by its summary.
std::string reportOfSize(const std::string& callId, std::size_t bytes) {
  auto j =
      nlohmann::json::parse(exampleWithCallId("05-end-of-call-report-customer-ended.json", callId, kOrg));
  j["message"]["summary"] = std::string(bytes, 's');
  return j.dump();
}

class HostileWebhookBodyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = dir.path() + "/vm.db";
    user = addUser(db, "org@example.com", kOrg);
    other = addUser(db, "other@example.com", "org-other");
    server = std::make_unique<ServerProcess>(db);
  }
  long storedCalls(const CreatedUser& u) {
    auto r = apiGet(*server, u, "/api/calls?limit=100");
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<long>(r.json()["calls"].size());
  }

  TempDir dir;
  std::string db;
  CreatedUser user, other;
  std::unique_ptr<ServerProcess> server;
};

// The attack: 16 MiB bodies without a secret to the org-id route took the server from 14 to 452
// MiB for good. They are refused before any parse; bodies under the limit, even authenticated, are parsed
// by a parser that does not stay resident.
TEST_F(HostileWebhookBodyTest, LargeBodiesLeaveNoResidentMemory) {
  ASSERT_EQ(postWebhook(*server, user, reportOfSize("warm-up", 1000)).status, 200);
  const long before = rssMiB(server->pid());
  ASSERT_GT(before, 0);
  const std::string huge = reportOfSize("huge", 16 * 1024 * 1024 - 20000);
  for (int i = 0; i < 4; ++i) {
    auto r = request("POST", server->url("/webhook/vapi"), huge, {}, 30000);
    EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
    EXPECT_TRUE(r.json().contains("error")) << r.body.substr(0, 200);
  }
  std::printf("server RSS: %ld MiB before, %ld MiB after 4 anonymous 16 MiB bodies\n", before,
              rssMiB(server->pid()));
  // Under the limit but without a secret: 401, before a parse.
  const std::string large = reportOfSize("large", 3 * 1024 * 1024);
  for (int i = 0; i < 4; ++i) {
    auto r = request("POST", server->url("/webhook/vapi"), large, {}, 30000);
    EXPECT_EQ(r.status, 401) << r.body.substr(0, 200);
  }
  // And authenticated, by both routes: parsed and stored.
  for (int i = 0; i < 4; ++i) {
    auto body = reportOfSize("large-" + std::to_string(i), 3 * 1024 * 1024);
    EXPECT_EQ(postWebhook(*server, user, body).status, 200);
    EXPECT_EQ(
        request("POST", server->url("/webhook/vapi"), body, {"X-Vapi-Secret: " + user.webhookSecret}, 30000)
            .status,
        200);
  }
  const long after = rssMiB(server->pid());
  std::printf("server RSS: %ld MiB before, %ld MiB after the large bodies\n", before, after);
  EXPECT_LT(after - before, 64) << "before " << before << " MiB, after " << after << " MiB";
  EXPECT_EQ(storedCalls(user), 5);
}

TEST_F(HostileWebhookBodyTest, BodiesOverTheWebhookLimitGet413ByBothRoutes) {
  const std::string body = reportOfSize("over", 5 * 1024 * 1024);
  auto byHook = postWebhook(*server, user, body);
  EXPECT_EQ(byHook.status, 413);
  EXPECT_TRUE(byHook.json().contains("error"));
  auto byOrg = request("POST", server->url("/webhook/vapi"), body, {"X-Vapi-Secret: " + user.webhookSecret});
  EXPECT_EQ(byOrg.status, 413);
  EXPECT_EQ(storedCalls(user), 0);
}

// The attack on PostgreSQL: a 9,000-byte call id failed every tenant's batch. It is refused at the
// door (400), whichever id it is, and the other tenant's webhooks are stored meanwhile.
TEST_F(HostileWebhookBodyTest, IdsThatAreNoIdsGet400) {
  auto withId = [](const std::string& field, const std::string& value) {
    auto j =
        nlohmann::json::parse(exampleWithCallId("05-end-of-call-report-customer-ended.json", "c1", kOrg));
    j["message"]["call"][field] = value;
    return j.dump();
  };
  for (const char* field : {"id", "assistantId", "phoneNumberId"}) {
    for (const std::string& bad : {std::string(9000, 'x'), std::string("a b")}) {
      auto r = postWebhook(*server, user, withId(field, bad));
      EXPECT_EQ(r.status, 400) << field << ": " << r.body.substr(0, 200);
      EXPECT_NE(r.json().value("error", "").find(field), std::string::npos) << r.body.substr(0, 200);
    }
  }
  EXPECT_EQ(
      postWebhook(*server, other, exampleWithCallId("05-end-of-call-report-customer-ended.json", "fine"))
          .status,
      200);
  EXPECT_EQ(storedCalls(user), 0);
  EXPECT_EQ(storedCalls(other), 1);
}

}  // namespace
