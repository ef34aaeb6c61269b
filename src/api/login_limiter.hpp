// Failed sign-in attempts, counted per account and per client IP in a sliding window, so password
// guessing is slow against one account and from one address. In memory: a restart forgets, which only
// favours legitimate users.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace vm::api {

class LoginLimiter {
 public:
  struct Limits {
    int perAccount = 5;
    int perIp = 20;
    std::chrono::seconds window{15 * 60};
  };
  LoginLimiter() = default;
  explicit LoginLimiter(Limits limits) : limits_(limits) {}

  // Seconds to wait before trying again, 0 when an attempt is allowed now.
  std::int64_t retryAfter(const std::string& account, const std::string& ip);
  void recordFailure(const std::string& account, const std::string& ip);
  // A successful sign-in clears the account's failures (not the IP's).
  void recordSuccess(const std::string& account);

 private:
  using Clock = std::chrono::steady_clock;
  std::int64_t waitFor(std::deque<Clock::time_point>& failures, int limit, Clock::time_point now);
  void prune(Clock::time_point now);

  Limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> accounts_, ips_;
};

}  // namespace vm::api
