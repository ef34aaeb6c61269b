// Crash safety: end-of-call reports from several client threads while the server is killed with SIGKILL at
// random moments, again and again, on the same SQLite file. Like VAPI, the clients re-send every webhook
// that did not get a 200. At the end the database must hold exactly one row per call id, every call that was
// acknowledged, analytics that count each call exactly once, and pass PRAGMA integrity_check.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "../integration/harness.hpp"

using namespace vmtest;

namespace {

constexpr int kUsers = 3;
constexpr int kThreads = 4;
constexpr int kCycles = 24;

struct Call {
  std::string id;
  int user = 0;
};

// The calls the clients know about: what to send next, and what got a 200.
class Ledger {
 public:
  // The next call to send: an unacknowledged one first (VAPI's retry), else a new id.
  Call next(std::mt19937& rng) {
    std::lock_guard lock(mutex_);
    if (!retry_.empty()) {
      Call c = retry_.front();
      retry_.pop_front();
      return c;
    }
    Call c{"crash-" + std::to_string(nextId_++), static_cast<int>(rng() % kUsers)};
    sent_[c.id] = c.user;
    return c;
  }
  void acked(const Call& c) {
    std::lock_guard lock(mutex_);
    acked_.insert(c.id);
  }
  void failed(const Call& c) {
    std::lock_guard lock(mutex_);
    retry_.push_back(c);
    ++failures_;
  }
  bool hasRetries() {
    std::lock_guard lock(mutex_);
    return !retry_.empty();
  }

  std::mutex mutex_;
  std::deque<Call> retry_;
  std::map<std::string, int> sent_;  // call id -> user index
  std::set<std::string> acked_;
  int nextId_ = 0;
  int failures_ = 0;
};

std::vector<std::vector<std::string>> query(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::vector<std::string>> rows;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db));
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      auto text = sqlite3_column_text(stmt, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  return rows;
}

TEST(CrashSafety, KillNineUnderLoadLosesAndDuplicatesNothing) {
  unsigned seed =
      std::getenv("VM_CRASH_SEED") ? std::stoul(std::getenv("VM_CRASH_SEED")) : std::random_device{}();
  std::printf("seed %u (VM_CRASH_SEED to replay)\n", seed);
  std::fflush(stdout);  // before fork(): a child would flush the buffered line again
  std::mt19937 rng(seed);
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  std::vector<CreatedUser> users;
  for (int i = 0; i < kUsers; ++i) users.push_back(addUser(db, "crash" + std::to_string(i) + "@example.com"));
  // The body template with a placeholder id, built once: the threads only substitute.
  const std::string marker = "CALLIDPLACEHOLDER";
  const std::string templ = exampleWithCallId("05-end-of-call-report-customer-ended.json", marker);
  auto bodyFor = [&](const std::string& id) {
    std::string b = templ;
    b.replace(b.find(marker), marker.size(), id);
    return b;
  };

  Ledger ledger;
  int kills = 0;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    ServerProcess server(db);
    std::atomic<bool> stopLoad{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937 trng(seed + cycle * 131 + t);
        while (!stopLoad) {
          Call c = ledger.next(trng);
          auto r = postWebhook(server, users[c.user], bodyFor(c.id));
          if (r.status == 200) {
            ledger.acked(c);
          } else {
            ledger.failed(c);
            // Connection refused after the kill: don't spin through the whole retry queue.
            if (r.status < 0) break;
          }
        }
      });
    }
    std::uniform_int_distribution<int> loadMs(200, 800);
    std::this_thread::sleep_for(std::chrono::milliseconds(loadMs(rng)));
    server.kill9();
    ++kills;
    stopLoad = true;
    for (auto& th : threads) th.join();
  }

  // The final run: VAPI's retries until everything is acknowledged, then the checks.
  ServerProcess server(db);
  for (int round = 0; ledger.hasRetries() && round < 1000; ++round) {
    std::mt19937 trng(seed);
    Call c = ledger.next(trng);
    auto r = postWebhook(server, users[c.user], bodyFor(c.id));
    if (r.status == 200)
      ledger.acked(c);
    else
      ledger.failed(c);
  }
  ASSERT_FALSE(ledger.hasRetries()) << "webhooks still failing after restart; log " << server.logPath();
  std::map<int, int> sentPerUser;
  for (auto& [id, user] : ledger.sent_) ++sentPerUser[user];
  std::printf("%d kills, %zu calls sent, %zu acknowledged, %d failed attempts re-sent\n", kills,
              ledger.sent_.size(), ledger.acked_.size(), ledger.failures_);
  EXPECT_GE(kills, 20);
  EXPECT_GT(ledger.failures_, 0) << "no request was ever cut by a kill: the test did not test anything";

  // Through the API: each user's analytics count each of their calls once.
  for (int u = 0; u < kUsers; ++u) {
    auto r = apiGet(server, users[u], "/api/analytics?from=2026-03-01&to=2026-03-31");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["totals"]["totalCalls"].get<long>(), sentPerUser[u]) << "user " << u;
  }
  ASSERT_EQ(server.stop(), 0);

  // And in the file itself.
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(query(handle, "PRAGMA integrity_check")[0][0], "ok");
  EXPECT_EQ(std::stoul(query(handle, "SELECT count(*) FROM calls")[0][0]), ledger.sent_.size());
  EXPECT_EQ(
      std::stoul(query(handle, "SELECT count(DISTINCT user_id || '/' || vapi_call_id) FROM calls")[0][0]),
      ledger.sent_.size());
  std::set<std::string> stored;
  for (auto& row : query(handle, "SELECT vapi_call_id FROM calls")) stored.insert(row[0]);
  for (const auto& id : ledger.acked_) EXPECT_TRUE(stored.count(id)) << "acknowledged call lost: " << id;
  std::map<std::string, long> analyticsPerUser, callsPerUser;
  for (auto& row : query(handle, "SELECT user_id, sum(total_calls) FROM analytics_days GROUP BY user_id"))
    analyticsPerUser[row[0]] = std::stol(row[1]);
  // status 6 = domain::CallStatus::Ended.
  for (auto& row : query(handle, "SELECT user_id, count(*) FROM calls WHERE status = 6 GROUP BY user_id"))
    callsPerUser[row[0]] = std::stol(row[1]);
  for (int u = 0; u < kUsers; ++u) {
    EXPECT_EQ(analyticsPerUser[users[u].userId], sentPerUser[u]) << "user " << u;
    EXPECT_EQ(callsPerUser[users[u].userId], sentPerUser[u]) << "user " << u;
  }
  sqlite3_close(handle);
}

}  // namespace
