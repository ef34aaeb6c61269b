// The Syncer against the fake VAPI and a real SQLite store: back-fill, overlap with webhooks, resume
// after a failure, incremental sync, one sync per user at a time.
#include "sync/syncer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "domain/time.hpp"
#include "fake_vapi_process.hpp"
#include "store/store.hpp"
#include "sync/call_cursor.hpp"
#include "sync/user_locks.hpp"
#include "vapi/rest_client.hpp"
#include "vapi/webhook_parser.hpp"

namespace {

using vm::sync::SyncResult;

const std::string kKey = "sk-sync-test-key";
const std::string kUser = "usr_sync";
constexpr std::size_t kCalls = 3000;

class SyncerTest : public ::testing::Test {
 protected:
  vm::sync::UserLocks locks_;  // this test process's running syncs, shared by its Syncers
  void SetUp() override {
    fake_ = std::make_unique<vmsync::FakeVapiProcess>(kKey, kCalls, 42);
    vm::store::StoreOptions so;
    so.url = dir_.path() + "/vm.db";
    so.synchronousFull = false;
    store_ = vm::store::openStore(so);
    vm::store::NewUser u;
    u.id = kUser;
    u.email = "sync@example.com";
    u.hookId = "hook-sync";
    u.webhookSecretHash = "x";
    store_->createUser(u);
  }
  void TearDown() override { store_->close(); }

  vm::sync::SyncOptions options(int pageLimit = 100) const {
    vm::sync::SyncOptions o;
    o.client.baseUrl = fake_->baseUrl();
    o.client.backoffBase = std::chrono::milliseconds(10);
    o.pageLimit = pageLimit;
    return o;
  }
  vm::store::SyncState state(const std::string& type) {
    for (auto& s : store_->syncStates(kUser))
      if (s.syncType == type) return s;
    return {};
  }
  vm::domain::AnalyticsDay totals() {
    auto today = vm::domain::formatIsoMs(vm::domain::nowMs()).substr(0, 10);
    return vm::domain::sumDays(store_->analytics(kUser, "2000-01-01", today));
  }
  void expectStoreMatchesFake() {
    auto stats = fake_->stats();
    EXPECT_EQ(store_->countCalls(kUser), stats["endedCalls"].get<long>());
    auto t = totals();
    EXPECT_EQ(t.totalCalls, stats["endedCalls"].get<long>());
    EXPECT_NEAR(t.totalCost, stats["totalCost"].get<double>(), 1e-6);
  }

