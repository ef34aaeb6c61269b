// The storage interface. SQLite (embedded, default) and PostgreSQL implement it; no database type
// leaks out of here. Every method that touches tenant data takes the user id and filters by it.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/analytics.hpp"
#include "domain/call.hpp"
#include "domain/user.hpp"
#include "store/core/page_cursor.hpp"
#include "store/errors.hpp"

namespace vm::store {

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
  std::optional<PageCursor> cursor;    // list after this position (CallPage::nextCursor); none = from the top
};

struct CallPage {
  std::vector<domain::CallRecord> calls;  // newest first (timestamp desc, callId desc)
  std::optional<PageCursor> nextCursor;   // none when there is no next page
};

// What apply() did to a call.
struct ApplyResult {
  domain::CallRecord call;  // the merged call as stored
  bool created = false;     // the first event for this call
  bool changed = false;     // anything stored changed
};

using ApplyCallback = std::function<void(std::exception_ptr error, const ApplyResult* result)>;

struct ApiTokenOwner {
  domain::User user;
  std::int64_t lastUsedMs = 0;
};

// How a store's writer thread answers an apply: calls `done` (if any) with the error, or the result, and
// logs what the callback throws instead of letting it take the writer (and every later caller) down.
void answerApply(const ApplyCallback& done, std::exception_ptr error, const ApplyResult& result);

struct AssistantStats {
  std::string assistantId;  // "" = calls without an assistant
  std::int64_t totalCalls = 0;
  std::int64_t successfulCalls = 0;
  double totalDuration = 0;
  double totalCost = 0;
};

struct SyncState {
  std::string syncType;  // calls | assistants
  std::int64_t lastSyncTimestampMs = 0;
  std::string syncStatus;  // success | failed | running | "" (never)
  std::string errorMessage;
  std::int64_t syncedCount = 0;
  std::string cursor;  // resumable position (opaque to the store)
};

// ---------------------------------------------------------------------------------------------------------
// accounts (issue 4): passwords, sessions, API tokens, VAPI credentials, webhook authentication, external
// identities. Secrets are stored only as hashes (high-entropy: auth::hashSecret; passwords: Argon2id
// strings) or as opaque ciphertext text produced by auth::Vault ("" = none). The store never sees a clear
// secret and never interprets ciphertext.
// ---------------------------------------------------------------------------------------------------------

// A dashboard session. The cookie holds the random id; the store keeps only its hash.
struct Session {
  std::string idHash;
  std::string userId;
  std::int64_t createdAtMs = 0;
  std::int64_t lastSeenMs = 0;   // idle expiry is computed from this
  std::int64_t expiresAtMs = 0;  // absolute expiry
};

// An API token as listed to its owner (never the token or its hash).
struct ApiTokenInfo {
  std::string id;  // apiTokenIdFor(hash): stable, not secret
  std::string name;
  std::int64_t createdAtMs = 0;
  std::int64_t lastUsedMs = 0;  // 0 = never recorded
};
// The public id of a token: derived from its hash so that every store computes the same one and
// addApiToken keeps its signature. 64 bits of a hash of a 192-bit random token reveal nothing useful.
inline std::string apiTokenIdFor(const std::string& tokenHash) { return "tok_" + tokenHash.substr(0, 16); }

struct VapiCredentials {
  std::string keyCipher;  // Vault ciphertext of the VAPI private key
  std::string keyHint;    // "…" + last 4 characters, shown in settings
  std::int64_t updatedAtMs = 0;
};

// How a user's webhooks authenticate. The current secret's hash is domain::User::webhookSecretHash.
struct WebhookAuth {
  std::string mode = "secret";     // secret (X-Vapi-Secret / Bearer) | hmac
  std::string secretCipher;        // Vault ciphertext of the current secret (HMAC needs it); "" = unknown
  std::string previousSecretHash;  // "" = none
  std::int64_t previousValidUntilMs = 0;
  int hmacToleranceSeconds = 300;  // stale-timestamp limit for HMAC
};

// Held while a server runs on the database (Store::holdServing) or while maintenance that must not run
// beside any server holds it alone (Store::tryExcludeServers). Released when destroyed; must not outlive
// the store that made it.
class ServingLock {
 public:
  virtual ~ServingLock() = default;
};

// A held claim on "the sync of one user" (Store::tryLockSync), released when destroyed. Must not outlive
// the store that made it.
class SyncLease {
 public:
  virtual ~SyncLease() = default;
  // Called by the sync between pages: confirms the claim is still this holder's (and extends it where it
  // expires). false when it was lost (the claim expired and another process took it, or the database
  // session holding it ended): the caller should stop, another process may be syncing this user now.
  virtual bool renew() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- users (admin/CLI and lookups used by authentication) ---
  virtual domain::User createUser(const NewUser& user) = 0;  // ConflictError on a taken email/org/hook
  virtual std::optional<domain::User> userById(const std::string& userId) = 0;
  virtual std::optional<domain::User> userByHookId(const std::string& hookId) = 0;  // indexed
  virtual std::optional<domain::User> userByOrgId(const std::string& orgId) = 0;    // indexed
  // The user an API token (its hash) belongs to, and when the token was last used (0 = never recorded).
  virtual std::optional<ApiTokenOwner> apiTokenOwner(const std::string& tokenHash) = 0;
  virtual std::vector<domain::User> listUsers() = 0;  // admin commands only (sync, CLI)
  // Adds an API token (its hash) to an existing user; ConflictError when the hash is taken, NotFoundError
  // when there is no such user.
  virtual void addApiToken(const std::string& userId, const std::string& tokenHash,
                           const std::string& name) = 0;

