#include "store/postgres/sync_lease.hpp"

#include <spdlog/spdlog.h>

#include "store/postgres/connection.hpp"

namespace vm::store::postgres {
namespace {

// Names "sync leases" among the advisory locks of the bigint key space, which the migration lock (one
// constant) and the writer's per-call locks (FNV-1a of user id, NUL, call id) share. The hashed bytes
// start with this prefix and a 0xFF byte, which no UTF-8 text (the ids of a UTF8 database) contains, so
// no user and call id can spell the same input: only a true 64-bit hash collision could make two keys
// meet, and its cost would be a skipped sync or a short wait, never a wrong result.
constexpr char kSyncLockNamespace[] = "voicematrix/sync-lease";
constexpr char kServingLockNamespace[] = "voicematrix/serving";

class HeldSyncLease final : public SyncLease {
 public:
  HeldSyncLease(std::unique_ptr<Connection> conn, std::string userId, std::int64_t key)
      : conn_(std::move(conn)), userId_(std::move(userId)), key_(key) {}

  ~HeldSyncLease() override {
    try {
      if (conn_->ok()) conn_->query("SELECT pg_advisory_unlock($1::bigint)", {param(key_)});
    } catch (const std::exception& e) {
      spdlog::warn("sync lease of user {}: unlock failed ({}); closing its connection releases it", userId_,
                   e.what());
    }
    // Closing the connection (conn_'s destructor) would release the lock anyway; the explicit unlock just
    // does not depend on it.
  }

  bool renew() override {
    // A session lock lasts as long as its session, and only this lease unlocks it: if the connection still
    // answers, the lock is still ours. If it broke (server restart, network), the lock is gone with it.
    try {
      return conn_->ok() && conn_->query("SELECT 1").integer(0, 0) == 1;
    } catch (const PgError&) {
      return false;
    }
  }

 private:
  std::unique_ptr<Connection> conn_;
  const std::string userId_;
  const std::int64_t key_;
};

// FNV-1a of a namespace, 0xFF and a name; not std::hash: every instance must compute the same key.
std::int64_t advisoryKey(const char* space, const std::string& name) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](unsigned char byte) {
    h ^= byte;
    h *= 1099511628211ull;
  };
  for (const char* p = space; *p; ++p) mix(static_cast<unsigned char>(*p));
  mix(0xFF);
  for (char ch : name) mix(static_cast<unsigned char>(ch));
  return static_cast<std::int64_t>(h);
}

// The connection holding the lock; closing it (when this goes) releases the lock.
class HeldServingLock final : public ServingLock {
 public:
  explicit HeldServingLock(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}

 private:
  std::unique_ptr<Connection> conn_;
};

}  // namespace

std::int64_t syncLockKey(const std::string& userId) { return advisoryKey(kSyncLockNamespace, userId); }

std::unique_ptr<ServingLock> lockServing(const std::string& url, bool exclusive) {
  auto conn = std::make_unique<Connection>(url);
  const std::int64_t key = advisoryKey(kServingLockNamespace, "");
  const char* sql = exclusive ? "SELECT pg_try_advisory_lock($1::bigint)"
                              : "SELECT pg_try_advisory_lock_shared($1::bigint)";
  if (!conn->query(sql, {param(key)}).boolean(0, 0)) return nullptr;
  return std::make_unique<HeldServingLock>(std::move(conn));
}

std::unique_ptr<SyncLease> tryLockSync(const std::string& url, const std::string& userId) {
  // A connection of its own, not one of the pool's: a sync holds it for minutes, which would take a pooled
  // connection away from requests, and a session lock must not go back to the pool still held if an
  // unlock fails. A session lock (not a transaction one) so that no transaction stays open meanwhile.
  // If this process crashes, the server ends the session and the lock with it: no lease outlives its
  // holder, so there is no expiry to wait for.
  auto conn = std::make_unique<Connection>(url);
  const std::int64_t key = syncLockKey(userId);
  if (!conn->query("SELECT pg_try_advisory_lock($1::bigint)", {param(key)}).boolean(0, 0)) return nullptr;
  return std::make_unique<HeldSyncLease>(std::move(conn), userId, key);
}

}  // namespace vm::store::postgres
