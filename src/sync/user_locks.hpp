// At most one sync per user at a time, process-wide: the scheduler, `POST /api/sync` and tests all take
// the same try-lock, so a second request is refused instead of walking VAPI twice.
#pragma once

#include <mutex>
#include <set>
#include <string>

namespace vm::sync {

class UserLockGuard;

class UserLocks {
 public:
  static UserLocks& instance();
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
  UserLockGuard(UserLockGuard&& other) noexcept : userId_(std::move(other.userId_)), held_(other.held_) {
    other.held_ = false;
  }
  UserLockGuard& operator=(UserLockGuard&& other) noexcept;
  UserLockGuard(const UserLockGuard&) = delete;
  UserLockGuard& operator=(const UserLockGuard&) = delete;
  ~UserLockGuard();
  bool held() const { return held_; }

 private:
  friend class UserLocks;
  explicit UserLockGuard(std::string userId) : userId_(std::move(userId)), held_(true) {}
  std::string userId_;
  bool held_ = false;
};

}  // namespace vm::sync
