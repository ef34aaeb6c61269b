// Hostile live-event subscribers against the real server: streams that never read while calls with large
// summaries arrive (the server's memory stays bounded), and more streams than a user may open.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "hostile_socket.hpp"

using namespace vmtest;
using namespace std::chrono_literals;

namespace {

// Resident memory of process `pid` in MiB (VmRSS).
double residentMiB(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

// An end-of-call report whose summary is `summaryBytes` long.
std::string reportWithSummary(const std::string& callId, std::size_t summaryBytes) {
  auto body = nlohmann::json::parse(exampleWithCallId("05-end-of-call-report-customer-ended.json", callId));
  std::string summary(summaryBytes, 's');
  body["message"]["summary"] = summary;
  body["message"]["analysis"]["summary"] = summary;
  return body.dump();
}

// Opens GET /api/events with the user's token on a raw socket and never reads from it.
std::unique_ptr<RawConnection> openStream(const ServerProcess& server, const CreatedUser& user) {
  auto c = std::make_unique<RawConnection>(server.port());
  c->send("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + user.apiToken + "\r\n\r\n");
  return c;
}

class HostileStreamsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raiseOpenFileLimit();
    db = dir.path() + "/vm.db";
    alice = addUser(db, "alice-streams@example.com");
    bob = addUser(db, "bob-streams@example.com");
    carol = addUser(db, "carol-streams@example.com");
    server = std::make_unique<ServerProcess>(db);
  }
  TempDir dir;
  std::string db;
  CreatedUser alice, bob, carol;
  std::unique_ptr<ServerProcess> server;
};

// The scenario, scaled down: 20 streams that never read and 300 webhooks with a 50 KB summary.
// Before: every event (with its whole summary) was queued for every stream, 15 -> 270 MiB.
TEST_F(HostileStreamsTest, NonReadingStreamsKeepMemoryBounded) {
  // Three users (7, 7 and 6 streams), so the per-user cap of 8 refuses none of the 20, in whatever order
  // the server takes them.
  std::vector<std::unique_ptr<RawConnection>> streams;
  const CreatedUser* owners[] = {&alice, &bob, &carol};
  for (int i = 0; i < 20; ++i) streams.push_back(openStream(*server, *owners[i % 3]));
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(postWebhook(*server, alice, reportWithSummary("warm", 50 * 1024)).status, 200);
  ASSERT_EQ(postWebhook(*server, bob, reportWithSummary("warm", 50 * 1024)).status, 200);
  double before = residentMiB(server->pid());
  for (int i = 0; i < 300; ++i) {
    auto& user = i % 2 ? bob : alice;
    ASSERT_EQ(postWebhook(*server, user, reportWithSummary("big-" + std::to_string(i), 50 * 1024)).status,
              200);
  }
  std::this_thread::sleep_for(500ms);
  double after = residentMiB(server->pid());
  std::cout << "[ RSS ] " << before << " MiB before, " << after << " MiB after 300 webhooks\n";
  EXPECT_LT(after - before, 40.0) << "RSS grew from " << before << " to " << after << " MiB";
  // A stream that reads now gets well-formed events with the list shape's short summary.
  std::string seen = streams[0]->readUntilClosed(500ms);
  EXPECT_NE(seen.find("event: "), std::string::npos) << seen.substr(0, 300);
  EXPECT_EQ(seen.find(std::string(5000, 's')), std::string::npos) << "an event carried the long summary";
  EXPECT_EQ(request("GET", server->url("/healthz")).status, 200);
}

// A user may hold a few streams (dashboard tabs); the next one is refused with JSON, not held open. Another
// user still gets a stream.
TEST_F(HostileStreamsTest, StreamsPerUserAreCapped) {
  std::vector<std::unique_ptr<RawConnection>> streams;
  for (int i = 0; i < 8; ++i) {
    streams.push_back(openStream(*server, alice));
    std::string head = streams.back()->readUntilClosed(300ms);
    ASSERT_NE(head.find("200 OK"), std::string::npos) << "stream " << i << ": " << head;
  }
  auto refused =
      request("GET", server->url("/api/events"), "", {"Authorization: Bearer " + alice.apiToken}, 2000);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_NE(refused.body.find("\"error\""), std::string::npos) << refused.body;
  auto other = openStream(*server, bob);
  EXPECT_NE(other->readUntilClosed(300ms).find("200 OK"), std::string::npos);
  // Closing one of alice's streams frees its place.
  streams.pop_back();
  std::this_thread::sleep_for(300ms);
  auto again = openStream(*server, alice);
  EXPECT_NE(again->readUntilClosed(300ms).find("200 OK"), std::string::npos);
}

}  // namespace
