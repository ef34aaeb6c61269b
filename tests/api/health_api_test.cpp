// GET /healthz and GET /metrics, and what the router answers for unknown paths and methods.
#include "api_harness.hpp"

namespace vm::api::testing {
namespace {

TEST(HealthApi, HealthzAnswersOk) {
  ApiHarness api;
  auto r = api.call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json(r), (nlohmann::json{{"ok", true}}));
}

TEST(HealthApi, MetricsAnswersPrometheusText) {
  ApiHarness api;
  auto r = api.call("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.contentType, "text/plain; version=0.0.4");
  EXPECT_NE(r.body.find("vm_store_commits_total "), std::string::npos) << r.body;
}

TEST(HealthApi, UnknownPathIs404AndWrongMethodIs405) {
  ApiHarness api;
  expectError(api.call("GET", "/nothing-here"), 404, "not found");
  expectError(api.call("POST", "/healthz"), 405, "method not allowed");
  expectError(api.call("DELETE", "/api/calls"), 405, "method not allowed");
}

}  // namespace
}  // namespace vm::api::testing
