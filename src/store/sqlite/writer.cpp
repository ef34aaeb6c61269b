#include "store/sqlite/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "domain/analytics.hpp"
#include "domain/time.hpp"
#include "store/core/plan_apply.hpp"
#include "store/sqlite/analytics_rows.hpp"
#include "store/sqlite/call_row.hpp"

namespace vm::store::sqlite {
namespace {

// Search indexing (migrations 4 and 7) is the costliest part of storing a call, so it never delays a
// webhook's answer: the writer indexes when it has been idle for kIdle (at ordinary webhook rates that is
// between almost every two batches, so the index trails by milliseconds), in small chunks so that a webhook
// arriving meanwhile waits little. Only a sustained burst keeps it from idling; then the backlog grows,
// and beyond kMaxSearchBacklog the writer indexes a chunk after every batch, so the lag stays bounded.
// A search catches the index up first (catchUpSearchIndex), so it always sees every stored call.
constexpr std::int64_t kMaxSearchBacklog = 100000;
constexpr std::int64_t kIdleIndexChunk = 64;  // ~2-3 ms of indexing (~35 us a call since migration 7)
// A search waits for the catch-up anyway, webhooks only for one chunk of it (~7 ms).
constexpr std::int64_t kCatchUpIndexChunk = 200;
constexpr std::int64_t kInlineIndexChunk = 48;
constexpr std::chrono::milliseconds kIdle{2};

// The call's columns, then its rowid.
constexpr const char* kSelectCall =
    "SELECT " VM_CALL_COLUMNS ", id FROM calls WHERE user_id = ?1 AND call_id = ?2";

// While alive, commits on `db` are not fsync'd (synchronous = NORMAL); FULL again afterwards.
class NoSyncScope {
 public:
  NoSyncScope(Connection& db, bool full) : db_(full ? &db : nullptr) {
    if (db_) db_->exec("PRAGMA synchronous = NORMAL");
  }
  ~NoSyncScope() {
    if (!db_) return;
    try {
      db_->exec("PRAGMA synchronous = FULL");
    } catch (const std::exception& e) {
      spdlog::error("store: restoring synchronous = FULL failed: {}", e.what());
    }
  }
  NoSyncScope(const NoSyncScope&) = delete;
  NoSyncScope& operator=(const NoSyncScope&) = delete;

