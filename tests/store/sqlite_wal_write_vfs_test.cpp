// The WAL write VFS (wal_write_vfs.hpp) holds a transaction's frames back to write them together. These
// tests fail if it holds back frames of a commit: another connection, or a copy of the files taken right
// after COMMIT (what a crash would leave), must see every committed row, with and without fsync.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "scratch_wal_database.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/wal_write_vfs.hpp"

namespace {

using vm::store::sqlite::Connection;
using vm::store::sqlite::walWriteCounts;
using vm::store::sqlite::testing::ScratchWalDatabase;

class WalWriteVfsTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<ScratchWalDatabase>();
    writer_ = &db_->writer();
    writer_->exec("PRAGMA wal_autocheckpoint = 0");  // the frames stay in the WAL for the copy below
    writer_->exec((std::string("PRAGMA synchronous = ") + GetParam()).c_str());
    writer_->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
  }
  void insert(int rows, int bytes) {
    writer_->exec("BEGIN");
    for (int i = 0; i < rows; ++i)
      writer_->prepare("INSERT INTO t (v) VALUES (randomblob(?1))").bindInt(1, bytes).run();
    writer_->exec("COMMIT");
  }
  static std::int64_t count(Connection& db) {
    auto st = db.prepare("SELECT count(*) FROM t");
    return st.step() ? st.columnInt(0) : -1;
  }
  // What a crash right now would leave: the database and WAL files as they are on disk (no shm).
  std::int64_t countInCopy() {
    const auto copy = db_->dir() / "copy.db";
    std::filesystem::copy_file(db_->path(), copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(db_->path() + "-wal", copy.string() + "-wal",
                               std::filesystem::copy_options::overwrite_existing);
    Connection db(copy.string(), SQLITE_OPEN_READWRITE);
    auto check = db.prepare("PRAGMA integrity_check");
    EXPECT_TRUE(check.step());
    EXPECT_EQ(check.columnText(0), "ok");
    return count(db);
  }

  std::unique_ptr<ScratchWalDatabase> db_;
  Connection* writer_ = nullptr;
};

TEST_P(WalWriteVfsTest, ACommitIsInTheFileAndWrittenInFewWrites) {
  const auto before = walWriteCounts();
  insert(40, 3000);  // ~40 frames: two writes each from SQLite
  const auto after = walWriteCounts();
  EXPECT_GE(after.requested - before.requested, 80u);
  EXPECT_LE(after.issued - before.issued, 4u);  // ~165 KB in 64 KiB pieces

  Connection reader(db_->path(), SQLITE_OPEN_READONLY);
  EXPECT_EQ(count(reader), 40);
  EXPECT_EQ(countInCopy(), 40);
}

TEST_P(WalWriteVfsTest, ATransactionLargerThanTheBufferAndManySmallOnes) {
  insert(600, 4000);  // ~2.4 MB: several buffer-fulls before the commit frame
  for (int i = 0; i < 50; ++i) insert(1, 100);
  Connection reader(db_->path(), SQLITE_OPEN_READONLY);
  EXPECT_EQ(count(reader), 650);
  EXPECT_EQ(countInCopy(), 650);
}

TEST_P(WalWriteVfsTest, ARolledBackTransactionLeavesNothing) {
  insert(5, 100);
  writer_->exec("BEGIN");
  for (int i = 0; i < 300; ++i) writer_->prepare("INSERT INTO t (v) VALUES (randomblob(4000))").run();
  writer_->exec("ROLLBACK");
  insert(1, 100);
  EXPECT_EQ(count(*writer_), 6);
  EXPECT_EQ(countInCopy(), 6);
}

INSTANTIATE_TEST_SUITE_P(Synchronous, WalWriteVfsTest, ::testing::Values("FULL", "NORMAL", "OFF"));

}  // namespace