  vmsync::ScratchDir dir_;
  std::unique_ptr<vmsync::FakeVapiProcess> fake_;
  std::unique_ptr<vm::store::Store> store_;
};

TEST_F(SyncerTest, BackfillStoresEveryCallWithExactTotals) {
  vm::sync::Syncer syncer(*store_, locks_, options());
  auto report = syncer.syncUser(kUser, kKey);
  EXPECT_EQ(report.result, SyncResult::Success) << report.error;
  EXPECT_EQ(report.callsSynced, static_cast<std::int64_t>(kCalls));
  EXPECT_EQ(report.assistants, 3);
  expectStoreMatchesFake();
  auto calls = state("calls");
  EXPECT_EQ(calls.syncStatus, "success");
  EXPECT_EQ(calls.syncedCount, static_cast<std::int64_t>(kCalls));
  EXPECT_GT(calls.lastSyncTimestampMs, 0);
  EXPECT_TRUE(calls.errorMessage.empty());
  EXPECT_FALSE(vm::sync::CallCursor::parse(calls.cursor).walking);
  EXPECT_EQ(state("assistants").syncedCount, 3);
  // The walk pages by createdAtLe with a back-fill floor: about kCalls/100 pages, not more.
  auto pages = fake_->stats()["requests"]["GET /call"].get<long>();
  EXPECT_GE(pages, 30);
  EXPECT_LE(pages, 35);
}

TEST_F(SyncerTest, CallsAlreadyReceivedByWebhookAreNotCountedTwice) {
  // 500 calls arrive by webhook first (end-of-call-report rank), then the sync sees them all again.
  vm::vapi::RestClientOptions co;
  co.baseUrl = fake_->baseUrl();
  vm::vapi::RestClient client(co, kKey);
  vm::vapi::CallListQuery q;
  q.limit = 500;
  auto events = vm::vapi::callEventsFromCallList(client.listCalls(q));
  ASSERT_TRUE(events && events->size() == 500);
  for (auto& e : *events) {
    e.source = vm::domain::EventSource::EndOfCallReport;
    store_->apply(kUser, e);
  }
  EXPECT_EQ(store_->countCalls(kUser), 500);
  vm::sync::Syncer syncer(*store_, locks_, options());
  auto report = syncer.syncUser(kUser, kKey);
  EXPECT_EQ(report.result, SyncResult::Success) << report.error;
  expectStoreMatchesFake();
}

TEST_F(SyncerTest, FailureMidWalkIsRecordedAndTheNextSyncResumes) {
  // Pages 1-5 of GET /call succeed, then VAPI fails three times in a row (all retries).
  fake_->fault({{"status", 500}, {"count", 3}, {"after", 5}, {"path", "/call"}});
  vm::sync::Syncer syncer(*store_, locks_, options());
  auto failed = syncer.syncUser(kUser, kKey);
  EXPECT_EQ(failed.result, SyncResult::Failed);
  auto calls = state("calls");
  EXPECT_EQ(calls.syncStatus, "failed");
  EXPECT_EQ(calls.errorMessage, "VAPI failed (HTTP 500), try again later");
  // Five committed pages: 100 calls, then 99 new ones per page (each page re-reads its boundary call).
  EXPECT_GE(calls.syncedCount, 480);
  EXPECT_LE(calls.syncedCount, 500);
  EXPECT_EQ(store_->countCalls(kUser), calls.syncedCount);
  auto cursor = vm::sync::CallCursor::parse(calls.cursor);
  EXPECT_TRUE(cursor.walking);
  EXPECT_FALSE(cursor.upper.empty());
  EXPECT_EQ(state("assistants").syncStatus, "success");

  auto before = fake_->stats()["requests"]["GET /call"].get<long>();
  auto resumed = syncer.syncUser(kUser, kKey);
  EXPECT_EQ(resumed.result, SyncResult::Success) << resumed.error;
  EXPECT_EQ(resumed.callsSynced, static_cast<std::int64_t>(kCalls));
  expectStoreMatchesFake();
  EXPECT_EQ(state("calls").syncStatus, "success");
  EXPECT_TRUE(state("calls").errorMessage.empty());
  // Resumed at page 6: about 25 more pages, not a restart from the newest call (30+).
  EXPECT_LE(fake_->stats()["requests"]["GET /call"].get<long>() - before, 27);
}

TEST_F(SyncerTest, IncrementalSyncPicksUpModifiedAndNewCalls) {
  vm::sync::Syncer syncer(*store_, locks_, options());
  ASSERT_EQ(syncer.syncUser(kUser, kKey).result, SyncResult::Success);
  vm::vapi::RestClientOptions co;
  co.baseUrl = fake_->baseUrl();
  vm::vapi::CallListQuery q;
  q.limit = 1;
  auto newest = nlohmann::json::parse(vm::vapi::RestClient(co, kKey).listCalls(q))[0];
  auto id = newest["id"].get<std::string>();
  auto now = vm::domain::nowMs();
  fake_->upsertCalls({{{"id", id}, {"cost", 9.99}},
                      {{"id", "new-call-1"},
                       {"status", "ended"},
                       {"createdAt", vm::domain::formatIsoMs(now - 120'000)},
                       {"startedAt", vm::domain::formatIsoMs(now - 119'000)},
                       {"endedAt", vm::domain::formatIsoMs(now - 60'000)},
                       {"endedReason", "customer-ended-call"},
                       {"cost", 0.25}}});
  auto report = syncer.syncUser(kUser, kKey);
  EXPECT_EQ(report.result, SyncResult::Success) << report.error;
  auto target = fake_->stats()["lastCallTarget"].get<std::string>();
  EXPECT_NE(target.find("updatedAtGt="), std::string::npos) << target;
  EXPECT_EQ(target.find("createdAtGt="), std::string::npos) << target;
  EXPECT_LT(report.callsSynced, 100) << "an incremental sync reads only recently updated calls";
  auto stored = store_->getCall(kUser, "vapi_" + id);
  ASSERT_TRUE(stored);
  EXPECT_DOUBLE_EQ(stored->cost, 9.99);
  EXPECT_TRUE(store_->getCall(kUser, "vapi_new-call-1"));
  expectStoreMatchesFake();
}

TEST_F(SyncerTest, TwoConcurrentSyncsOfOneUserRunOnce) {
  // Slow pages keep the first sync running while the second one starts.
  fake_->fault({{"delayMs", 200}, {"count", 5}, {"path", "/call"}});
  vm::sync::Syncer a(*store_, locks_, options(1000)), b(*store_, locks_, options(1000));
  vm::sync::SyncReport ra, rb;
  std::thread t1([&] { ra = a.syncUser(kUser, kKey); });
  while (!locks_.running(kUser)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  rb = b.syncUser(kUser, kKey);
  t1.join();
  EXPECT_EQ(ra.result, SyncResult::Success) << ra.error;
  EXPECT_EQ(rb.result, SyncResult::AlreadyRunning);
  EXPECT_FALSE(locks_.running(kUser));
  expectStoreMatchesFake();
}

TEST_F(SyncerTest, ASyncHeldByAnotherProcessOnTheSameDatabaseIsNotStarted) {
  // A second store on the same file stands in for another process (`voicematrix sync` beside `serve`):
  // it shares no in-memory lock with this one, only the database.
  vm::store::StoreOptions so;
  so.url = dir_.path() + "/vm.db";
  so.synchronousFull = false;
  auto otherProcess = vm::store::openStore(so);
  auto lease = otherProcess->tryLockSync(kUser);
  ASSERT_NE(lease, nullptr);
  vm::sync::Syncer syncer(*store_, locks_, options());
  auto report = syncer.syncUser(kUser, kKey);
  EXPECT_EQ(report.result, SyncResult::AlreadyRunning);
  EXPECT_FALSE(locks_.running(kUser)) << "the in-process lock is given back";
  EXPECT_EQ(fake_->stats()["requests"].value("GET /call", 0L), 0) << "VAPI was not asked";

  lease.reset();
  report = syncer.syncUser(kUser, kKey);
  EXPECT_EQ(report.result, SyncResult::Success) << report.error;
  otherProcess->close();
}

TEST_F(SyncerTest, AWalkThatLostItsLeaseStopsWithoutWritingState) {
  // This store's leases expire after 200 ms unless renewed; the first page takes 600 ms, so the lease
  // expires mid-page and another process takes it over before the walk's next renewal.
  vm::store::StoreOptions so;
  so.url = dir_.path() + "/vm.db";
  so.synchronousFull = false;
  so.syncLeaseTtlMs = 200;
  auto shortLeases = vm::store::openStore(so);
  fake_->fault({{"delayMs", 600}, {"count", 1}, {"path", "/call"}});
  vm::sync::Syncer syncer(*shortLeases, locks_, options(1000));
  vm::sync::SyncReport report;
  std::thread walk([&] { report = syncer.syncUser(kUser, kKey); });
  while (!locks_.running(kUser)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  auto takeover = store_->tryLockSync(kUser);
  walk.join();
  ASSERT_NE(takeover, nullptr) << "the expired lease can be taken over";
  EXPECT_EQ(report.result, SyncResult::Failed);
  EXPECT_NE(report.error.find("sync lock was lost"), std::string::npos) << report.error;
  // The state belongs to the new holder now: the stopped walk left it as it was ("running").
  EXPECT_EQ(state("calls").syncStatus, "running");
  takeover.reset();
  shortLeases->close();
}

TEST_F(SyncerTest, RejectedKeyFailsWithoutLeakingIt) {
  vm::sync::Syncer syncer(*store_, locks_, options());
  const std::string wrong = "sk-wrong-sync-key-XYZ";
  auto report = syncer.syncUser(kUser, wrong);
  EXPECT_EQ(report.result, SyncResult::Failed);
  EXPECT_EQ(report.error, "VAPI rejected the API key");
  for (const auto& s : store_->syncStates(kUser)) {
    EXPECT_EQ(s.syncStatus, "failed");
    EXPECT_EQ(s.errorMessage.find(wrong), std::string::npos);
  }
}

TEST_F(SyncerTest, SyncAllSkipsUsersWithoutKeyAndSurvivesFailures) {
  vm::store::NewUser other;
  other.id = "usr_other";
  other.email = "other@example.com";
  other.hookId = "hook-other";
  other.webhookSecretHash = "y";
  store_->createUser(other);
  vm::store::NewUser nokey = other;
  nokey.id = "usr_nokey";
  nokey.email = "nokey@example.com";
  nokey.hookId = "hook-nokey";
  store_->createUser(nokey);
  vm::sync::Syncer syncer(*store_, locks_, options(1000));
  // usr_other's key is wrong: its failure must not stop usr_sync.
  syncer.syncAll([](const std::string& id) -> std::optional<std::string> {
    if (id == "usr_other") return std::string("bad-key");
    if (id == kUser) return kKey;
    return std::nullopt;
  });
  expectStoreMatchesFake();
  EXPECT_TRUE(store_->syncStates("usr_nokey").empty());
  bool otherFailed = false;
  for (auto& s : store_->syncStates("usr_other")) otherFailed = otherFailed || s.syncStatus == "failed";
  EXPECT_TRUE(otherFailed);
}

TEST_F(SyncerTest, SyncAllSkipsAUserSyncedRecentlyByAnyoneAndRetriesAFailedOne) {
  vm::sync::Syncer syncer(*store_, locks_, options(1000));
  int keyLookups = 0;
  auto keyFor = [&](const std::string& id) -> std::optional<std::string> {
    ++keyLookups;
    return id == kUser ? std::optional<std::string>(kKey) : std::nullopt;
  };
  syncer.syncAll(keyFor, std::chrono::minutes(10));  // never synced: runs
  ASSERT_EQ(state("calls").syncStatus, "success");
  const auto firstSync = state("calls").lastSyncTimestampMs;
  // Another instance's scheduler comes round a moment later: the user was just synced, so it is skipped.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  syncer.syncAll(keyFor, std::chrono::minutes(10));
  EXPECT_EQ(state("calls").lastSyncTimestampMs, firstSync);
  // Without a freshness window (or once it has passed) it runs again.
  syncer.syncAll(keyFor, std::chrono::milliseconds(1));
  EXPECT_GT(state("calls").lastSyncTimestampMs, firstSync);
  EXPECT_GE(keyLookups, 3);
  // A failed last sync is never "fresh": it is retried at the next round.
  auto calls = state("calls");
  calls.syncStatus = "failed";
  store_->saveSyncState(kUser, calls);
  syncer.syncAll(keyFor, std::chrono::minutes(10));
  EXPECT_EQ(state("calls").syncStatus, "success");
  expectStoreMatchesFake();
}

TEST(CallCursor, RoundTripsAndToleratesGarbage) {
  vm::sync::CallCursor c;
  c.walking = true;
  c.incremental = true;
  c.filterGt = "2026-01-01T00:00:00.000Z";
  c.upper = "2026-02-01T00:00:00.000Z";
  c.boundaryIds = {"a", "b"};
  c.syncedInWalk = 7;
  c.highWaterMs = 123;
  auto d = vm::sync::CallCursor::parse(c.toJson());
  EXPECT_TRUE(d.walking && d.incremental);
  EXPECT_EQ(d.upper, c.upper);
  EXPECT_EQ(d.boundaryIds, c.boundaryIds);
  EXPECT_EQ(d.syncedInWalk, 7);
  EXPECT_EQ(d.highWaterMs, 123);
  EXPECT_FALSE(vm::sync::CallCursor::parse("{not json").walking);
  EXPECT_EQ(vm::sync::CallCursor::parse("").highWaterMs, 0);
}

}  // namespace
