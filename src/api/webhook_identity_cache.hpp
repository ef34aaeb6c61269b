// Who a webhook belongs to and how it must authenticate, kept for a few seconds. Every webhook needs both,
// and reading them cost two database reads per webhook (on PostgreSQL two round trips): about a tenth of
// the server's work per webhook on SQLite. Changes made through this process (secret rotation, auth mode,
// org id) clear the cache at once; changes made elsewhere (another instance, the CLI) are seen within the
// time to live. Unknown hook and org ids are not cached, so a new user's first webhook is never refused.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/user.hpp"
#include "store/store.hpp"

namespace vm::api {

struct WebhookIdentity {
  domain::User user;
  store::WebhookAuth auth;
};

class WebhookIdentityCache {
 public:
  using Clock = std::chrono::steady_clock;
  explicit WebhookIdentityCache(store::Store& store, Clock::duration ttl = std::chrono::seconds(2),
                                std::size_t maxEntries = 100000);

  // nullptr when no user has this hook id / org id.
  std::shared_ptr<const WebhookIdentity> byHookId(const std::string& hookId);
  std::shared_ptr<const WebhookIdentity> byOrgId(const std::string& orgId);
  // After this process changed a user's webhook secret, auth mode or org id.
  void clear();

 private:
  struct Entry {
    std::shared_ptr<const WebhookIdentity> identity;
    Clock::time_point expires;
  };
  template <typename Load>
  std::shared_ptr<const WebhookIdentity> lookup(std::string key, Load load);

  store::Store& store_;
  const Clock::duration ttl_;
  const std::size_t maxEntries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // "h:<hookId>" or "o:<orgId>"
  std::uint64_t generation_ = 0;                    // bumped by clear(): a load that raced it is dropped
};

}  // namespace vm::api
