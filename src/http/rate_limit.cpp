#include "http/rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace vm::http {

TokenBuckets::TokenBuckets(int perMinute, std::size_t maxKeys)
    : capacity_(perMinute), perSecond_(perMinute / 60.0), maxKeys_(std::max<std::size_t>(maxKeys, 16)) {}

int TokenBuckets::take(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::size_t hash = std::hash<std::string_view>{}(key);
  auto it = buckets_.find(hash);
  if (it == buckets_.end()) {
    if (buckets_.size() >= maxKeys_) evict(now);
    it = buckets_.emplace(hash, Bucket{capacity_, now}).first;
  }
  Bucket& b = it->second;
  std::chrono::duration<double> elapsed = now - b.last;
  b.tokens = std::min(capacity_, b.tokens + std::max(0.0, elapsed.count()) * perSecond_);
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / perSecond_)));
}

std::size_t TokenBuckets::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

// Full buckets carry no state (a new one would start full too), so they go first. If the table is still
// full, many clients are active at once (or an attacker rotates addresses): drop arbitrary buckets down
// to three quarters. That forgets some clients' debt, but memory stays bounded, and the sweep runs at most
// once per maxKeys/4 new keys.
void TokenBuckets::evict(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    std::chrono::duration<double> idle = now - it->second.last;
    if (it->second.tokens + idle.count() * perSecond_ >= capacity_)
      it = buckets_.erase(it);
    else
      ++it;
  }
  std::size_t target = maxKeys_ * 3 / 4;
  for (auto it = buckets_.begin(); buckets_.size() > target && it != buckets_.end();) it = buckets_.erase(it);
}

RateLimiter::RateLimiter(RateLimitOptions o) {
  if (o.ipPerMinute > 0) ip_ = std::make_unique<TokenBuckets>(o.ipPerMinute, o.maxKeys);
  if (o.userPerMinute > 0) user_ = std::make_unique<TokenBuckets>(o.userPerMinute, o.maxKeys);
  if (o.authPerMinute > 0) auth_ = std::make_unique<TokenBuckets>(o.authPerMinute, o.maxKeys);
}

bool RateLimiter::admit(bool signIn, const Request& request, const std::shared_ptr<Responder>& responder) {
  int wait = 0;
  if (auth_ && signIn) wait = auth_->take(request.remoteIp);
  if (!wait && ip_) wait = ip_->take(request.remoteIp);
  if (!wait && user_) {
    // The credential, not the user id: limiting must not cost a database lookup per request. A user
    // with several tokens or sessions gets a bucket for each.
    std::string_view credential = request.header("authorization");
    if (credential.empty()) credential = request.header("cookie");
    if (!credential.empty()) wait = user_->take(credential);
  }
  if (!wait) return true;
  auto response = errorResponse(429, "too many requests, retry later");
  response.header("Retry-After", std::to_string(wait));
  responder->send(std::move(response));
  return false;
}

}  // namespace vm::http
