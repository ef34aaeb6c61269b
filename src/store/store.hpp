// The storage interface. SQLite (embedded, default) and PostgreSQL implement it; no database type
// leaks out of here. Every method that touches tenant data takes the user id and filters by it.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/analytics.hpp"
#include "domain/call.hpp"
#include "domain/user.hpp"

namespace vm::store {

// Thrown for a unique-constraint violation a caller can report as 409.
struct ConflictError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct NewUser {
  std::string id;
  std::string email;
  std::string vapiOrgId;  // "" = none
  std::string hookId;
  std::string webhookSecretHash;
  std::string apiTokenHash;  // first API token, "" = none
};

struct CallQuery {
  std::optional<std::int64_t> fromMs;  // inclusive, on the call's timestamp
  std::optional<std::int64_t> toMs;    // exclusive
  std::string assistantId;             // "" = any
  std::string outcome;                 // "" = any; completed | not-connected | error | in-progress
  std::string search;                  // "" = none; full-text over transcript and summary
  int limit = 50;                      // 1..500
  std::string cursor;                  // opaque, from CallPage::nextCursor
};

struct CallPage {
  std::vector<domain::CallRecord> calls;  // newest first (timestamp desc, callId desc)
  std::string nextCursor;                 // "" when there is no next page
};

// What apply() did to a call.
struct ApplyResult {
  domain::CallRecord call;  // the merged call as stored
  bool created = false;     // the first event for this call
  bool changed = false;     // anything stored changed
};

using ApplyCallback = std::function<void(std::exception_ptr error, const ApplyResult* result)>;

struct SyncState {
  std::string syncType;  // calls | assistants
  std::int64_t lastSyncTimestampMs = 0;
  std::string syncStatus;  // success | failed | running | "" (never)
  std::string errorMessage;
  std::int64_t syncedCount = 0;
  std::string cursor;  // resumable position (opaque to the store)
};

class Store {
 public:
  virtual ~Store() = default;

  // --- users (admin/CLI and lookups used by authentication) ---
  virtual domain::User createUser(const NewUser& user) = 0;  // ConflictError on a taken email/org/hook
  virtual std::optional<domain::User> userById(const std::string& userId) = 0;
  virtual std::optional<domain::User> userByHookId(const std::string& hookId) = 0;  // indexed
  virtual std::optional<domain::User> userByOrgId(const std::string& orgId) = 0;    // indexed
  virtual std::optional<domain::User> userByApiTokenHash(const std::string& tokenHash) = 0;
  virtual std::vector<domain::User> listUsers() = 0;  // admin commands only (sync, CLI)
  // Adds an API token (its hash) to an existing user; ConflictError when the hash is taken.
  virtual void addApiToken(const std::string& userId, const std::string& tokenHash,
                           const std::string& name) = 0;

  // --- calls: the one write path (group-committed) ---
  // Queues the event; `done` runs on the writer thread after the batch holding it committed durably
  // (error = nullptr) or failed (error set, nothing of this event stored). Never blocks on I/O.
  virtual void applyAsync(const std::string& userId, domain::CallEvent event, ApplyCallback done) = 0;
  // Blocking convenience over applyAsync.
  ApplyResult apply(const std::string& userId, domain::CallEvent event);

  // --- calls: reads (never block the writer) ---
  virtual CallPage listCalls(const std::string& userId, const CallQuery& query) = 0;
  virtual std::optional<domain::CallRecord> getCall(const std::string& userId, const std::string& callId) = 0;
  virtual std::int64_t countCalls(const std::string& userId) = 0;

  // --- analytics ---
  // Day rows with from <= date <= to ("YYYY-MM-DD"), ascending; days without calls are absent.
  virtual std::vector<domain::AnalyticsDay> analytics(const std::string& userId, const std::string& from,
                                                      const std::string& to) = 0;
  // Recomputes every analytics row of `userId` ("" = every user) from the calls.
  virtual void rebuildAnalytics(const std::string& userId) = 0;

  // --- sync state ---
  virtual std::vector<SyncState> syncStates(const std::string& userId) = 0;
  virtual void saveSyncState(const std::string& userId, const SyncState& state) = 0;

  virtual bool healthy() = 0;
  // Stops the writer after committing what is queued.
  virtual void close() = 0;
  // Transactions the writer committed so far: with group commit, far fewer than events applied.
  virtual std::uint64_t commitCount() const = 0;
};

// Opens the store named by `url`: a file path or "sqlite:PATH" for SQLite, "postgres://..." for
// PostgreSQL. Runs migrations.
struct StoreOptions {
  std::string url;
  domain::MergeRules rules;
  bool synchronousFull = true;  // SQLite: synchronous=FULL (fsync every commit)
  int readConnections = 4;
};
std::unique_ptr<Store> openStore(const StoreOptions& options);

}  // namespace vm::store
