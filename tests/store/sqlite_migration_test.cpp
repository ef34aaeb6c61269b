// Upgrades of a SQLite database written by an older build keep what it held. Migration 7 moved "this call
// waits for the search index" from calls.fts_indexed to calls_search_pending: a call the old build had
// indexed must stay indexed (once), one it had not must be indexed by the new build.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "scratch_wal_database.hpp"
#include "sqlite_raw_calls.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/store.hpp"

namespace {

using vm::store::sqlite::Connection;
using vm::store::sqlite::testing::insertRawCall;
using vm::store::sqlite::testing::ScratchWalDatabase;

std::int64_t count(Connection& db, const std::string& sql) {
  auto st = db.prepare(sql);
  return st.step() ? st.columnInt(0) : -1;
}

// A call row as the build before migration 7 stored it, indexed for search or not.
void insertCallAtVersion6(Connection& db, const std::string& vapiCallId, const std::string& transcript,
                          bool indexed) {
  const std::int64_t rowId = insertRawCall(db, "usr_old", vapiCallId, transcript);
  if (!indexed) return;
  db.prepare("INSERT INTO calls_fts(rowid, transcript, summary) VALUES (?1, ?2, '')")
      .bindInt(1, rowId)
      .bindText(2, transcript)
      .run();
  db.prepare("UPDATE calls SET fts_indexed = 1 WHERE id = ?1").bindInt(1, rowId).run();
}

std::vector<std::string> searchIds(vm::store::Store& store, const std::string& text) {
  vm::store::CallQuery q;
  q.search = text;
  std::vector<std::string> ids;
  for (const auto& call : store.listCalls("usr_old", q).calls) ids.push_back(call.callId);
  return ids;
}

TEST(SqliteMigrationTest, SearchStateSurvivesTheMoveToThePendingTable) {
  ScratchWalDatabase scratch;
  Connection& db = scratch.writer();
  vm::store::sqlite::migrate(db, 6);
  db.exec(
      "INSERT INTO users (id, email, hook_id, webhook_secret_hash, created_at_ms)"
      " VALUES ('usr_old', 'old@example.com', 'hook_old', 'x', 0)");
  insertCallAtVersion6(db, "indexed", "User: my kettle leaks", true);
  insertCallAtVersion6(db, "waiting1", "User: my toaster burns", false);
  insertCallAtVersion6(db, "waiting2", "User: my kettle hums", false);

  vm::store::sqlite::migrate(db);
  EXPECT_EQ(count(db, "SELECT MAX(version) FROM schema_version"), 7);
  EXPECT_EQ(count(db,
                  "SELECT count(*) FROM calls_search_pending p JOIN calls c ON c.id = p.call_rowid"
                  " WHERE c.call_id IN ('vapi_waiting1', 'vapi_waiting2')"),
            2);
  EXPECT_EQ(count(db, "SELECT count(*) FROM calls_search_pending"), 2);

  vm::store::StoreOptions options;
  options.url = "sqlite:" + scratch.path();
  auto store = vm::store::openStore(options);
  EXPECT_EQ(searchIds(*store, "kettle"), (std::vector<std::string>{"vapi_waiting2", "vapi_indexed"}));
  EXPECT_EQ(searchIds(*store, "toaster"), std::vector<std::string>{"vapi_waiting1"});
  store->close();
  EXPECT_EQ(count(db, "SELECT count(*) FROM calls_search_pending"), 0);
  // Every call indexed exactly once, with its current text.
  EXPECT_NO_THROW(db.exec("INSERT INTO calls_fts(calls_fts, rank) VALUES ('integrity-check', 1)"));
}

}  // namespace
