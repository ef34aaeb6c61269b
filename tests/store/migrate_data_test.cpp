// migrate-data: a SQLite deployment copied into PostgreSQL keeps every row, and analytics recomputed on
// the target equal the source's. Runs on the PostgreSQL parameter only (the SQLite one has no target).
#include <filesystem>

#include "store/postgres/import.hpp"
#include "store/postgres/search.hpp"
#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

TEST_P(StoreTest, MigrateDataCopiesASqliteDeploymentWithoutLoss) {
  if (GetParam() == "sqlite") GTEST_SKIP() << "needs a PostgreSQL target";
  std::string dir = (std::filesystem::temp_directory_path() / "vm-migrate-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string path = dir + "/source.db";

  StoreOptions options;
  options.url = "sqlite:" + path;
  auto source = openStore(options);
  std::vector<std::string> users;
  for (int u = 0; u < 3; ++u) {
    NewUser n;
    n.id = prefix_ + "u" + std::to_string(u);
    n.email = n.id + "@example.com";
    n.hookId = n.id + "-hook";
    n.webhookSecretHash = "hash";
    n.apiTokenHash = n.id + "-token";
    n.vapiOrgId = u == 0 ? "" : n.id + "-org";
    source->createUser(n);
    source->setPasswordHash(n.id, "$argon2id$example");
    source->createSession({n.id + "-session", n.id, 1, 2, 3});
    source->setVapiCredentials(n.id, {"cipher", "...abcd", 5});
    source->saveSyncState(n.id, {"calls", 1234, "success", "", 42, "cursor-" + n.id});
    users.push_back(n.id);
    for (int i = 0; i < 40; ++i) {
      Report r;
      r.endedMs = kDay0 + i * 7 * kHour;  // spread over ~12 days
      r.startedMs = r.endedMs - 45000 - i;
      r.cost = 0.013 * (i % 9);
      r.intent = i % 3 ? "hours" : "booking";
      r.successEvaluation = i % 4 ? std::optional<std::string>(std::to_string(i % 10)) : std::nullopt;
      r.summary = "Summary " + std::to_string(i) + " with words";
      source->applyAsync(n.id, endOfCallReport("c" + std::to_string(i), r), nullptr);
    }
    source->apply(n.id, statusUpdate("running", domain::CallStatus::InProgress, kDay0));  // not ended
  }
  source->close();
  source.reset();

  postgres::ImportReport report = postgres::importFromSqlite(path, url_);
  std::map<std::string, std::int64_t> rows(report.rowsCopied.begin(), report.rowsCopied.end());
  EXPECT_EQ(rows["users"], 3);
  EXPECT_EQ(rows["api_tokens"], 3);
  EXPECT_EQ(rows["calls"], 3 * 41);
  EXPECT_EQ(rows["sync_state"], 3);
  EXPECT_EQ(rows["sessions"], 3);
  // Copied calls arrive indexed for search, with the vector a stored call gets.
  EXPECT_EQ(pgCount(url_, "SELECT count(*) FROM calls WHERE search IS NULL"), 0);
  EXPECT_EQ(pgCount(url_, "SELECT count(*) FROM calls WHERE search IS DISTINCT FROM " VM_PG_SEARCH_VECTOR),
            0);

  source = openStore(options);
  for (const std::string& id : users) {
    EXPECT_EQ(store_->countCalls(id), source->countCalls(id));
    EXPECT_EQ(tokenUser(id + "-token")->id, id);
    EXPECT_EQ(store_->passwordHash(id), "$argon2id$example");
    EXPECT_TRUE(store_->sessionByHash(id + "-session"));
    EXPECT_EQ(store_->syncStates(id).at(0).cursor, "cursor-" + id);
    auto a = source->analytics(id, "2026-01-01", "2026-12-31");
    auto b = store_->analytics(id, "2026-01-01", "2026-12-31");
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].date, b[i].date);
      EXPECT_EQ(a[i].totalCalls, b[i].totalCalls);
      EXPECT_EQ(a[i].successfulCalls, b[i].successfulCalls);
      EXPECT_EQ(a[i].totalCost, b[i].totalCost);
      EXPECT_EQ(a[i].totalDuration, b[i].totalDuration);
      EXPECT_EQ(a[i].satisfactionSum, b[i].satisfactionSum);
      EXPECT_EQ(a[i].satisfactionCount, b[i].satisfactionCount);
      ASSERT_EQ(a[i].topIntents.size(), b[i].topIntents.size());
    }
    // Every call, field by field, and the same pages (same cursor format).
    CallQuery q;
    q.limit = 7;
    for (;;) {
      CallPage pa = source->listCalls(id, q), pb = store_->listCalls(id, q);
      ASSERT_EQ(pa.calls.size(), pb.calls.size());
      for (std::size_t i = 0; i < pa.calls.size(); ++i) {
        EXPECT_EQ(pa.calls[i].callId, pb.calls[i].callId);
        EXPECT_EQ(pa.calls[i].cost, pb.calls[i].cost);
        EXPECT_EQ(pa.calls[i].satisfaction, pb.calls[i].satisfaction);
        EXPECT_EQ(pa.calls[i].summary, pb.calls[i].summary);
        EXPECT_EQ(pa.calls[i].rawReportJson, pb.calls[i].rawReportJson);
      }
      ASSERT_EQ(pa.nextCursor, pb.nextCursor);
      if (!pa.nextCursor) break;
      q.cursor = pa.nextCursor;
    }
    // Full-text search finds the same calls in both.
    q = {};
    q.search = "summary 7";
    EXPECT_EQ(source->listCalls(id, q).calls.size(), store_->listCalls(id, q).calls.size());
  }
  // A second copy into the now non-empty target is refused, and changes nothing.
  EXPECT_THROW(postgres::importFromSqlite(path, url_), std::runtime_error);
  EXPECT_EQ(store_->countCalls(users[0]), 41);
  source->close();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vm::store::testing
