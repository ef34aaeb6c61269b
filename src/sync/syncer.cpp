#include "sync/syncer.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>

#include "domain/time.hpp"
#include "sync/call_cursor.hpp"
#include "vapi/webhook_parser.hpp"

namespace vm::sync {
namespace {

constexpr const char* kCalls = "calls";
constexpr const char* kAssistants = "assistants";

struct PageBatch {
  std::mutex mutex;
  std::condition_variable done;
  std::size_t pending = 0;
  std::exception_ptr error;
};

bool isEnded(const domain::CallEvent& e) { return e.status && *e.status == domain::CallStatus::Ended; }

// The lease was lost mid-walk (it expired and another process took it over, or the database session
// holding it ended). Another process may be walking this user now: stop without writing the sync state,
// which is now the other walk's to write.
struct LeaseLost : std::runtime_error {
  LeaseLost()
      : std::runtime_error("the sync lock was lost (another instance may have taken over); stopped") {}
};

}  // namespace

const char* syncResultName(SyncResult r) {
  switch (r) {
    case SyncResult::Success:
      return "success";
    case SyncResult::Failed:
      return "failed";
    case SyncResult::AlreadyRunning:
      return "already-running";
  }
  return "?";
}

Syncer::Syncer(store::Store& store, UserLocks& locks, SyncOptions options, std::function<bool()> cancelled)
    : store_(store), locks_(locks), options_(std::move(options)), cancelled_(std::move(cancelled)) {
  if (options_.pageLimit < 1 || options_.pageLimit > 1000)
    throw std::invalid_argument("sync page limit must be 1..1000 (VAPI's range)");
  if (options_.backfillDays < 1) throw std::invalid_argument("sync back-fill days must be at least 1");
}

SyncReport Syncer::syncUser(const std::string& userId, const std::string& apiKey) {
  std::optional<SyncLock> lock;
  try {
    lock = lockUserSync(locks_, store_, userId);
  } catch (const std::exception& e) {
    spdlog::error("sync user {}: could not take the sync lock: {}", userId, e.what());
    return {SyncResult::Failed, 0, 0, std::string("could not take the sync lock: ") + e.what()};
  }
  if (!lock) return {SyncResult::AlreadyRunning, 0, 0, "a sync is already running"};
  return syncUserLocked(std::move(*lock), userId, apiKey);
}

SyncReport Syncer::syncUserLocked(SyncLock lock, const std::string& userId, const std::string& apiKey) {
  auto start = std::chrono::steady_clock::now();
  SyncReport report;
  vapi::RestClient client(options_.client, apiKey);
  // Assistants first: one cheap request that also tells quickly whether the key works.
  try {
    report.assistants = syncAssistants(userId, client);
  } catch (const std::exception& e) {
    report.result = SyncResult::Failed;
    report.error = e.what();
  }
  try {
    report.callsSynced = syncCalls(userId, client, *lock.lease);
  } catch (const std::exception& e) {
    report.result = SyncResult::Failed;
    if (report.error.empty()) report.error = e.what();
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  spdlog::info("sync user {}: {} ({} calls, {} assistants, {:.2f}s){}{}", userId,
               syncResultName(report.result), report.callsSynced, report.assistants, took.count(),
               report.error.empty() ? "" : ": ", report.error);
  return report;
}

void Syncer::syncAll(const KeyLookup& keyFor, std::chrono::milliseconds freshFor) {
  std::vector<domain::User> users;
  try {
    users = store_.listUsers();
  } catch (const std::exception& e) {
    spdlog::error("sync: could not list users: {}", e.what());
    return;
  }
  for (const auto& user : users) {
    if (isCancelled()) return;
    try {
      auto key = keyFor ? keyFor(user.id) : std::nullopt;
      if (!key || key->empty()) continue;
      if (freshFor.count() > 0) {
        // Several instances each run this every interval: the lease keeps two from syncing one user at
        // once, this keeps the second from syncing that user again right after the first.
        auto calls = loadState(user.id, kCalls);
        if (calls.syncStatus == "success" && domain::nowMs() - calls.lastSyncTimestampMs < freshFor.count())
          continue;
      }
      syncUser(user.id, *key);
    } catch (const std::exception& e) {
      // Anything unexpected for one user (key lookup, store) must not stop the others.
      spdlog::error("sync user {}: {}", user.id, e.what());
    }
  }
}

store::SyncState Syncer::loadState(const std::string& userId, const std::string& type) {
  for (auto& s : store_.syncStates(userId))
    if (s.syncType == type) return s;
  store::SyncState s;
  s.syncType = type;
  return s;
}

std::int64_t Syncer::syncAssistants(const std::string& userId, vapi::RestClient& client) {
  auto state = loadState(userId, kAssistants);
  state.syncStatus = "running";
  state.errorMessage.clear();
  store_.saveSyncState(userId, state);
  try {
    auto list = client.listAssistants();
    if (!list.is_array())
      throw vapi::Error(vapi::ErrorKind::Upstream, 200,
                        "VAPI answered GET /assistant with something other than a list");
    state.syncStatus = "success";
    state.syncedCount = static_cast<std::int64_t>(list.size());
    state.lastSyncTimestampMs = domain::nowMs();
    store_.saveSyncState(userId, state);
    return state.syncedCount;
  } catch (const std::exception& e) {
    state.syncStatus = "failed";
    state.errorMessage = e.what();
    store_.saveSyncState(userId, state);
    throw;
  }
}

std::int64_t Syncer::applyPage(const std::string& userId, std::vector<domain::CallEvent> events) {
  if (events.empty()) return 0;
  auto batch = std::make_shared<PageBatch>();
  batch->pending = events.size();
  std::exception_ptr submitError;
  std::size_t submitted = 0;
  // Submitting the whole page before waiting lets the writer commit it in a few group commits instead of
  // one fsync per call.
  for (auto& event : events) {
    try {
      store_.applyAsync(userId, std::move(event),
                        [batch](std::exception_ptr error, const store::ApplyResult*) {
                          std::lock_guard lock(batch->mutex);
                          if (error && !batch->error) batch->error = error;
                          if (--batch->pending == 0) batch->done.notify_all();
                        });
      ++submitted;
    } catch (...) {
      submitError = std::current_exception();
      break;
    }
  }
  std::unique_lock lock(batch->mutex);
  batch->pending -= events.size() - submitted;  // never queued: nothing will call back for them
  batch->done.wait(lock, [&] { return batch->pending == 0; });
  if (submitError) std::rethrow_exception(submitError);
  if (batch->error) std::rethrow_exception(batch->error);
  return static_cast<std::int64_t>(events.size());
}

std::int64_t Syncer::syncCalls(const std::string& userId, vapi::RestClient& client, store::SyncLease& lease) {
  auto state = loadState(userId, kCalls);
  auto cursor = CallCursor::parse(state.cursor);
  if (!cursor.walking) {
    const auto now = domain::nowMs();
    cursor.walking = true;
    cursor.upper.clear();
    cursor.boundaryIds.clear();
    cursor.walkStartMs = now;
    cursor.syncedInWalk = 0;
    cursor.incremental = cursor.highWaterMs > 0;
    cursor.filterGt = cursor.incremental
                          ? domain::formatIsoMs(cursor.highWaterMs - options_.overlap.count() * 1000)
                          : domain::formatIsoMs(now - std::int64_t{options_.backfillDays} * 86'400'000);
  } else {
    spdlog::info("sync user {}: resuming the call walk at {}", userId,
                 cursor.upper.empty() ? "the newest" : cursor.upper);
  }
  state.syncStatus = "running";
  state.errorMessage.clear();
  state.syncedCount = cursor.syncedInWalk;
  state.cursor = cursor.toJson();
  store_.saveSyncState(userId, state);

  try {
    for (;;) {
      if (isCancelled()) throw std::runtime_error("interrupted by shutdown; the next sync resumes");
      // Before each page, so that a walk that lost its lease neither applies nor moves the cursor again.
      if (!lease.renew()) throw LeaseLost();
      vapi::CallListQuery query;
      query.limit = options_.pageLimit;
      (cursor.incremental ? query.updatedAtGt : query.createdAtGt) = cursor.filterGt;
      query.createdAtLe = cursor.upper;
      auto body = client.listCalls(query);

      std::size_t skipped = 0;
      std::string parseError;
      auto events = vapi::callEventsFromCallList(body, &parseError, &skipped);
      if (!events)
        throw vapi::Error(vapi::ErrorKind::Upstream, 200,
                          "VAPI answered GET /call with something other than a list");
      const std::size_t itemCount = events->size() + skipped;
      if (skipped > 0)
        spdlog::warn(
            "sync: user {}: skipped {} of {} calls of a GET /call page: no id, or an id that is no id",
            userId, skipped, itemCount);

      std::string oldest;
      for (const auto& e : *events)
        if (e.createdAt && (oldest.empty() || *e.createdAt < oldest)) oldest = *e.createdAt;
      std::vector<std::string> oldestIds;
      for (const auto& e : *events)
        if (e.createdAt && *e.createdAt == oldest) oldestIds.push_back(e.vapiCallId);

      const std::set<std::string> alreadyApplied(cursor.boundaryIds.begin(), cursor.boundaryIds.end());
      bool progressed = false;
      std::vector<domain::CallEvent> ended;
      for (auto& e : *events) {
        bool atUpper = !cursor.upper.empty() && e.createdAt && *e.createdAt == cursor.upper;
        if (atUpper && alreadyApplied.count(e.vapiCallId)) continue;
        progressed = true;
        // Calls still running are left to webhooks and to a later sync, once they have ended.
        if (isEnded(e)) ended.push_back(std::move(e));
      }
      cursor.syncedInWalk += applyPage(userId, std::move(ended));

      const bool done = itemCount < static_cast<std::size_t>(options_.pageLimit);
      if (done) {
        cursor.walking = false;
        cursor.highWaterMs = cursor.walkStartMs;
        state.syncStatus = "success";
        state.lastSyncTimestampMs = domain::nowMs();
        state.syncedCount = cursor.syncedInWalk;
        state.cursor = cursor.toJson();
        store_.saveSyncState(userId, state);
        return cursor.syncedInWalk;
      }
      if (!progressed) {
        // More than a page of calls share one createdAt (ms): paging cannot split them, so step past.
        spdlog::warn("sync user {}: over {} calls created at {}; skipping past that instant", userId,
                     options_.pageLimit, cursor.upper);
        auto ms = domain::parseIsoMs(cursor.upper);
        if (!ms) throw std::runtime_error("sync cursor is corrupt");
        cursor.upper = domain::formatIsoMs(*ms - 1);
        cursor.boundaryIds.clear();
      } else if (oldest.empty()) {
        throw vapi::Error(vapi::ErrorKind::Upstream, 200,
                          "VAPI returned calls without createdAt; cannot page");
      } else if (oldest == cursor.upper) {
        for (auto& id : oldestIds)
          if (!alreadyApplied.count(id)) cursor.boundaryIds.push_back(std::move(id));
      } else {
        cursor.upper = oldest;
        cursor.boundaryIds = std::move(oldestIds);
      }
      state.syncedCount = cursor.syncedInWalk;
      state.cursor = cursor.toJson();
      store_.saveSyncState(userId, state);
    }
  } catch (const LeaseLost&) {
    throw;
  } catch (const std::exception& e) {
    // state.cursor still holds the last committed page's position: the next sync resumes there.
    state.syncStatus = "failed";
    state.errorMessage = e.what();
    try {
      store_.saveSyncState(userId, state);
    } catch (const std::exception& saveError) {
      spdlog::error("sync user {}: could not record the failure: {}", userId, saveError.what());
    }
    throw;
  }
}

}  // namespace vm::sync
