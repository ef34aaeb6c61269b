// Wiring of the HTTP API: the shared context every resource's handlers use, and route registration.
// One file per resource (webhook, calls, analytics, health, ...) registers its own routes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/events.hpp"
#include "api/login_limiter.hpp"
#include "api/routes.hpp"
#include "api/webhook_identity_cache.hpp"
#include "http/client_ip.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "vapi/key_lookup.hpp"
#include "vapi/rest_client.hpp"

namespace vm::http {
class Metrics;
class RateLimiter;
}  // namespace vm::http

namespace vm::vapi {
class WorkerPool;
}  // namespace vm::vapi

namespace vm::sync {
class BackgroundSyncs;
class UserLocks;
struct SyncOptions;
}  // namespace vm::sync

namespace vm::auth {
class Vault;
class OidcVerifier;
}  // namespace vm::auth

namespace vm::api {

struct AppConfig {
  std::string publicUrl;  // e.g. https://vm.example.com; "" = derive from the request's Host
  std::string webDir;     // built dashboard; "" = none
  bool signupEnabled = true;
  vapi::RestClientOptions vapiClient;               // how the assistant routes reach VAPI
  http::TrustedProxies trustedProxies;              // whose X-Forwarded-For / -Host / -Proto count
  LoginLimiter::Limits loginLimits;                 // failed sign-ins: delays per (account, IP), IP cap
  std::int64_t webhookGraceSeconds = 24 * 3600;     // old webhook secret stays valid after a rotation
  std::int64_t sessionIdleSeconds = 7 * 24 * 3600;  // a session unused this long ends
  std::int64_t sessionMaxSeconds = 30 * 24 * 3600;  // and none lives longer than this
};

// Handler pools: blocking work that must not run on the HTTP threads.
inline constexpr std::size_t kVapiWorkers = 4;  // also bounds the connections to VAPI
inline constexpr std::size_t kMaxQueuedVapiRequests = 256;
inline constexpr std::size_t kPasswordWorkers = 2;  // Argon2id: tens of ms and 64 MiB per hash
inline constexpr std::size_t kMaxQueuedPasswordRequests = 256;

// Everything the handlers share. Nothing here is process-wide: `serve` (the composition root) makes each
// part once and tests make their own; registerAllRoutes refuses a context with a required part missing.
struct AppContext {
  store::Store& store;
  EventHub& events;
  AppConfig config;
  // The user's decrypted VAPI private key (accounts::vaultKeyLookup); the VAPI client and the sync only
  // ever see it through this.
  vapi::KeyLookup vapiKeyFor;
  // The credential vault (VAPI keys, webhook secrets for HMAC) and the optional OIDC verifier; null when
  // not configured.
  std::shared_ptr<auth::Vault> vault;
  std::shared_ptr<auth::OidcVerifier> oidc;
  // Required: webhook owner and auth settings, cached briefly. Whatever changes a user's webhook secret,
  // auth mode or org id must clear it.
  std::shared_ptr<WebhookIdentityCache> webhookIdentities;
  // Applied to the routes whose Access declares a rate limit; null = no limits.
  std::shared_ptr<http::RateLimiter> rateLimiter;
  // Required: request and webhook counters for /metrics, shared with the server.
  std::shared_ptr<http::Metrics> metrics;
  // Required: VAPI REST requests of the assistant routes; password hashing of the sign-in routes.
  std::shared_ptr<vapi::WorkerPool> vapiPool;
  std::shared_ptr<vapi::WorkerPool> passwordPool;
  // Required: the syncs POST /api/sync starts.
  std::shared_ptr<sync::BackgroundSyncs> backgroundSyncs;
};

void registerHealthRoutes(Routes& routes, AppContext& app);
void registerWebhookRoutes(Routes& routes, AppContext& app);
void registerCallRoutes(Routes& routes, AppContext& app);
void registerAnalyticsRoutes(Routes& routes, AppContext& app);
void registerEventRoutes(Routes& routes, AppContext& app);
void registerAuthRoutes(Routes& routes, AppContext& app);      // accounts (issue 4)
void registerSettingsRoutes(Routes& routes, AppContext& app);  // accounts (issue 4)
void registerTokenRoutes(Routes& routes, AppContext& app);     // accounts (issue 4)
void registerAssistantRoutes(Routes& routes, AppContext& app);
void registerSyncRoutes(Routes& routes, AppContext& app);

// The user's VAPI key; 400 "VAPI API key not configured" when there is none.
std::string requireVapiKey(const AppContext& app, const std::string& userId);

// Makes the required shared parts (identity cache, metrics, the two pools with their standard sizes, the
// background syncs) for `app`'s store; `syncLocks` must outlive the context.
void makeSharedParts(AppContext& app, sync::UserLocks& syncLocks, const sync::SyncOptions& syncOptions);
// Stops what writes to the store (background syncs after their current page, the pools after what they
// hold). Call before closing the store.
void stopSharedParts(AppContext& app);

// Every route of the application.
std::vector<RouteEntry> registerAllRoutes(http::Router& router, AppContext& app);

}  // namespace vm::api
