// The SQLite checkpointer copies the WAL in the background. It once did nothing at all (its connection
// had never read the database, so it did not know it was in WAL mode) and left every checkpoint to the
// writer's commits, inside webhook batches: this test fails in that case, or if a pass leaves its pages
// for the writer's finishing step to fsync.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "scratch_wal_database.hpp"
#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/connection.hpp"

namespace {

using vm::store::sqlite::Checkpointer;
using vm::store::sqlite::Connection;
using vm::store::sqlite::testing::ScratchWalDatabase;

class SqliteCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<ScratchWalDatabase>();
    writer_ = &db_->writer();
    writer_->exec("CREATE TABLE t (v BLOB)");
    checkpointer_ = std::make_unique<Checkpointer>(db_->path());
    checkpointer_->attach(writer_->handle());
  }
  void TearDown() override {
    checkpointer_->stop();
    checkpointer_.reset();  // before the database it checkpoints
    db_.reset();
  }
  // One commit of `rows` ~4 KB rows: about one WAL page each.
  void insert(int rows = 64) {
    writer_->exec("BEGIN");
    for (int i = 0; i < rows; ++i) writer_->prepare("INSERT INTO t VALUES (zeroblob(4000))").run();
    writer_->exec("COMMIT");
  }
  // Commits until a background pass has copied and synced (the writer's commits start passes).
  void untilBackgroundSyncs(std::uint64_t syncs) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (checkpointer_->backgroundSyncs() < syncs && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      insert();
    }
  }
  int walFrames() {
    auto st = writer_->prepare("PRAGMA wal_checkpoint(PASSIVE)");
    return st.step() ? static_cast<int>(st.columnInt(1)) : -1;
  }

  std::unique_ptr<ScratchWalDatabase> db_;
  Connection* writer_ = nullptr;
  std::unique_ptr<Checkpointer> checkpointer_;
};

TEST_F(SqliteCheckpointerTest, CopiesTheWalInTheBackground) {
  // ~16 MiB in 4 KiB rows, 64 per commit: well past the 4,000-page threshold.
  for (int commit = 0; commit < 80; ++commit) insert();
  untilBackgroundSyncs(1);
  EXPECT_GT(checkpointer_->backgroundFrames(), 1000u);
  // ... and flushes what it copied itself, so that the writer's finishing step does not.
  EXPECT_GT(checkpointer_->backgroundSyncs(), 0u);
}

TEST_F(SqliteCheckpointerTest, AnIdleFinishCopiesALongRestInTheBackgroundFirst) {
  for (int commit = 0; commit < 70; ++commit) insert();
  untilBackgroundSyncs(1);
  // Hundreds of pages more since that pass, fewer than start another: the finishing step would copy
  // them while a webhook arriving meanwhile waited, so it asks for one more pass first.
  for (int commit = 0; commit < 6; ++commit) insert();
  EXPECT_EQ(checkpointer_->finishWhenIdle(writer_->handle()), Checkpointer::IdleStep::Later);
  // Once that pass has copied them, the finish runs (on a slow disk, after a pass or two more).
  auto step = Checkpointer::IdleStep::Later;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (step == Checkpointer::IdleStep::Later && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    step = checkpointer_->finishWhenIdle(writer_->handle());
  }
  ASSERT_EQ(step, Checkpointer::IdleStep::Finished);
  EXPECT_EQ(checkpointer_->finishWhenIdle(writer_->handle()), Checkpointer::IdleStep::Nothing);
  // Finished: the WAL restarts from its beginning at the next commit.
  insert(1);
  EXPECT_LT(walFrames(), 10);
}

}  // namespace
