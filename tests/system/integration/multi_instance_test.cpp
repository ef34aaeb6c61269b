// Many instances on one PostgreSQL: two `voicematrix serve` processes share a database. Webhooks spread
// across both are all stored; the same call sent to both at once is stored once and counted once; a
// dashboard event stream on one instance sees a call that the other stored (LISTEN/NOTIFY); a sync of one
// user asked of both instances at once runs on one of them (the other answers 409).
// Skipped unless VM_TEST_PG_URL names a PostgreSQL database (./dev test starts one).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <set>
#include <thread>

#include "harness.hpp"

using namespace vmtest;

namespace {

class MultiInstanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("VM_TEST_PG_URL");
    if (!pg || !*pg) GTEST_SKIP() << "VM_TEST_PG_URL is not set";
    // A fresh schema, named in the URL's search_path, so the test starts empty and leaves nothing behind.
    std::random_device rd;
    base_ = pg;
    schema_ = "vm_it_" + std::to_string(rd()) + std::to_string(rd());
    runCommand("psql -q '" + base_ + "' -c 'CREATE SCHEMA " + schema_ + "'");
    url_ = base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    alice = addUser(url_, "alice@example.com", "org-alice");
    a = std::make_unique<ServerProcess>(url_);
    b = std::make_unique<ServerProcess>(url_);
  }
  void TearDown() override {
    a.reset();
    b.reset();
    if (!schema_.empty()) {
      runCommand("psql -q '" + base_ + "' -c 'SET client_min_messages = warning' -c 'DROP SCHEMA " + schema_ +
                 " CASCADE'");
    }
  }
  nlohmann::json analytics(const ServerProcess& server) {
    auto r = apiGet(server, alice, "/api/analytics?from=2026-01-01&to=2026-12-31");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  std::string base_, schema_, url_;
  CreatedUser alice;
  std::unique_ptr<ServerProcess> a, b;
};

TEST_F(MultiInstanceTest, WebhooksSpreadAcrossInstancesAreStoredOnceAndCountedOnce) {
  // Different calls, alternating between the instances.
  for (int i = 0; i < 20; ++i) {
    auto body = exampleWithCallId("05-end-of-call-report-customer-ended.json", "spread-" + std::to_string(i));
    ASSERT_EQ(postWebhook(i % 2 ? *a : *b, alice, body).status, 200);
  }
  // One call sent to both instances at once, many times over: a race between two writers on one row.
  auto same = exampleWithCallId("05-end-of-call-report-customer-ended.json", "same-call");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&, i] {
      if (postWebhook(i % 2 ? *a : *b, alice, same).status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 12);

  for (ServerProcess* server : {a.get(), b.get()}) {
    auto calls = apiGet(*server, alice, "/api/calls?limit=500");
    ASSERT_EQ(calls.status, 200) << calls.body;
    EXPECT_EQ(calls.json()["calls"].size(), 21u);
    EXPECT_EQ(analytics(*server)["totals"]["totalCalls"], 21);
  }
}

TEST_F(MultiInstanceTest, AnEventStreamOnOneInstanceSeesCallsStoredByTheOther) {
  HttpResult stream;
  std::thread listener([&] {
    // Reads the stream until the timeout; what arrived by then is in the body.
    stream = request("GET", b->url("/api/events"), "", {"Authorization: Bearer " + alice.apiToken}, 4000);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // the subscription is registered
  ASSERT_EQ(postWebhook(*a, alice, exampleWithCallId("05-end-of-call-report-customer-ended.json", "remote-1"))
                .status,
            200);
  listener.join();
  EXPECT_NE(stream.body.find("remote-1"), std::string::npos) << stream.body;
}

TEST_F(MultiInstanceTest, ASyncRequestedOnBothInstancesAtOnceRunsOnOne) {
  const std::string vapiKey = "sk-multi-instance-vapi-key";
  FakeVapi fake(300, vapiKey);
  // One master key file for both, as a deployment shares it: each must read the key the other stored.
  TempDir keys;
  const std::vector<std::string> args = {"--vapi-base-url",   fake.url(),
                                         "--sync-interval",   "0",
                                         "--master-key-file", keys.path() + "/master.key"};
  a.reset();
  b.reset();
  a = std::make_unique<ServerProcess>(url_, args);
  b = std::make_unique<ServerProcess>(url_, args);
  auto api = [this](const ServerProcess& server, const std::string& method, const std::string& path,
                    const std::string& body = "") {
    return request(method, server.url(path), body,
                   {"Authorization: Bearer " + alice.apiToken, "Content-Type: application/json"}, 20000);
  };
  auto stored = api(*a, "PUT", "/api/settings/vapi", nlohmann::json{{"apiKey", vapiKey}}.dump());
  ASSERT_TRUE(stored.status == 200 || stored.status == 204) << stored.status << " " << stored.body;

  // The first page of calls answers after 2 s, so whichever sync starts still holds its lease when the
  // other request arrives.
  auto fault = request("POST", fake.url("/__admin/faults"),
                       nlohmann::json{{"delayMs", 2000}, {"count", 1}, {"path", "/call"}}.dump(),
                       {"Content-Type: application/json"});
  ASSERT_EQ(fault.status, 200) << fault.body;
  HttpResult fromA, fromB;
  std::thread ta([&] { fromA = api(*a, "POST", "/api/sync"); });
  std::thread tb([&] { fromB = api(*b, "POST", "/api/sync"); });
  ta.join();
  tb.join();
  EXPECT_EQ((std::multiset<long>{fromA.status, fromB.status}), (std::multiset<long>{202, 409}))
      << fromA.body << " / " << fromB.body;

  // Once that sync is done, its lease is gone on every instance: the other one may start the next.
  nlohmann::json calls;
  for (int i = 0; i < 400; ++i) {
    calls = api(*b, "GET", "/api/sync").json()["syncs"][0];
    if (calls["syncStatus"] == "success" || calls["syncStatus"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(calls["syncStatus"], "success") << calls.dump();
  // The state reads "success" a moment before the walk's lease is released: allow that moment.
  ServerProcess& idle = fromA.status == 202 ? *b : *a;
  HttpResult again;
  for (int i = 0; i < 100; ++i) {
    again = api(idle, "POST", "/api/sync");
    if (again.status != 409) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(again.status, 202) << again.body;
}

}  // namespace
