// Moves the WAL checkpoint work off the webhooks' path. With SQLite's automatic checkpoint, the COMMIT
// that crosses the threshold copies the whole WAL into the database (and fsyncs it) before it returns, so
// every webhook of that batch waits for it. Here the writer only notes the WAL size after each commit
// (sqlite3_wal_hook) and this thread, on its own connection, copies the WAL with PASSIVE checkpoints,
// which block neither the writer nor the readers, one pass per kThresholdPages of new WAL.
// A background pass can never finish the WAL while the writer keeps appending, and a WAL that is never
// finished is never restarted: it would grow without bound. The finishing step (copy the frames added
// since the last pass, fsync the database: only those, as each pass fsyncs what it copied; the WAL then
// restarts from its beginning) runs on the writer's connection: when the writer is idle (finishWhenIdle,
// nobody waits yet), or, under a burst with no idle moment, in the commit that takes the WAL past
// kForceFinishPages. Durability is unchanged: a commit is durable once in the WAL.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

class Checkpointer {
 public:
  explicit Checkpointer(const std::string& path);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installs the WAL hook on the writer's connection (replacing the automatic checkpoint).
  void attach(sqlite3* writer);
  // Final checkpoint (the WAL is folded back into the database) and thread exit; idempotent.
  void stop();
  // The writer's idle moments: the finishing step once a background pass left little to copy (else
  // another pass). Writer thread only.
  enum class IdleStep { Nothing, Later, Finished };  // Later: a pass is copying, ask again
  IdleStep finishWhenIdle(sqlite3* writer);
  // WAL frames the background passes have copied so far (tests: the writer must not do all the work).
  std::uint64_t backgroundFrames() const { return backgroundFrames_.load(); }
  // Database fsyncs after background passes (tests: the finishing step must not flush their pages).
  std::uint64_t backgroundSyncs() const { return backgroundSyncs_.load(); }

 private:
  static int onCommit(void* self, sqlite3* db, const char* name, int walPages);
  void finishOn(sqlite3* writer);
  void startPass(int walPages);  // writer thread
  void loop();
  void syncDatabase();

  // Pages of new WAL that start a background pass (8 MiB). SQLite's default, 1,000, made the writer finish
  // a checkpoint (and wait for its database fsync) every ~50 ms under webhook load, before the passes moved
  // to this thread; 4,000 then took ~7,200 to ~10,000 webhooks/s in quick runs. Now that the passes sync
  // what they copy, each pass's database writeback is what delays the WAL fsyncs that meet it (a commit
  // of 4-5 ms instead of 0.3): 2,000 makes those writebacks half as large. Six alternating 15 s runs:
  // p99 9.5 -> 8.6 ms for 9,825 -> 9,692 req/s (medians); on a 2.7 GB database p99 22 -> 18 ms.
  static constexpr int kThresholdPages = 2000;
  // A WAL this long (~80 MiB) is finished in a commit even without an idle moment: a few times a second
  // in a burst, each stalling one batch for the copy and fsync of at most kFinishFrames pages.
  static constexpr int kForceFinishPages = 20000;
  // ... once the last background pass left at most this many frames to copy (~1 MiB: 2-3 ms with the
  // database fsync; 512 took 2-7 ms, and an idle-moment finish of ~3,300 frames ~20 ms).
  static constexpr int kFinishFrames = 256;
  // Far beyond the threshold (the checkpointer cannot keep up): the writer checkpoints itself.
  static constexpr int kEmergencyPages = 64000;

  std::unique_ptr<Connection> db_;
  // Idle: nothing under way; Copying: a background pass runs; Copied: the writer may finish the WAL.
  enum Phase : int { Idle, Copying, Copied };
  std::atomic<int> phase_{Idle};
  int lastPassStartPages_ = 0;      // WAL size when the last background pass started (writer thread only)
  int walPages_ = 0;                // WAL size after the writer's last commit (writer thread only)
  std::atomic<int> copiedUpTo_{0};  // WAL frames in the database after the last background pass
  std::atomic<std::uint64_t> backgroundFrames_{0};
  std::atomic<std::uint64_t> backgroundSyncs_{0};
  std::atomic<int> lastPassMoved_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vm::store::sqlite
