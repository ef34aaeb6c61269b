// Failed sign-in attempts slow the guesser without locking the account's owner out: each (account,
// client IP) pair gets a few free failures, then a delay that doubles with every further failure (up to
// maxDelay); one IP's failures across all accounts are capped per window, against spraying. Nothing is
// counted per account alone, so no stranger can make an account unusable from their own address. The IP is
// the client's (http/client_ip.hpp: behind --trusted-proxy, whom the proxy forwards for). In memory: a
// restart forgets, which only favours legitimate users.
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
    int freeFailures = 5;                    // per (account, IP) before the first delay
    std::chrono::seconds maxDelay{15 * 60};  // the doubling delay stops growing here
    int failuresPerIp = 20;                  // per IP across accounts, per window
    std::chrono::seconds window{15 * 60};    // failures older than this are forgotten
  };
  LoginLimiter() = default;
  explicit LoginLimiter(Limits limits) : limits_(limits) {}

  // Seconds to wait before trying again, 0 when an attempt is allowed now.
  std::int64_t retryAfter(const std::string& account, const std::string& ip);
  void recordFailure(const std::string& account, const std::string& ip);
  // A successful sign-in clears the pair's failures (not the IP's).
  void recordSuccess(const std::string& account, const std::string& ip);

 private:
  using Clock = std::chrono::steady_clock;
  struct PairFailures {
    int count = 0;
    Clock::time_point last;
  };
  static std::string pairKey(const std::string& account, const std::string& ip);
  std::int64_t pairWait(const PairFailures& failures, Clock::time_point now) const;
  std::int64_t ipWait(std::deque<Clock::time_point>& failures, Clock::time_point now) const;
  void prune(Clock::time_point now);

  Limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, PairFailures> pairs_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> ips_;
};

}  // namespace vm::api
