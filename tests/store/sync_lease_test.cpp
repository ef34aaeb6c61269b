// Sync leases (Store::tryLockSync): one sync per user across threads, store instances and processes.
// Two stores opened on one URL stand in for two processes (two `serve` instances on PostgreSQL, or
// `serve` and `voicematrix sync` on one SQLite file): neither shares any in-memory state with the other.
#include "store/postgres/sync_lease.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <thread>

#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

TEST_P(StoreTest, SyncLeaseExcludesASecondHolderUntilReleased) {
  auto user = makeUser("a");
  auto first = store_->tryLockSync(user.id);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(store_->tryLockSync(user.id), nullptr) << "same store, second holder";
  // From another thread, as POST /api/sync and the scheduler would.
  std::unique_ptr<SyncLease> fromThread;
  std::thread([&] { fromThread = store_->tryLockSync(user.id); }).join();
  EXPECT_EQ(fromThread, nullptr);
  EXPECT_TRUE(first->renew());

  first.reset();
  auto second = store_->tryLockSync(user.id);
  ASSERT_NE(second, nullptr) << "released on destruction";
  EXPECT_TRUE(second->renew());
}

TEST_P(StoreTest, SyncLeasesOfDifferentUsersDoNotBlockEachOther) {
  auto a = makeUser("a");
  auto b = makeUser("b");
  auto leaseA = store_->tryLockSync(a.id);
  auto leaseB = store_->tryLockSync(b.id);
  EXPECT_NE(leaseA, nullptr);
  EXPECT_NE(leaseB, nullptr);
  // A lease needs no user row: it is only a lock.
  EXPECT_NE(store_->tryLockSync(prefix_ + "no-such-user"), nullptr);
}

TEST_P(StoreTest, SyncLeaseExcludesAnotherStoreOnTheSameDatabase) {
  auto user = makeUser("a");
  auto other = open();
  auto here = store_->tryLockSync(user.id);
  ASSERT_NE(here, nullptr);
  EXPECT_EQ(other->tryLockSync(user.id), nullptr);
  auto elsewhere = other->tryLockSync(prefix_ + "other-user");
  EXPECT_NE(elsewhere, nullptr) << "only the same user is excluded";

  here.reset();
  auto there = other->tryLockSync(user.id);
  ASSERT_NE(there, nullptr);
  EXPECT_EQ(store_->tryLockSync(user.id), nullptr) << "and the other way round";
  there.reset();
  elsewhere.reset();
  other->close();
}

// SQLite: a process that died holding a lease leaves its row; once expired, another holder takes it over,
// and the old holder learns so at its next renewal and cannot release the new holder's lease.
TEST_P(StoreTest, ExpiredSqliteSyncLeaseCanBeTakenOver) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "PostgreSQL leases are session locks without expiry";
  auto user = makeUser("a");
  StoreOptions options;
  options.url = url_;
  options.syncLeaseTtlMs = 150;
  auto shortLived = openStore(options);
  auto stale = shortLived->tryLockSync(user.id);
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ(store_->tryLockSync(user.id), nullptr) << "not yet expired";

  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto taken = store_->tryLockSync(user.id);
  ASSERT_NE(taken, nullptr) << "expired: taken over";
  EXPECT_FALSE(stale->renew()) << "the old holder must hear that it lost the lease";
  stale.reset();  // releasing a lost lease must not release the new holder's
  EXPECT_EQ(shortLived->tryLockSync(user.id), nullptr);
  EXPECT_TRUE(taken->renew());
  shortLived->close();
}

// SQLite: renewal pushes the expiry forward, so a sync that keeps renewing is never taken over.
TEST_P(StoreTest, RenewedSqliteSyncLeaseIsNotTakenOver) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "PostgreSQL leases are session locks without expiry";
  auto user = makeUser("a");
  StoreOptions options;
  options.url = url_;
  options.syncLeaseTtlMs = 400;
  auto holder = openStore(options);
  auto lease = holder->tryLockSync(user.id);
  ASSERT_NE(lease, nullptr);
  for (int i = 0; i < 8; ++i) {  // 800 ms in all: twice the expiry
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(lease->renew());
    EXPECT_EQ(store_->tryLockSync(user.id), nullptr) << "after " << (i + 1) * 100 << " ms";
  }
  lease.reset();
  holder->close();
}

// PostgreSQL: the lock belongs to the lease's session, so when that session ends (the holder crashed, or
// the network dropped) the lock is free at once and the old holder's renew() reports the loss.
TEST_P(StoreTest, PostgresSyncLeaseEndsWithItsSession) {
  if (GetParam() == "sqlite") GTEST_SKIP() << "SQLite leases expire instead";
  auto user = makeUser("a");
  auto lease = store_->tryLockSync(user.id);
  ASSERT_NE(lease, nullptr);

  // pg_locks shows a bigint advisory key as classid (high 32 bits), objid (low 32 bits), objsubid 1.
  const auto key = static_cast<std::uint64_t>(postgres::syncLockKey(user.id));
  const std::string high = std::to_string(key >> 32), low = std::to_string(key & 0xffffffffu);
  PGconn* conn = PQconnectdb(GetParam().c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  const char* values[] = {high.c_str(), low.c_str()};
  PGresult* res =
      PQexecParams(conn,
                   "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"
                   " AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 1"
                   " AND granted",
                   2, nullptr, values, nullptr, nullptr, 0);
  ASSERT_EQ(PQresultStatus(res), PGRES_TUPLES_OK) << PQresultErrorMessage(res);
  EXPECT_STREQ(PQgetvalue(res, 0, 0), "1") << "exactly one session holds the user's lock";
  PQclear(res);
  PQfinish(conn);

  // The terminated backend's lock is released as the session ends; allow it a moment.
  std::unique_ptr<SyncLease> next;
  for (int i = 0; i < 100 && !next; ++i) {
    next = store_->tryLockSync(user.id);
    if (!next) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(next, nullptr);
  EXPECT_FALSE(lease->renew());
  lease.reset();  // unlocking on a dead connection is harmless
  EXPECT_TRUE(next->renew());
}

}  // namespace
}  // namespace vm::store::testing
