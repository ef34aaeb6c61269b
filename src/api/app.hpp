// Wiring of the HTTP API: the shared context every resource's handlers use, and route registration.
// One file per resource (webhook, calls, analytics, health, ...) registers its own routes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/events.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace vm::api {

struct AppConfig {
  std::string publicUrl;  // e.g. https://vm.example.com; "" = derive from the request's Host
  std::string webDir;     // built dashboard; "" = none
  bool signupEnabled = true;
  std::string vapiBaseUrl = "https://api.vapi.ai";
};

// The user's decrypted VAPI private key, or nullopt when none is configured. Provided by the
// credential vault (settings); the VAPI client and the sync only ever see it through this.
using VapiKeyLookup = std::function<std::optional<std::string>(const std::string& userId)>;

struct AppContext {
  store::Store& store;
  EventHub& events;
  AppConfig config;
  VapiKeyLookup vapiKeyFor;
};

void registerHealthRoutes(http::Router& router, AppContext& app);
void registerWebhookRoutes(http::Router& router, AppContext& app);
void registerCallRoutes(http::Router& router, AppContext& app);
void registerAnalyticsRoutes(http::Router& router, AppContext& app);
void registerEventRoutes(http::Router& router, AppContext& app);
void registerAssistantRoutes(http::Router& router, AppContext& app);
void registerSyncRoutes(http::Router& router, AppContext& app);

// Every route of the application.
void registerAllRoutes(http::Router& router, AppContext& app);

}  // namespace vm::api
