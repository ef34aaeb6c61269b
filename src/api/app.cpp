#include "api/app.hpp"

#include "http/errors.hpp"
#include "http/static_files.hpp"

namespace vm::api {

std::string requireVapiKey(const AppContext& app, const std::string& userId) {
  auto key = app.vapiKeyFor ? app.vapiKeyFor(userId) : std::nullopt;
  if (!key || key->empty()) throw http::badRequest("VAPI API key not configured");
  return *key;
}

std::vector<RouteEntry> registerAllRoutes(http::Router& router, AppContext& app) {
  Routes routes(router, app);
  registerHealthRoutes(routes, app);
  registerWebhookRoutes(routes, app);
  registerCallRoutes(routes, app);
  registerAnalyticsRoutes(routes, app);
  registerEventRoutes(routes, app);
  registerAuthRoutes(routes, app);
  registerSettingsRoutes(routes, app);
  registerTokenRoutes(routes, app);
  registerAssistantRoutes(routes, app);
  registerSyncRoutes(routes, app);
  if (!app.config.webDir.empty()) router.fallback(http::staticFiles(app.config.webDir));
  return routes.table();
}

}  // namespace vm::api
