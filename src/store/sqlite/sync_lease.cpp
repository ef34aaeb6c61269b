#include "store/sqlite/sync_lease.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <random>

#include "domain/time.hpp"

namespace vm::store::sqlite {
namespace {

// Unique per lease, not per process: two syncs of one user in the same process must exclude each other
// too, and a release or renewal must only ever touch the holder's own row.
std::string newHolderId() {
  std::random_device rd;
  const std::uint64_t nonce = (std::uint64_t{rd()} << 32) ^ rd();
  char buf[64];
  std::snprintf(buf, sizeof buf, "pid%ld-%016" PRIx64, static_cast<long>(getpid()), nonce);
  return buf;
}

class HeldSyncLease final : public SyncLease {
 public:
  HeldSyncLease(Writer& writer, std::string userId, std::string holder, std::int64_t ttlMs)
      : writer_(writer),
        userId_(std::move(userId)),
        holder_(std::move(holder)),
        ttlMs_(ttlMs),
        renewedAt_(std::chrono::steady_clock::now()) {}

  ~HeldSyncLease() override {
    try {
      writer_.run([this](Connection& db) {
        db.prepare("DELETE FROM sync_leases WHERE user_id = ?1 AND holder = ?2")
            .bindText(1, userId_)
            .bindText(2, holder_)
            .run();
      });
    } catch (const std::exception& e) {
      // The row then simply expires; nothing else is at stake.
      spdlog::warn("sync lease of user {}: release failed ({}); it expires on its own", userId_, e.what());
    }
  }

  bool renew() override {
    // Nobody can take the row over before it expires, so while well within the expiry there is nothing
    // to confirm: skipping the write saves an fsync per page.
    const auto now = std::chrono::steady_clock::now();
    if (now - renewedAt_ < std::chrono::milliseconds(ttlMs_ / 4)) return true;
    bool held = false;
    writer_.run([&](Connection& db) {
      const std::int64_t expiresAtMs = domain::nowMs() + ttlMs_;
      db.prepare("UPDATE sync_leases SET expires_at_ms = ?3 WHERE user_id = ?1 AND holder = ?2")
          .bindText(1, userId_)
          .bindText(2, holder_)
          .bindInt(3, expiresAtMs)
          .run();
      held = db.changes() == 1;
    });
    if (held) renewedAt_ = now;
    return held;
  }

 private:
  Writer& writer_;
  const std::string userId_;
  const std::string holder_;
  const std::int64_t ttlMs_;
  std::chrono::steady_clock::time_point renewedAt_;
};

}  // namespace

std::unique_ptr<SyncLease> tryLockSync(Writer& writer, const std::string& userId, std::int64_t ttlMs) {
  ttlMs = std::max<std::int64_t>(ttlMs, 1);
  std::string holder = newHolderId();
  bool claimed = false;
  // The writer serializes claims within the process and its BEGIN IMMEDIATE across processes, so the
  // expiry check and the claim are one atomic step.
  writer.run([&](Connection& db) {
    const std::int64_t now = domain::nowMs();
    const std::int64_t expiresAtMs = now + ttlMs;
    db.prepare(
          "INSERT INTO sync_leases (user_id, holder, expires_at_ms) VALUES (?1, ?2, ?3)"
          " ON CONFLICT(user_id) DO UPDATE SET holder = excluded.holder,"
          " expires_at_ms = excluded.expires_at_ms"
          " WHERE sync_leases.expires_at_ms < ?4")
        .bindText(1, userId)
        .bindText(2, holder)
        .bindInt(3, expiresAtMs)
        .bindInt(4, now)
        .run();
    claimed = db.changes() == 1;
  });
  if (!claimed) return nullptr;
  return std::make_unique<HeldSyncLease>(writer, userId, std::move(holder), ttlMs);
}

}  // namespace vm::store::sqlite
