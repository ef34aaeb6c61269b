#include "api/login_limiter.hpp"

namespace vm::api {

std::int64_t LoginLimiter::waitFor(std::deque<Clock::time_point>& failures, int limit,
                                   Clock::time_point now) {
  while (!failures.empty() && now - failures.front() >= limits_.window) failures.pop_front();
  if (static_cast<int>(failures.size()) < limit) return 0;
  auto until = failures[failures.size() - limit] + limits_.window;
  return std::max<std::int64_t>(1, std::chrono::ceil<std::chrono::seconds>(until - now).count());
}

std::int64_t LoginLimiter::retryAfter(const std::string& account, const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  std::int64_t wait = 0;
  if (auto it = accounts_.find(account); it != accounts_.end())
    wait = std::max(wait, waitFor(it->second, limits_.perAccount, now));
  if (auto it = ips_.find(ip); it != ips_.end())
    wait = std::max(wait, waitFor(it->second, limits_.perIp, now));
  return wait;
}

void LoginLimiter::recordFailure(const std::string& account, const std::string& ip) {
  std::lock_guard lock(mutex_);
  auto now = Clock::now();
  // Bounded memory under a spray of made-up emails: drop expired entries when the maps grow.
  if (accounts_.size() + ips_.size() > 100000) prune(now);
  accounts_[account].push_back(now);
  ips_[ip].push_back(now);
}

void LoginLimiter::recordSuccess(const std::string& account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account);
}

void LoginLimiter::prune(Clock::time_point now) {
  for (auto* map : {&accounts_, &ips_}) {
    for (auto it = map->begin(); it != map->end();) {
      if (it->second.empty() || now - it->second.back() >= limits_.window)
        it = map->erase(it);
      else
        ++it;
    }
  }
}

}  // namespace vm::api
