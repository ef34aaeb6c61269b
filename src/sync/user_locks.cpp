#include "sync/user_locks.hpp"

namespace vm::sync {

UserLocks& UserLocks::instance() {
  static UserLocks locks;
  return locks;
}

UserLockGuard UserLocks::tryLock(const std::string& userId) {
  std::lock_guard lock(mutex_);
  if (!running_.insert(userId).second) return {};
  return UserLockGuard(userId);
}

bool UserLocks::running(const std::string& userId) {
  std::lock_guard lock(mutex_);
  return running_.count(userId) > 0;
}

void UserLocks::unlock(const std::string& userId) {
  std::lock_guard lock(mutex_);
  running_.erase(userId);
}

UserLockGuard& UserLockGuard::operator=(UserLockGuard&& other) noexcept {
  if (this != &other) {
    if (held_) UserLocks::instance().unlock(userId_);
    userId_ = std::move(other.userId_);
    held_ = other.held_;
    other.held_ = false;
  }
  return *this;
}

UserLockGuard::~UserLockGuard() {
  if (held_) UserLocks::instance().unlock(userId_);
}

std::optional<SyncLock> lockUserSync(store::Store& store, const std::string& userId) {
  auto local = UserLocks::instance().tryLock(userId);
  if (!local.held()) return std::nullopt;
  auto lease = store.tryLockSync(userId);  // if this throws, `local` is released on the way out
  if (!lease) return std::nullopt;
  return SyncLock{std::move(local), std::move(lease)};
}

}  // namespace vm::sync
