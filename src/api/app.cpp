#include "api/app.hpp"

#include "http/static_files.hpp"

namespace vm::api {

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
