#include "api/login_limiter.hpp"

#include <algorithm>

namespace vm::api {
namespace {

// Bounds memory under a spray of made-up emails or addresses: expired entries go when the maps grow.
constexpr std::size_t kPruneAbove = 100000;

std::int64_t ceilSeconds(std::chrono::steady_clock::duration d) {
  return std::max<std::int64_t>(1, std::chrono::ceil<std::chrono::seconds>(d).count());
}

}  // namespace

std::string LoginLimiter::pairKey(const std::string& account, const std::string& ip) {
  return account + '\n' + ip;  // neither an email nor an address holds a newline
}

std::int64_t LoginLimiter::pairWait(const PairFailures& failures, Clock::time_point now) const {
  if (failures.count < limits_.freeFailures || now - failures.last >= limits_.window) return 0;
  const int doublings = std::min(failures.count - limits_.freeFailures, 30);
  auto delay =
      std::min<std::chrono::seconds>(std::chrono::seconds(std::int64_t{1} << doublings), limits_.maxDelay);
  auto until = failures.last + delay;
  return until > now ? ceilSeconds(until - now) : 0;
}

std::int64_t LoginLimiter::ipWait(std::deque<Clock::time_point>& failures, Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= limits_.window) failures.pop_front();
  if (limits_.failuresPerIp <= 0 || static_cast<int>(failures.size()) < limits_.failuresPerIp) return 0;
  return ceilSeconds(failures[failures.size() - limits_.failuresPerIp] + limits_.window - now);
}

std::int64_t LoginLimiter::retryAfter(const std::string& account, const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  std::int64_t wait = 0;
  if (auto it = pairs_.find(pairKey(account, ip)); it != pairs_.end()) wait = pairWait(it->second, now);
  if (auto it = ips_.find(ip); it != ips_.end()) wait = std::max(wait, ipWait(it->second, now));
  return wait;
}

void LoginLimiter::recordFailure(const std::string& account, const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  if (pairs_.size() + ips_.size() > kPruneAbove) prune(now);
  auto& pair = pairs_[pairKey(account, ip)];
  if (pair.count > 0 && now - pair.last >= limits_.window) pair.count = 0;
  ++pair.count;
  pair.last = now;
  auto& ipFailures = ips_[ip];
  ipFailures.push_back(now);
  // Only the newest failuresPerIp entries decide a wait.
  while (ipFailures.size() > static_cast<std::size_t>(std::max(limits_.failuresPerIp, 1)))
    ipFailures.pop_front();
}

void LoginLimiter::recordSuccess(const std::string& account, const std::string& ip) {
  std::lock_guard lock(mutex_);
  pairs_.erase(pairKey(account, ip));
}

void LoginLimiter::prune(Clock::time_point now) {
  for (auto it = pairs_.begin(); it != pairs_.end();)
    it = now - it->second.last >= limits_.window ? pairs_.erase(it) : std::next(it);
  for (auto it = ips_.begin(); it != ips_.end();)
    it = it->second.empty() || now - it->second.back() >= limits_.window ? ips_.erase(it) : std::next(it);
}

}  // namespace vm::api
