#include "api/app.hpp"

#include "http/static_files.hpp"

namespace vm::api {

void registerAllRoutes(http::Router& router, AppContext& app) {
  registerHealthRoutes(router, app);
  registerWebhookRoutes(router, app);
  registerCallRoutes(router, app);
  registerAnalyticsRoutes(router, app);
  registerEventRoutes(router, app);
  registerAuthRoutes(router, app);
  registerSettingsRoutes(router, app);
  registerTokenRoutes(router, app);
  registerAssistantRoutes(router, app);
  registerSyncRoutes(router, app);
  if (!app.config.webDir.empty()) router.fallback(http::staticFiles(app.config.webDir));
}

}  // namespace vm::api
