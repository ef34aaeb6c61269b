// Graceful shutdown: SIGTERM while webhooks are in flight. Every request the server answered got a 200
// and is stored (a 200 is a promise of durability), nothing is answered with an error while draining,
// the server stops accepting, and it exits 0.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "harness.hpp"
#include "hostile_socket.hpp"

using namespace vmtest;

namespace {

std::set<std::string> storedCallIds(const std::string& db) {
  sqlite3* handle = nullptr;
  std::set<std::string> ids;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return ids;
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(handle, "SELECT vapi_call_id FROM calls", -1, &stmt, nullptr);
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW)
    ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return ids;
}

TEST(GracefulShutdown, SigtermFinishesInFlightWebhooksAndExitsZero) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  auto user = addUser(db, "drain@example.com");
  ServerProcess server(db);
  const int port = server.port();

  std::mutex mutex;
  std::set<std::string> acked;
  std::vector<long> otherStatuses;  // HTTP statuses other than 200 (negative = transport error)
  std::atomic<bool> stopLoad{false};
  std::atomic<int> sent{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stopLoad; ++i) {
        std::string id = "drain-" + std::to_string(t) + "-" + std::to_string(i);
        ++sent;
        auto r =
            postWebhook(server, user, exampleWithCallId("05-end-of-call-report-customer-ended.json", id));
        std::lock_guard lock(mutex);
        if (r.status == 200) {
          acked.insert(id);
        } else {
          otherStatuses.push_back(r.status);
          if (r.status < 0) return;  // the server is gone: stop like a client that saw it go
        }
      }
    });
  }
  // Let the load settle so that requests are in flight at the moment of the signal.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (sent < 60 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  int exitCode = server.stop();
  stopLoad = true;
  for (auto& th : threads) th.join();

  EXPECT_EQ(exitCode, 0) << "log: " << readFile(server.logPath());
  for (long status : otherStatuses) EXPECT_LT(status, 0) << "the drain answered with HTTP " << status;
  ASSERT_GT(acked.size(), 0u);
  auto stored = storedCallIds(db);
  for (const auto& id : acked) EXPECT_TRUE(stored.count(id)) << "acknowledged but not stored: " << id;
  EXPECT_NE(readFile(server.logPath()).find("finishing in-flight requests"), std::string::npos);
  // Stopped accepting: the port no longer takes connections.
  EXPECT_THROW(RawConnection{port}, std::runtime_error);
}

// A request that is still being received when SIGTERM arrives does not hold the exit: the server stops
// accepting at once and exits 0 without waiting for the slow client (its request was never acknowledged).
TEST(GracefulShutdown, SlowUploadDoesNotHoldTheExit) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  auto user = addUser(db, "slow@example.com");
  ServerProcess server(db);
  RawConnection slow(server.port());
  ASSERT_TRUE(
      slow.send("POST " + user.webhookPath +
                " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
