#include "api/app.hpp"

#include "http/errors.hpp"
#include "http/metrics.hpp"
#include "http/static_files.hpp"
#include "sync/background_syncs.hpp"
#include "vapi/worker_pool.hpp"

namespace vm::api {

std::string requireVapiKey(const AppContext& app, const std::string& userId) {
  auto key = app.vapiKeyFor ? app.vapiKeyFor(userId) : std::nullopt;
  if (!key || key->empty()) throw http::badRequest("VAPI API key not configured");
  return *key;
}

void makeSharedParts(AppContext& app, sync::UserLocks& syncLocks, const sync::SyncOptions& syncOptions) {
  app.webhookIdentities = std::make_shared<WebhookIdentityCache>(app.store);
  app.metrics = std::make_shared<http::Metrics>();
  app.vapiPool = std::make_shared<vapi::WorkerPool>(kVapiWorkers, kMaxQueuedVapiRequests);
  app.passwordPool = std::make_shared<vapi::WorkerPool>(kPasswordWorkers, kMaxQueuedPasswordRequests);
  app.backgroundSyncs = std::make_shared<sync::BackgroundSyncs>(app.store, syncLocks, syncOptions);
}

void stopSharedParts(AppContext& app) {
  if (app.backgroundSyncs) app.backgroundSyncs->shutdown();
  if (app.vapiPool) app.vapiPool->stop();
  if (app.passwordPool) app.passwordPool->stop();
}

namespace {

void requirePart(const void* part, const char* name) {
  if (!part) throw std::logic_error(std::string("the app context has no ") + name);
}

}  // namespace

std::vector<RouteEntry> registerAllRoutes(http::Router& router, AppContext& app) {
  requirePart(app.webhookIdentities.get(), "webhook identity cache");
  requirePart(app.metrics.get(), "metrics");
  requirePart(app.vapiPool.get(), "VAPI worker pool");
  requirePart(app.passwordPool.get(), "password worker pool");
  requirePart(app.backgroundSyncs.get(), "background syncs");
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
