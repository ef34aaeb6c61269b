// The PostgreSQL implementation of Store, for several instances on one database: a writer with group
// commit (writer.hpp), a pool of connections for reads and short writes (pool.hpp), migrations under
// an advisory lock (migrations.hpp), and change notifications between instances (listener.hpp).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "store/postgres/listener.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/writer.hpp"
#include "store/store.hpp"

namespace vm::store::postgres {

class PgStore final : public Store {
 public:
  // Connects to `url` (postgres://...), migrates, starts the writer.
  PgStore(const std::string& url, const StoreOptions& options);
  ~PgStore() override;

  domain::User createUser(const NewUser& user) override;
  std::optional<domain::User> userById(const std::string& userId) override;
  std::optional<domain::User> userByHookId(const std::string& hookId) override;
  std::optional<domain::User> userByOrgId(const std::string& orgId) override;
  std::optional<ApiTokenOwner> apiTokenOwner(const std::string& tokenHash) override;
  std::vector<domain::User> listUsers() override;
  void addApiToken(const std::string& userId, const std::string& tokenHash, const std::string& name) override;

  // accounts (accounts.cpp)
  std::optional<domain::User> userByEmail(const std::string& email) override;
  std::string passwordHash(const std::string& userId) override;
  void setPasswordHash(const std::string& userId, const std::string& hash) override;
  std::optional<domain::User> userByExternalIdentity(const std::string& issuer,
                                                     const std::string& subject) override;
  domain::User createExternalUser(const NewUser& user, const std::string& issuer,
                                  const std::string& subject) override;
  void createSession(const Session& session) override;
  std::optional<Session> sessionByHash(const std::string& idHash) override;
  void touchSession(const std::string& idHash, std::int64_t lastSeenMs) override;
  void touchApiToken(const std::string& tokenHash, std::int64_t lastUsedMs) override;
  void deleteSession(const std::string& idHash) override;
  void deleteSessionsOfUser(const std::string& userId) override;
  std::vector<ApiTokenInfo> listApiTokens(const std::string& userId) override;
  bool deleteApiToken(const std::string& userId, const std::string& tokenId) override;
  std::optional<VapiCredentials> vapiCredentials(const std::string& userId) override;
  void setVapiCredentials(const std::string& userId, const VapiCredentials& credentials) override;
  bool deleteVapiCredentials(const std::string& userId) override;
  void setVapiOrgId(const std::string& userId, const std::string& orgId) override;
  WebhookAuth webhookAuth(const std::string& userId) override;
  void setWebhookSecret(const std::string& userId, const std::string& secretHash,
                        const std::string& secretCipher, std::int64_t previousValidUntilMs) override;
  void setWebhookAuthMode(const std::string& userId, const std::string& mode) override;
  std::int64_t reencryptSecrets(const std::function<std::string(const std::string&)>& reencrypt) override;

  void applyAsync(const std::string& userId, domain::CallEvent event, ApplyCallback done) override;

  CallPage listCalls(const std::string& userId, const CallQuery& query) override;
  std::optional<domain::CallRecord> getCall(const std::string& userId, const std::string& callId) override;
  std::int64_t countCalls(const std::string& userId) override;
  std::vector<AssistantStats> assistantBreakdown(const std::string& userId, std::int64_t fromMs,
                                                 std::int64_t toMs) override;

  std::vector<domain::AnalyticsDay> analytics(const std::string& userId, const std::string& from,
                                              const std::string& to) override;
  void rebuildAnalytics(const std::string& userId) override;

  std::vector<SyncState> syncStates(const std::string& userId) override;
  void saveSyncState(const std::string& userId, const SyncState& state) override;

  void onRemoteCallChange(RemoteCallHandler handler) override;
  std::unique_ptr<SyncLease> tryLockSync(const std::string& userId) override;  // sync_lease.hpp
  std::unique_ptr<ServingLock> holdServing() override;                         // sync_lease.hpp
  std::unique_ptr<ServingLock> tryExcludeServers() override;

  bool healthy() override;
  void close() override;
  std::uint64_t commitCount() const override;
  // Calls this instance has indexed for search, by its writer or a search's catch-up (for tests).
  std::uint64_t searchIndexedCount() const;

 private:
  Result searchWithCatchUp(Connection& db, const std::string& userId, const std::string& sql,
                           const Params& params);

  const std::string url_;
  std::unique_ptr<Pool> pool_;
  std::unique_ptr<Writer> writer_;
  std::mutex listenerMutex_;
  std::unique_ptr<Listener> listener_;
  std::atomic<std::uint64_t> searchIndexed_{0};
};

}  // namespace vm::store::postgres
