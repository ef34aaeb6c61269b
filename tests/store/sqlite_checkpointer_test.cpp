// The SQLite checkpointer copies the WAL in the background. It once did nothing at all (its connection
// had never read the database, so it did not know it was in WAL mode) and left every checkpoint to the
// writer's commits, inside webhook batches: this test fails in that case, or if a pass leaves its pages
// for the writer's finishing step to fsync.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/connection.hpp"

namespace {

using vm::store::sqlite::Checkpointer;
using vm::store::sqlite::Connection;

TEST(SqliteCheckpointer, CopiesTheWalInTheBackground) {
  auto dir = std::filesystem::temp_directory_path() / ("vm-ckpt-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "vm.db").string();
  {
    Connection writer(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    writer.exec("PRAGMA journal_mode = WAL");
    writer.exec("CREATE TABLE t (v BLOB)");
    Checkpointer checkpointer(path);
    checkpointer.attach(writer.handle());
    // ~16 MiB in 4 KiB rows, 64 per commit: well past the 4,000-page threshold.
    auto insert = [&] {
      writer.exec("BEGIN");
      for (int i = 0; i < 64; ++i) writer.prepare("INSERT INTO t VALUES (zeroblob(4000))").run();
      writer.exec("COMMIT");
    };
    for (int commit = 0; commit < 80; ++commit) insert();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (checkpointer.backgroundSyncs() == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      insert();  // the writer's commits are what start a pass
    }
    EXPECT_GT(checkpointer.backgroundFrames(), 1000u);
    // ... and flushes what it copied itself, so that the writer's finishing step does not.
    EXPECT_GT(checkpointer.backgroundSyncs(), 0u);
    checkpointer.stop();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
