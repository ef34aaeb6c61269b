#include "sync/user_locks.hpp"

namespace vm::sync {

UserLockGuard UserLocks::tryLock(const std::string& userId) {
  std::lock_guard lock(mutex_);
  if (!running_.insert(userId).second) return {};
  return UserLockGuard(*this, userId);
}

bool UserLocks::running(const std::string& userId) {
  std::lock_guard lock(mutex_);
  return running_.count(userId) > 0;
}

void UserLocks::unlock(const std::string& userId) {
  std::lock_guard lock(mutex_);
  running_.erase(userId);
}

void UserLockGuard::release() {
  if (locks_) locks_->unlock(userId_);
  locks_ = nullptr;
}

UserLockGuard& UserLockGuard::operator=(UserLockGuard&& other) noexcept {
  if (this != &other) {
    release();
    locks_ = other.locks_;
    userId_ = std::move(other.userId_);
    other.locks_ = nullptr;
  }
  return *this;
}

UserLockGuard::~UserLockGuard() { release(); }

std::optional<SyncLock> lockUserSync(UserLocks& locks, store::Store& store, const std::string& userId) {
  auto local = locks.tryLock(userId);
  if (!local.held()) return std::nullopt;
  auto lease = store.tryLockSync(userId);  // if this throws, `local` is released on the way out
  if (!lease) return std::nullopt;
  return SyncLock{std::move(local), std::move(lease)};
}

}  // namespace vm::sync
