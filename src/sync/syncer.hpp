// Pulls a user's calls and assistants from VAPI into the store.
//
// Calls: every GET /call item becomes a CallEvent (vapi::callEventsFromCallList) and goes through
// store.applyAsync, the same exactly-once merge as webhooks, so a call that arrived by webhook first is
// never counted twice. A page's events are committed (group commit) before the cursor moves; see
// call_cursor.hpp for the walk. Only one sync per user runs at a time, across every process sharing the
// database (user_locks.hpp); the walk confirms its lease before each page.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "sync/sync_options.hpp"
#include "sync/user_locks.hpp"

namespace vm::sync {

enum class SyncResult { Success, Failed, AlreadyRunning };

struct SyncReport {
  SyncResult result = SyncResult::Success;
  std::int64_t callsSynced = 0;  // ended calls applied by the (possibly resumed) walk
  std::int64_t assistants = 0;
  std::string error;  // the first failure, written for the user (never contains the key)
};

const char* syncResultName(SyncResult r);

class Syncer {
 public:
  // `cancelled` is polled between pages (shutdown); a cancelled walk keeps its cursor and resumes later.
  // `locks` is this process's set of running syncs, shared by every Syncer of the process.
  Syncer(store::Store& store, UserLocks& locks, SyncOptions options, std::function<bool()> cancelled = {});

  // Takes the user's sync lock; AlreadyRunning when another sync of the user (here or in another process
  // on the same database) holds it.
  SyncReport syncUser(const std::string& userId, const std::string& apiKey);
  // Same, with the lock already taken (POST /api/sync takes it before answering 202).
  SyncReport syncUserLocked(SyncLock lock, const std::string& userId, const std::string& apiKey);
  // Every user with a key, one after the other; a user's failure never stops the others. A user whose calls
  // were synced successfully less than `freshFor` ago (by any instance, or by hand) is skipped.
  void syncAll(const KeyLookup& keyFor, std::chrono::milliseconds freshFor = std::chrono::milliseconds(0));

 private:
  std::int64_t syncCalls(const std::string& userId, vapi::RestClient& client, store::SyncLease& lease);
  std::int64_t syncAssistants(const std::string& userId, vapi::RestClient& client);
  // Applies one page of events, waits for their durable commit; returns how many were applied.
  std::int64_t applyPage(const std::string& userId, std::vector<domain::CallEvent> events);
  store::SyncState loadState(const std::string& userId, const std::string& type);
  bool isCancelled() const { return cancelled_ && cancelled_(); }

  store::Store& store_;
  UserLocks& locks_;
  SyncOptions options_;
  std::function<bool()> cancelled_;
};

}  // namespace vm::sync
