// Search over calls whose index is built after they are acknowledged (SQLite's pending table, PostgreSQL's
// pending search vector): a search sees every stored call and a call's current text only, and on
// PostgreSQL several instances indexing one database index each call once.
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_raw_calls.hpp"
#include "store/postgres/search.hpp"
#include "store/postgres/store.hpp"
#include "store/sqlite/connection.hpp"
#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

std::vector<std::string> searchIds(Store& store, const std::string& userId, const std::string& text) {
  CallQuery q;
  q.search = text;
  q.limit = 500;
  std::vector<std::string> ids;
  for (const auto& call : store.listCalls(userId, q).calls) ids.push_back(call.callId);
  return ids;
}

// Calls whose stored vector is missing or not the one their current text gives.
constexpr const char* kWrongVectors =
    "SELECT count(*) FROM calls WHERE search IS DISTINCT FROM " VM_PG_SEARCH_VECTOR;

TEST_P(StoreTest, ACallIsFoundByASearchRightAfterItIsStored) {
  auto user = makeUser("a");
  for (int i = 0; i < 20; ++i) {
    Report r;
    r.transcript = "User: my parcel number is pn" + std::to_string(i) + "q\n";
    store_->apply(user.id, endOfCallReport("c" + std::to_string(i), r));
    // No pause: the writer has had no idle moment to index it.
    EXPECT_EQ(searchIds(*store_, user.id, "pn" + std::to_string(i) + "q"),
              std::vector<std::string>{"vapi_c" + std::to_string(i)});
  }
}

TEST_P(StoreTest, AChangedTranscriptIsFoundByItsNewWordsOnly) {
  auto user = makeUser("a");
  Report r;
  r.transcript = "User: I want a refund for my blender";
  store_->apply(user.id, endOfCallReport("c1", r));
  ASSERT_EQ(searchIds(*store_, user.id, "blender"), std::vector<std::string>{"vapi_c1"});  // indexed now
  for (const char* word : {"toaster", "kettle", "microwave"}) {
    r.transcript = std::string("User: I want a refund for my ") + word;
    store_->apply(user.id, endOfCallReport("c1", r));
    EXPECT_EQ(searchIds(*store_, user.id, word), std::vector<std::string>{"vapi_c1"}) << word;
    EXPECT_TRUE(searchIds(*store_, user.id, "blender").empty()) << word;
  }
  // Once the writer has had idle time, the stored vector is the current text's.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(searchIds(*store_, user.id, "toaster").empty());
  EXPECT_EQ(searchIds(*store_, user.id, "refund"), std::vector<std::string>{"vapi_c1"});
  if (!schema_.empty()) {
    EXPECT_EQ(pgCount(url_, kWrongVectors), 0);
  }
}

// SQLite keeps the calls waiting for the index in a table of their rowids (migration 7). The FTS5 index
// must hold exactly the current text of every call that is not waiting: its integrity check compares
// it with the calls table, and fails on a stale entry, a missing one, or a 'delete' of text it never held.
TEST_P(StoreTest, SqliteSearchIndexHoldsEachCallsCurrentTextOnly) {
  if (dir_.empty()) GTEST_SKIP() << "SQLite's FTS5 index";
  auto user = makeUser("a");
  auto report = [](int i, const std::string& word) {
    Report r;
    r.transcript = "User: call " + std::to_string(i) + " about " + word;
    return r;
  };
  for (int i = 0; i < 30; ++i)
    store_->apply(user.id, endOfCallReport("c" + std::to_string(i), report(i, "lamps")));
  for (int i = 0; i < 10; ++i)
    store_->apply(user.id, endOfCallReport("c" + std::to_string(i), report(i, "rugs")));
  ASSERT_EQ(searchIds(*store_, user.id, "lamps").size(), 20u);  // catches up: everything indexed
  for (int i = 10; i < 20; ++i)
    store_->apply(user.id, endOfCallReport("c" + std::to_string(i), report(i, "sofas")));
  EXPECT_EQ(searchIds(*store_, user.id, "sofas").size(), 10u);
  EXPECT_EQ(searchIds(*store_, user.id, "rugs").size(), 10u);
  EXPECT_EQ(searchIds(*store_, user.id, "lamps").size(), 10u);

  sqlite::Connection db(dir_ + "/voicematrix.db", SQLITE_OPEN_READWRITE);
  db.exec("PRAGMA busy_timeout = 5000");
  auto count = [&db](const char* sql) {
    auto st = db.prepare(sql);
    return st.step() ? st.columnInt(0) : -1;
  };
  EXPECT_EQ(count("SELECT count(*) FROM calls_search_pending"), 0);
  EXPECT_NO_THROW(db.exec("INSERT INTO calls_fts(calls_fts, rank) VALUES ('integrity-check', 1)"));

  // A call deleted by hand (the schema's trigger): an indexed one leaves the index, a waiting one's mark
  // goes.
  store_->apply(user.id, endOfCallReport("c25", report(25, "chairs")));  // waiting again
  db.exec("DELETE FROM calls WHERE call_id IN ('vapi_c25', 'vapi_c26')");
  EXPECT_EQ(count("SELECT count(*) FROM calls_search_pending"), 0);
  EXPECT_TRUE(searchIds(*store_, user.id, "chairs").empty());
  EXPECT_EQ(searchIds(*store_, user.id, "lamps").size(), 8u);
  EXPECT_NO_THROW(db.exec("INSERT INTO calls_fts(calls_fts, rank) VALUES ('integrity-check', 1)"));
}

