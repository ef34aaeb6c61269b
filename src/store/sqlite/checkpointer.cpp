#include "store/sqlite/checkpointer.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

namespace vm::store::sqlite {

Checkpointer::Checkpointer(const std::string& path)
    : db_(std::make_unique<Connection>(path, SQLITE_OPEN_READWRITE)), thread_([this] { loop(); }) {
  db_->exec("PRAGMA busy_timeout = 5000");
  // A connection learns that the database is in WAL mode when it first reads it; until then
  // sqlite3_wal_checkpoint_v2 on it does nothing (and says so only through a log size of -1), which left
  // every checkpoint to the writer's commits.
  db_->exec("SELECT count(*) FROM sqlite_schema");
}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::attach(sqlite3* writer) { sqlite3_wal_hook(writer, &Checkpointer::onCommit, this); }

int Checkpointer::onCommit(void* self, sqlite3* db, const char* name, int walPages) {
  auto* me = static_cast<Checkpointer*>(self);
  if (walPages >= kEmergencyPages) {
    // Readers holding old snapshots, or a slow disk: do not let the WAL grow without bound.
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  if (walPages < me->lastPassStartPages_) me->lastPassStartPages_ = 0;  // the WAL restarted
  me->walPages_ = walPages;
  int phase = me->phase_.load();
  const bool longWal = walPages >= kForceFinishPages;
  if (phase == Copied && longWal && walPages - me->copiedUpTo_.load() <= kFinishFrames) {
    // No idle moment came (a sustained burst): finish here, so the WAL stays bounded. The last pass left
    // little to copy, so this commit's webhooks wait a few milliseconds, a few times a second at most.
    me->finishOn(db);
  } else if (phase != Copying && (longWal || walPages - me->lastPassStartPages_ >= kThresholdPages)) {
    // Past kForceFinishPages the passes follow each other: each copies what arrived during the one
    // before, so the rest shrinks until the finish is short.
    me->startPass(walPages);
  }
  return SQLITE_OK;
}

void Checkpointer::startPass(int walPages) {
  lastPassStartPages_ = walPages;
  phase_ = Copying;
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

void Checkpointer::finishOn(sqlite3* writer) {
  sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  copiedUpTo_ = 0;  // the WAL restarts at the writer's next transaction
  phase_ = Idle;
}

Checkpointer::IdleStep Checkpointer::finishWhenIdle(sqlite3* writer) {
  switch (phase_.load()) {
    case Idle:
      return IdleStep::Nothing;
    case Copying:
      return IdleStep::Later;
    default:
      break;
  }
  // Idle means only that no webhook came for a moment: one may arrive during the finish and wait for
  // it. A long rest (the WAL grew a lot during the last pass) is copied in the background first.
  // (A pass that moved nothing was held back by a reader's snapshot: another would not do better.)
  if (walPages_ - copiedUpTo_.load() > kFinishFrames && lastPassMoved_.load() > 0) {
    startPass(walPages_);
    return IdleStep::Later;
  }
  finishOn(writer);
  return IdleStep::Finished;
}

void Checkpointer::loop() {
  // Background work: on a busy machine the threads answering webhooks go first.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return pending_ || stopping_; });
      if (stopping_) return;
      pending_ = false;
    }
    int logFrames = 0, copiedFrames = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &logFrames,
                                       &copiedFrames);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      spdlog::warn("store: WAL checkpoint failed: {}", sqlite3_errstr(rc));
    // copiedFrames counts from the WAL's start: this pass moved what lies beyond the previous pass's mark.
    const int moved = copiedFrames - copiedUpTo_.load();
    lastPassMoved_ = moved;
    if (moved > 0) {
      backgroundFrames_ += static_cast<std::uint64_t>(moved);
      syncDatabase();
    }
    copiedUpTo_ = copiedFrames > 0 ? copiedFrames : 0;
    phase_ = Copied;
  }
}

void Checkpointer::syncDatabase() {
  // A pass that does not reach the WAL's end leaves the pages it copied unsynced: SQLite fsyncs the
  // database only when a checkpoint completes, which here is the finishing step on the writer. That
  // fsync then flushed everything the passes had copied (~80 MB in a burst, 15-45 ms) while a batch of
  // webhooks waited for it: the benchmark's client-side p99 was ~25 ms, with it synced here ~8 ms.
  // The database file is only ever written by checkpoints, and an fsync is safe at any moment.
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db_->handle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == nullptr || file->pMethods == nullptr)
    return;
  if (int rc = file->pMethods->xSync(file, SQLITE_SYNC_NORMAL); rc != SQLITE_OK) {
    spdlog::warn("store: database fsync after a checkpoint pass failed: {}", sqlite3_errstr(rc));
    return;
  }
  ++backgroundSyncs_;
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  // At shutdown nothing else writes: fold the WAL back so the database file stands alone.
  sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

}  // namespace vm::store::sqlite
