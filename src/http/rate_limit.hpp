// Request rate limits for the API: token buckets per client IP, per credential (a user's API token or
// session cookie), and a stricter per-IP bucket for /api/auth/* (password guessing). Over a limit the
// request is answered 429 with Retry-After and a JSON error. Webhooks are not limited: VAPI sends bursts
// from a few IPs, and a refused webhook is a lost or delayed call.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "http/message.hpp"

namespace vm::http {

struct RateLimitOptions {
  int ipPerMinute = 1200;        // every /api request, per client IP; 0 = off
  int userPerMinute = 600;       // every /api request carrying a credential, per credential; 0 = off
  int authPerMinute = 60;        // /api/auth/*, per client IP, on top of the above; 0 = off
  std::size_t maxKeys = 100000;  // per table: bounds memory when many distinct clients appear
};

// Buckets of `perMinute` tokens (also the burst), refilled continuously. Thread-safe.
class TokenBuckets {
 public:
  using Clock = std::chrono::steady_clock;
  TokenBuckets(int perMinute, std::size_t maxKeys);
  // Takes a token for `key`: 0 when allowed, else the whole seconds until a token is available (>= 1).
  int take(std::string_view key, Clock::time_point now = Clock::now());
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  void evict(Clock::time_point now);

  double capacity_;
  double perSecond_;
  std::size_t maxKeys_;
  mutable std::mutex mutex_;
  // Keyed by a hash of the key: a credential can be kilobytes long, and memory must stay bounded.
  std::unordered_map<std::size_t, Bucket> buckets_;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimitOptions options);
  // For a rate-limited route (declared with it, api/access.hpp): true to go on; false when it was answered
  // 429 here. `signIn` adds the stricter per-IP bucket of the sign-in routes.
  bool admit(bool signIn, const Request& request, const std::shared_ptr<Responder>& responder);

 private:
  std::unique_ptr<TokenBuckets> ip_, user_, auth_;
};

}  // namespace vm::http
