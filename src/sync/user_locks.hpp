// At most one sync per user at a time: the scheduler, `POST /api/sync`, `voicematrix sync` and tests all
// take the same try-lock, so a second request is refused instead of walking VAPI twice. Two layers: an
// in-process set (cheap, answers a duplicate in this process without touching the database; `serve` makes
// one and shares it) and the store's lease (Store::tryLockSync), which excludes other processes on the same
// database.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "store/store.hpp"

namespace vm::sync {

class UserLockGuard;

class UserLocks {
 public:
  UserLocks() = default;
  UserLocks(const UserLocks&) = delete;
  UserLocks& operator=(const UserLocks&) = delete;
  // A held guard, or an empty one (held() == false) when a sync of `userId` is already running.
  UserLockGuard tryLock(const std::string& userId);
  bool running(const std::string& userId);

 private:
  friend class UserLockGuard;
  void unlock(const std::string& userId);
  std::mutex mutex_;
  std::set<std::string> running_;
};

class UserLockGuard {
 public:
  UserLockGuard() = default;
  UserLockGuard(UserLockGuard&& other) noexcept : locks_(other.locks_), userId_(std::move(other.userId_)) {
    other.locks_ = nullptr;
  }
  UserLockGuard& operator=(UserLockGuard&& other) noexcept;
  UserLockGuard(const UserLockGuard&) = delete;
  UserLockGuard& operator=(const UserLockGuard&) = delete;
  ~UserLockGuard();
  bool held() const { return locks_ != nullptr; }

 private:
  friend class UserLocks;
  UserLockGuard(UserLocks& locks, std::string userId) : locks_(&locks), userId_(std::move(userId)) {}
  void release();
  UserLocks* locks_ = nullptr;  // null when not held
  std::string userId_;
};

// Both locks of one user's sync. Members are destroyed in reverse order: the lease goes before the
// in-process lock, so no sync in this process can start while the database still shows the lease held.
struct SyncLock {
  UserLockGuard local;
  std::unique_ptr<store::SyncLease> lease;
};

// Both locks, or nullopt when a sync of `userId` runs in this process or in another one on the same
// database. Throws when the store cannot be reached (nothing is then held).
std::optional<SyncLock> lockUserSync(UserLocks& locks, store::Store& store, const std::string& userId);

}  // namespace vm::sync
