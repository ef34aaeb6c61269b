// Wiring of the HTTP API: the shared context every resource's handlers use, and route registration.
// One file per resource (webhook, calls, analytics, health, ...) registers its own routes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/events.hpp"
#include "api/routes.hpp"
#include "api/webhook_identity_cache.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace vm::http {
class RateLimiter;
}  // namespace vm::http

namespace vm::auth {
class Vault;
class OidcVerifier;
}  // namespace vm::auth

namespace vm::api {

struct AppConfig {
  std::string publicUrl;  // e.g. https://vm.example.com; "" = derive from the request's Host
  std::string webDir;     // built dashboard; "" = none
  bool signupEnabled = true;
  std::string vapiBaseUrl = "https://api.vapi.ai";
  // accounts (issue 4)
  std::int64_t webhookGraceSeconds = 24 * 3600;     // old webhook secret stays valid after a rotation
  std::int64_t sessionIdleSeconds = 7 * 24 * 3600;  // a session unused this long ends
  std::int64_t sessionMaxSeconds = 30 * 24 * 3600;  // and none lives longer than this
};

// The user's decrypted VAPI private key, or nullopt when none is configured. Provided by the
// credential vault (settings); the VAPI client and the sync only ever see it through this.
using VapiKeyLookup = std::function<std::optional<std::string>(const std::string& userId)>;

struct AppContext {
  store::Store& store;
  EventHub& events;
  AppConfig config;
  VapiKeyLookup vapiKeyFor;
  // accounts (issue 4): the credential vault (VAPI keys, webhook secrets for HMAC) and the optional OIDC
  // verifier; null when not configured.
  std::shared_ptr<auth::Vault> vault;
  std::shared_ptr<auth::OidcVerifier> oidc;
  // Webhook owner and auth settings, cached briefly; made by registerWebhookRoutes when not set. Whatever
  // changes a user's webhook secret, auth mode or org id must clear it.
  std::shared_ptr<WebhookIdentityCache> webhookIdentities;
  // Applied to the routes whose Access declares a rate limit; null = no limits.
  std::shared_ptr<http::RateLimiter> rateLimiter;
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

// Every route of the application.
std::vector<RouteEntry> registerAllRoutes(http::Router& router, AppContext& app);

}  // namespace vm::api