// A search first indexes the calls still waiting, in writer jobs of a bounded size, so that webhooks are
// stored between them; it once did the whole backlog (seconds at its bound) in one job, holding every
// webhook for as long. Each job is a commit of its own.
TEST_P(StoreTest, SqliteSearchCatchesUpInChunksWebhooksCanPass) {
  if (dir_.empty()) GTEST_SKIP() << "SQLite's writer";
  auto user = makeUser("a");
  store_->close();
  {
    // 5,000 stored calls waiting for the index, as a burst leaves them: more than the writer's own idle
    // indexing can do before the search below begins, even on a busy machine.
    sqlite::Connection db(dir_ + "/voicematrix.db", SQLITE_OPEN_READWRITE);
    db.exec("BEGIN");
    for (int i = 0; i < 5000; ++i) {
      const auto rowId = sqlite::testing::insertRawCall(db, user.id, "c" + std::to_string(i),
                                                        "User: ask about the waffle iron");
      db.prepare("INSERT INTO calls_search_pending (call_rowid) VALUES (?1)").bindInt(1, rowId).run();
    }
    db.exec("COMMIT");
  }
  store_ = open();
  const auto commitsBefore = store_->commitCount();
  EXPECT_EQ(searchIds(*store_, user.id, "waffle").size(), 500u);  // one page: the limit
  EXPECT_GE(store_->commitCount() - commitsBefore, 10u) << "5,000 calls in chunks of 200";
  EXPECT_EQ(searchIds(*store_, user.id, "iron").size(), 500u);
}

// A pending call that another transaction holds (an instance indexing it, a writer updating it) cannot be
// indexed by the search's catch-up; the search still finds it from its text.
TEST_P(StoreTest, PostgresSearchFindsAPendingCallAnotherTransactionHolds) {
  if (schema_.empty()) GTEST_SKIP() << "PostgreSQL row locks";
  auto user = makeUser("a");
  Report r;
  r.summary = "held while pending";
  store_->apply(user.id, endOfCallReport("held", r));
  ASSERT_EQ(searchIds(*store_, user.id, "held").size(), 1u);

  PGconn* other = PQconnectdb(url_.c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  auto run = [other](const std::string& sql, const std::vector<std::string>& values = {}) {
    std::vector<const char*> params;
    for (const auto& v : values) params.push_back(v.c_str());
    PGresult* res = PQexecParams(other, sql.c_str(), static_cast<int>(params.size()), nullptr, params.data(),
                                 nullptr, nullptr, 0);
    EXPECT_TRUE(PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK)
        << sql << ": " << PQresultErrorMessage(res);
    PQclear(res);
  };
  // Pending again (committed), then locked until ROLLBACK.
  run("UPDATE calls SET search = NULL WHERE user_id = $1", {user.id});
  run("BEGIN");
  run("SELECT call_id FROM calls WHERE user_id = $1 FOR UPDATE", {user.id});
  EXPECT_EQ(searchIds(*store_, user.id, "held"), std::vector<std::string>{"vapi_held"});
  EXPECT_TRUE(searchIds(*store_, user.id, "nothing").empty());
  EXPECT_EQ(pgCount(url_, "SELECT count(*) FROM calls WHERE search IS NULL"), 1);  // skipped, not waited for
  run("ROLLBACK");
  PQfinish(other);
  EXPECT_EQ(searchIds(*store_, user.id, "held"), std::vector<std::string>{"vapi_held"});
  EXPECT_EQ(pgCount(url_, kWrongVectors), 0);
}

TEST_P(StoreTest, PostgresInstancesIndexingOneDatabaseIndexEachCallOnce) {
  if (schema_.empty()) GTEST_SKIP() << "several instances share PostgreSQL only";
  auto second = open();
  auto* a = dynamic_cast<postgres::PgStore*>(store_.get());
  auto* b = dynamic_cast<postgres::PgStore*>(second.get());
  ASSERT_TRUE(a && b);
  auto user = makeUser("a");
  constexpr int kCalls = 1500;
  std::atomic<int> done{0};
  for (int i = 0; i < kCalls; ++i) {
    Report r;
    r.transcript = "User: ticket tk" + std::to_string(i) + "z please\n" + std::string(1500, 'w');
    Store& via = i % 2 ? *second : *store_;
    via.applyAsync(user.id, endOfCallReport("c" + std::to_string(i), r),
                   [&done](std::exception_ptr error, const ApplyResult*) {
                     EXPECT_FALSE(error);
                     ++done;
                   });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((done < kCalls || pgCount(url_, "SELECT count(*) FROM calls WHERE search IS NULL") > 0) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(done.load(), kCalls);
  EXPECT_EQ(pgCount(url_, kWrongVectors), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // any second indexing of a call would show
  RecordProperty("indexedByFirst", static_cast<int>(a->searchIndexedCount()));
  RecordProperty("indexedBySecond", static_cast<int>(b->searchIndexedCount()));
  EXPECT_EQ(a->searchIndexedCount() + b->searchIndexedCount(), static_cast<std::uint64_t>(kCalls))
      << "first instance " << a->searchIndexedCount() << ", second " << b->searchIndexedCount();
  for (int i : {0, 1, 750, 1499}) {
    EXPECT_EQ(searchIds(*second, user.id, "tk" + std::to_string(i) + "z"),
              std::vector<std::string>{"vapi_c" + std::to_string(i)});
  }
  second->close();
}

}  // namespace
}  // namespace vm::store::testing