  // --- accounts (see the structs above) ---
  // Lookup by normalized email (trimmed, lower-case), as stored by createUser.
  virtual std::optional<domain::User> userByEmail(const std::string& email) = 0;
  // The Argon2id hash string, "" when the user has no password (CLI- or OIDC-made).
  virtual std::string passwordHash(const std::string& userId) = 0;
  virtual void setPasswordHash(const std::string& userId, const std::string& hash) = 0;
  // External identity (OIDC): (issuer, subject) is unique and maps to one user.
  virtual std::optional<domain::User> userByExternalIdentity(const std::string& issuer,
                                                             const std::string& subject) = 0;
  // Creates the user and its identity in one transaction; ConflictError when either is taken.
  virtual domain::User createExternalUser(const NewUser& user, const std::string& issuer,
                                          const std::string& subject) = 0;

  virtual void createSession(const Session& session) = 0;
  virtual std::optional<Session> sessionByHash(const std::string& idHash) = 0;
  virtual void touchSession(const std::string& idHash, std::int64_t lastSeenMs) = 0;
  // Records that the API token with this hash was used at `lastUsedMs` (only ever moves forward).
  virtual void touchApiToken(const std::string& tokenHash, std::int64_t lastUsedMs) = 0;
  virtual void deleteSession(const std::string& idHash) = 0;
  virtual void deleteSessionsOfUser(const std::string& userId) = 0;

  virtual std::vector<ApiTokenInfo> listApiTokens(const std::string& userId) = 0;  // oldest first
  // false when this user has no token with this id (another user's id included).
  virtual bool deleteApiToken(const std::string& userId, const std::string& tokenId) = 0;

  virtual std::optional<VapiCredentials> vapiCredentials(const std::string& userId) = 0;
  virtual void setVapiCredentials(const std::string& userId, const VapiCredentials& credentials) = 0;
  virtual bool deleteVapiCredentials(const std::string& userId) = 0;  // false when there were none
  // ConflictError when another user has this org id; "" clears it.
  virtual void setVapiOrgId(const std::string& userId, const std::string& orgId) = 0;

  // Defaults (mode secret, nothing previous) when never set.
  virtual WebhookAuth webhookAuth(const std::string& userId) = 0;
  // Makes `secretHash` current. previousValidUntilMs > 0 keeps the old current hash valid until then
  // (rotation grace); 0 forgets it. One transaction; NotFoundError when there is no such user.
  virtual void setWebhookSecret(const std::string& userId, const std::string& secretHash,
                                const std::string& secretCipher, std::int64_t previousValidUntilMs) = 0;
  virtual void setWebhookAuthMode(const std::string& userId, const std::string& mode) = 0;

  // Master key rotation: replaces every stored ciphertext c (VAPI keys, webhook secrets) of every user
  // with reencrypt(c), in one transaction (all or nothing). Returns how many were replaced. CLI only.
  virtual std::int64_t reencryptSecrets(const std::function<std::string(const std::string&)>& reencrypt) = 0;

  // --- calls: the one write path (group-committed) ---
  // Queues the event; `done` runs on the writer thread after the batch holding it committed durably
  // (error = nullptr) or failed (error set, nothing of this event stored; InvalidInputError for an event
  // without a user or a call id). Never blocks on I/O.
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
  // Ended calls per assistant whose timestamp falls in [fromMs, toMs), most calls first: the dashboard's
  // per-assistant breakdown. Computed from the calls (an index range scan), not kept as rows.
  virtual std::vector<AssistantStats> assistantBreakdown(const std::string& userId, std::int64_t fromMs,
                                                         std::int64_t toMs) = 0;
  // Recomputes every analytics row of `userId` ("" = every user) from the calls.
  virtual void rebuildAnalytics(const std::string& userId) = 0;

  // --- sync state ---
  virtual std::vector<SyncState> syncStates(const std::string& userId) = 0;
  virtual void saveSyncState(const std::string& userId, const SyncState& state) = 0;

  // --- many instances ---
  // At most one sync per user across every thread and process sharing this database (instances behind a
  // load balancer, or `voicematrix sync` beside `serve`): a held lease, or nullptr when one is held
  // elsewhere. Throws when the database cannot be reached.
  virtual std::unique_ptr<SyncLease> tryLockSync(const std::string& userId) = 0;

  // Every `serve` holds this (shared with the other servers) for its whole run, so that `keys rotate`,
  // which must not run while any server keeps the old master key in memory, can tell. holdServing throws
  // when it cannot be taken (a rotation is running); tryExcludeServers is nullptr while a server holds it.
  virtual std::unique_ptr<ServingLock> holdServing() = 0;
  virtual std::unique_ptr<ServingLock> tryExcludeServers() = 0;

  // Calls that another instance on the same database changed: `handler` runs on a store thread with the
  // user and call id, so live views here can show them. Stores that cannot be shared (SQLite) never call
  // it. Replaces any earlier handler.
  using RemoteCallHandler = std::function<void(const std::string& userId, const std::string& callId)>;
  virtual void onRemoteCallChange(RemoteCallHandler handler) {}

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
  // SQLite: how long a sync lease lives without renewal, so that a process that died holding one blocks
  // that user's sync only this long. The sync renews after every page. (PostgreSQL's leases are session
  // locks: they end with the holder's connection and need no expiry.)
  std::int64_t syncLeaseTtlMs = 15 * 60 * 1000;
};
// `url` is postgres://… / postgresql://… (PostgreSQL) or a SQLite file: sqlite://PATH, sqlite:PATH or a
// plain PATH.
std::unique_ptr<Store> openStore(const StoreOptions& options);
// The SQLite file `url` names, or nullopt for a PostgreSQL URL.
std::optional<std::string> sqlitePathOf(std::string_view url);

}  // namespace vm::store
