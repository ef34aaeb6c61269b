// libpq pipeline mode as the PostgreSQL writer uses it: results in the order sent, a failed statement
// reported with its SQLSTATE after every result was read, and the connection usable afterwards, with its
// prepared statements still right. Skipped unless VM_TEST_PG_URL names a PostgreSQL database.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "store/postgres/pipeline.hpp"

namespace vm::store::postgres {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("VM_TEST_PG_URL");
    if (!url || !*url) GTEST_SKIP() << "VM_TEST_PG_URL is not set";
    db_ = std::make_unique<Connection>(url);
  }
  std::unique_ptr<Connection> db_;
};

TEST_F(PipelineTest, ResultsComeInTheOrderSent) {
  Pipeline pipe(*db_);
  pipe.send("SELECT $1::int + 1", {param(std::int64_t{1})});
  pipe.send("SELECT * FROM unnest($1::text[]) AS t", {textArray({"a\"b", "c\\d", "e,f"})});
  pipe.send("SELECT $1::int + 1", {param(std::int64_t{41})});
  std::vector<Result> results = pipe.sync();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].integer(0, 0), 2);
  ASSERT_EQ(results[1].rows(), 3);
  EXPECT_EQ(results[1].text(0, 0), "a\"b");
  EXPECT_EQ(results[1].text(1, 0), "c\\d");
  EXPECT_EQ(results[1].text(2, 0), "e,f");
  EXPECT_EQ(results[2].integer(0, 0), 42);
}

TEST_F(PipelineTest, AFailedStatementSkipsTheRestAndLeavesTheConnectionUsable) {
  {
    Pipeline pipe(*db_);
    pipe.send("BEGIN");
    pipe.send("SELECT 1 / $1::int", {param(std::int64_t{0})});
    // Never prepared on this connection: its Parse is skipped with it, so it must be prepared again later.
    pipe.send("SELECT 'skipped'::text");
    pipe.send("COMMIT");
    try {
      pipe.sync();
      FAIL() << "division by zero did not fail";
    } catch (const PgError& e) {
      EXPECT_EQ(e.sqlState, "22012");
    }
    EXPECT_TRUE(db_->inTransaction());  // aborted: waiting for ROLLBACK, as after a failed db.query
    pipe.send("ROLLBACK");
    EXPECT_EQ(pipe.sync().size(), 1u);  // the same pipeline goes on
  }
  EXPECT_FALSE(db_->inTransaction());
  EXPECT_EQ(db_->query("SELECT 'skipped'::text").text(0, 0), "skipped");
  EXPECT_EQ(db_->query("SELECT 1 / $1::int", {param(std::int64_t{1})}).integer(0, 0), 1);
}

TEST_F(PipelineTest, AStatementThatDoesNotParseFailsWithItsSqlState) {
  Pipeline pipe(*db_);
  pipe.send("SELEKT 1");
  try {
    pipe.sync();
    FAIL() << "a syntax error did not fail";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlState, "42601");
  }
  pipe.send("SELECT 7");
  EXPECT_EQ(pipe.sync()[0].integer(0, 0), 7);
}

TEST_F(PipelineTest, StatementsLeftUnsyncedAreReadWhenThePipelineEnds) {
  {
    Pipeline pipe(*db_);
    pipe.send("SELECT 1");
    pipe.send("SELECT 2");
  }  // e.g. the caller threw between send and sync
  EXPECT_EQ(db_->query("SELECT 3").integer(0, 0), 3);
}

}  // namespace
}  // namespace vm::store::postgres
