// GET /healthz (the database answers) and GET /metrics (Prometheus text).
#include <string>

#include "api/app.hpp"
#include "http/metrics.hpp"

namespace vm::api {

void registerHealthRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/healthz",
      [&app](http::Request&, const Principal&, const std::shared_ptr<http::Responder>& res) {
        if (app.store.healthy()) return res->send(http::jsonResponse(200, R"({"ok":true})"));
        res->send(http::errorResponse(503, "database unavailable"));
      },
      Access::publicRoute());
  routes.add(
      "GET", "/metrics",
      [&app](http::Request&, const Principal&, const std::shared_ptr<http::Responder>& res) {
        http::Response r;
        r.contentType = "text/plain; version=0.0.4";
        r.body = app.metrics->render();
        // Webhooks per commit is how well group commit batches: with the messages counted above.
        r.body +=
            "# HELP vm_store_commits_total Write transactions this instance's store writer committed.\n"
            "# TYPE vm_store_commits_total counter\n"
            "vm_store_commits_total " +
            std::to_string(app.store.commitCount()) + "\n";
        res->send(std::move(r));
      },
      Access::publicRoute());
}

}  // namespace vm::api
