#include "api/webhook_identity_cache.hpp"

#include <utility>

namespace vm::api {

WebhookIdentityCache::WebhookIdentityCache(store::Store& store, Clock::duration ttl, std::size_t maxEntries)
    : store_(store), ttl_(ttl), maxEntries_(maxEntries) {}

template <typename Load>
std::shared_ptr<const WebhookIdentity> WebhookIdentityCache::lookup(std::string key, Load load) {
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && Clock::now() < it->second.expires) return it->second.identity;
    generation = generation_;
  }
  // Read outside the lock: a slow database must not serialize every webhook behind one read.
  std::optional<domain::User> user = load();
  if (!user) return nullptr;
  auto identity =
      std::make_shared<const WebhookIdentity>(WebhookIdentity{*user, store_.webhookAuth(user->id)});
  std::lock_guard lock(mutex_);
  if (generation != generation_) return identity;        // cleared meanwhile: use it once, keep nothing stale
  if (entries_.size() >= maxEntries_) entries_.clear();  // a crude bound, reached only with huge user counts
  entries_[std::move(key)] = Entry{identity, Clock::now() + ttl_};
  return identity;
}

std::shared_ptr<const WebhookIdentity> WebhookIdentityCache::byHookId(const std::string& hookId) {
  return lookup("h:" + hookId, [&] { return store_.userByHookId(hookId); });
}

std::shared_ptr<const WebhookIdentity> WebhookIdentityCache::byOrgId(const std::string& orgId) {
  return lookup("o:" + orgId, [&] { return store_.userByOrgId(orgId); });
}

void WebhookIdentityCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  ++generation_;
}

}  // namespace vm::api