 private:
  Connection* db_;
};

}  // namespace

Writer::Writer(std::unique_ptr<Connection> db, domain::MergeRules rules, Checkpointer* checkpointer)
    : db_(std::move(db)), rules_(std::move(rules)), checkpointer_(checkpointer) {
  {
    auto mode = db_->prepare("PRAGMA synchronous");
    syncFull_ = mode.step() && mode.columnInt(0) >= 2;  // FULL (2) or EXTRA (3)
  }
  auto st = db_->prepare("SELECT COUNT(*) FROM calls_search_pending");
  if (st.step()) backlog_ = st.columnInt(0);
  if (backlog_ > 0) pendingSeq_ = 1;  // left unindexed by an earlier run
  queue_.start([this] { loop(); });
}

Writer::~Writer() { close(); }

void Writer::push(Job&& job) {
  if (!queue_.push(std::move(job))) throw std::runtime_error("the store is closed");
}

void Writer::apply(const std::string& userId, domain::CallEvent event, ApplyCallback done) {
  Job job;
  job.userId = userId;
  job.event = std::move(event);
  job.done = std::move(done);
  try {
    push(std::move(job));
  } catch (...) {
    // push only throws before taking the job, so the callback is still ours to answer.
    if (job.done) job.done(std::current_exception(), nullptr);
  }
}

void Writer::run(std::function<void(Connection&)> work) {
  Job job;
  job.task = std::move(work);
  job.taskDone.emplace();
  std::future<void> done = job.taskDone->get_future();
  push(std::move(job));
  done.get();
}

void Writer::catchUpSearchIndex() {
  if (!searchIndexBehind()) return;
  // A chunk per writer job, so that webhooks arriving meanwhile are applied between chunks: one job for
  // the whole backlog (up to kMaxSearchBacklog calls, seconds of work) held every webhook for as long.
  // Only the calls waiting when the search began are its business (rowids up to `last`), so calls that
  // keep arriving cannot keep it waiting.
  std::uint64_t upTo = 0;
  std::int64_t last = -1;
  bool drained = false;
  while (!drained) {
    run([&](Connection& db) {
      if (last < 0) {
        upTo = pendingSeq_.load();
        auto st = db.prepare("SELECT COALESCE(MAX(call_rowid), 0) FROM calls_search_pending");
        last = st.step() ? st.columnInt(0) : 0;
      }
      drained = indexPending(kCatchUpIndexChunk, last) < kCatchUpIndexChunk;
    });
  }
  // run() returned: the last chunk's transaction is committed, and every call stored before is indexed.
  std::uint64_t seen = indexedSeq_.load();
  while (seen < upTo && !indexedSeq_.compare_exchange_weak(seen, upTo)) {
  }
}

void Writer::loop() {
  std::vector<Job> batch;
  for (;;) {
    // Idle: finish a checkpoint and catch the search index up before sleeping (nobody waits on these).
    // Under a burst the queue is empty for moments between batches; only a pause (kIdle without work)
    // counts, or the next webhooks would wait behind this work.
    // One step per idle moment, so that a webhook arriving meanwhile waits for one step at most.
    bool checkpointDue = checkpointer_ != nullptr;
    while ((checkpointDue || searchIndexBehind()) && !queue_.waitFor(kIdle)) {
      auto step = Checkpointer::IdleStep::Nothing;
      if (checkpointDue) {
        step = checkpointer_->finishWhenIdle(db_->handle());
        checkpointDue = step == Checkpointer::IdleStep::Later;  // a pass is copying: ask again
      }
      if (step != Checkpointer::IdleStep::Finished && searchIndexBehind() && !indexChunk(kIdleIndexChunk))
        break;
    }
    if (queue_.take(batch) == BatchQueue<Job>::Taken::Closed) return;  // everything queued was applied
    runBatch(batch);
    batch.clear();
    if (backlog_ > kMaxSearchBacklog) indexChunk(kInlineIndexChunk);
  }
}

std::int64_t Writer::indexPending(std::int64_t limit, std::int64_t lastRowId) {
  struct Pending {
    std::int64_t id;
    bool stored;  // false: the call is gone (its row was deleted by hand); only the mark is left to drop
    std::string transcript, summary;
  };
  // Read the chunk first: rows are not deleted under a statement that is still scanning them.
  std::vector<Pending> chunk;
  {
    auto pending = db_->prepare(
        "SELECT p.call_rowid, c.id IS NOT NULL, c.transcript, c.summary FROM calls_search_pending p"
        " LEFT JOIN calls c ON c.id = p.call_rowid WHERE p.call_rowid <= ?2 ORDER BY p.call_rowid LIMIT ?1");
    pending.bindInt(1, limit).bindInt(2, lastRowId);
    while (pending.step())
      chunk.push_back(
          {pending.columnInt(0), pending.columnInt(1) != 0, pending.columnText(2), pending.columnText(3)});
  }
  for (const auto& call : chunk) {
    if (call.stored) {
      db_->prepare("INSERT INTO calls_fts(rowid, transcript, summary) VALUES (?1, ?2, ?3)")
          .bindInt(1, call.id)
          .bindText(2, call.transcript)
          .bindText(3, call.summary)
          .run();
    }
    db_->prepare("DELETE FROM calls_search_pending WHERE call_rowid = ?1").bindInt(1, call.id).run();
  }
  const auto indexed = static_cast<std::int64_t>(chunk.size());
  backlog_ = std::max<std::int64_t>(0, backlog_ - indexed);
  return indexed;
}

bool Writer::indexChunk(std::int64_t limit) {
  try {
    const std::uint64_t upTo = pendingSeq_.load();
    // Nobody waits on an index commit, and losing one in a power cut loses nothing (its calls stay flagged
    // unindexed), so it skips the fsync: the next webhook batch's fsync makes it durable with its own.
    NoSyncScope noSync(*db_, syncFull_);
    db_->prepare("BEGIN IMMEDIATE").run();
    std::int64_t n = indexPending(limit);
    db_->prepare("COMMIT").run();
    if (n < limit) {  // drained: everything stored before this chunk is indexed and committed
      backlog_ = 0;
      indexedSeq_ = upTo;
    }
    return true;
  } catch (const std::exception& e) {
    spdlog::error("store: indexing calls for search failed: {}", e.what());
    if (!sqlite3_get_autocommit(db_->handle())) {
      try {
        db_->prepare("ROLLBACK").run();
      } catch (...) {
      }
    }
    return false;  // retried at the next idle moment; a search retries (and reports) it itself
  }
}

void Writer::runBatch(std::vector<Job>& batch) {
  std::exception_ptr batchError;
  try {
    db_->prepare("BEGIN IMMEDIATE").run();
  } catch (...) {
    batchError = std::current_exception();
  }
  if (!batchError) {
    for (Job& job : batch) {
      runJob(job);
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then nothing of this
      // batch is stored, and every caller must hear so.
      if (job.error && sqlite3_get_autocommit(db_->handle())) {
        batchError = job.error;
        break;
      }
    }
  }
  if (!batchError) {
    try {
      db_->prepare("COMMIT").run();  // with synchronous=FULL this is the fsync every caller waits for
      commits_.fetch_add(1, std::memory_order_relaxed);
    } catch (...) {
      batchError = std::current_exception();
    }
  }
  if (batchError && !sqlite3_get_autocommit(db_->handle())) {
    try {
      db_->prepare("ROLLBACK").run();
    } catch (const std::exception& e) {
      spdlog::error("store: rollback after a failed batch failed: {}", e.what());
    }
  }
  // Only now, after COMMIT returned, may anyone be told that their event is stored.
  for (Job& job : batch) finish(job, batchError ? batchError : job.error);
}

void Writer::runJob(Job& job) {
  // A savepoint per job: one bad event is rolled back alone, the rest of the batch still commits.
  try {
    db_->prepare("SAVEPOINT job").run();
  } catch (...) {
    job.error = std::current_exception();
    return;
  }
  try {
    if (job.task) {
      job.task(*db_);
    } else {
      job.result = applyEvent(job.userId, job.event);
    }
    db_->prepare("RELEASE job").run();
  } catch (...) {
    job.error = std::current_exception();
    if (sqlite3_get_autocommit(db_->handle())) return;  // the transaction is gone; runBatch fails the batch
    try {
      db_->prepare("ROLLBACK TO job").run();
      db_->prepare("RELEASE job").run();
    } catch (const std::exception& e) {
      spdlog::error("store: rolling back one event failed: {}", e.what());
    }
  }
}

ApplyResult Writer::applyEvent(const std::string& userId, const domain::CallEvent& event) {
  std::optional<domain::CallRecord> existing;
  std::int64_t rowId = 0;
  {
    auto st = db_->prepare(kSelectCall);
    st.bindText(1, userId).bindText(2, storedCallId(event.vapiCallId));
    if (st.step()) {
      existing = readCall(st);
      rowId = st.columnInt(kCallColumnCount);
    }
  }

  ApplyPlan plan = planApply(existing, userId, event, rules_, domain::nowMs());
  if (!plan.changed) return ApplyResult{std::move(*existing), false, false};
  {
    auto st = db_->prepare(plan.created ? kInsertCall : kUpdateCall);
    bindCall(st, plan.merged);
    st.run();
  }
  // Search index: a new call is stored waiting for it (migration 7); a call whose text changed leaves the
  // index now, with the text the index holds, and waits to be indexed again. A call already waiting is
  // not in the index: its rowid is in calls_search_pending, so the insert below changes nothing.
  if (plan.created || plan.textChanged) {
    if (plan.created) rowId = sqlite3_last_insert_rowid(db_->handle());
    db_->prepare("INSERT OR IGNORE INTO calls_search_pending (call_rowid) VALUES (?1)")
        .bindInt(1, rowId)
        .run();
    if (db_->changes() > 0) {
      if (existing) {
        db_->prepare(
               "INSERT INTO calls_fts(calls_fts, rowid, transcript, summary) VALUES ('delete', ?1, ?2, ?3)")
            .bindInt(1, rowId)
            .bindText(2, existing->transcript)
            .bindText(3, existing->summary)
            .run();
      }
      ++pendingSeq_;
      ++backlog_;
    }
  }
  if (plan.analytics.removed) addContribution(*db_, userId, *plan.analytics.removed, -1);
  if (plan.analytics.added) addContribution(*db_, userId, *plan.analytics.added, +1);
  return ApplyResult{std::move(plan.merged), plan.created, true};
}

void Writer::finish(Job& job, std::exception_ptr error) {
  if (job.taskDone) {
    if (error) {
      job.taskDone->set_exception(error);
    } else {
      job.taskDone->set_value();
    }
    return;
  }
  answerApply(job.done, error, job.result);
}

}  // namespace vm::store::sqlite
