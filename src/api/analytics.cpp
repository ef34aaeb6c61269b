// GET /api/analytics?from=YYYY-MM-DD&to=YYYY-MM-DD: per-day rows and range totals, UTC days;
// GET /api/analytics/assistants: the same range per assistant.
#include "api/analytics_json.hpp"
#include "api/app.hpp"
#include "api/auth_guard.hpp"
#include "api/json_body.hpp"
#include "domain/time.hpp"
#include "http/errors.hpp"

namespace vm::api {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::string dayParam(const http::Request& req, const char* name, const std::string& fallback) {
  auto value = req.queryParam(name);
  if (value.empty()) return fallback;
  if (!domain::isValidDate(value))
    throw http::unprocessable(std::string(name) + " must be a date YYYY-MM-DD");
  return value;
}

// from/to as inclusive UTC days; default: the 30 days ending today.
std::pair<std::string, std::string> dayRange(const http::Request& req) {
  auto today = domain::formatIsoMs(domain::nowMs()).substr(0, 10);
  auto monthAgo = domain::formatIsoMs(domain::nowMs() - 29 * kDayMs).substr(0, 10);
  auto to = dayParam(req, "to", today);
  auto from = dayParam(req, "from", req.queryParam("to").empty() ? monthAgo : to);
  if (from > to) throw http::unprocessable("from must not be after to");
  return {from, to};
}

}  // namespace

void registerAnalyticsRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/api/analytics",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        auto [from, to] = dayRange(req);
        auto days = app.store.analytics(user.id, from, to);
        res->send(jsonOk(analyticsToJson(from, to, days)));
      },
      Access::user());

  // Per-assistant totals over the same UTC day range.
  routes.add(
      "GET", "/api/analytics/assistants",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        const auto& user = who.user;
        auto [from, to] = dayRange(req);
        auto fromMs = *domain::parseIsoMs(from);
        auto toMs = *domain::parseIsoMs(to) + kDayMs;
        nlohmann::json list = nlohmann::json::array();
        for (const auto& a : app.store.assistantBreakdown(user.id, fromMs, toMs))
          list.push_back({{"assistantId", a.assistantId},
                          {"totalCalls", a.totalCalls},
                          {"successfulCalls", a.successfulCalls},
                          {"totalDuration", a.totalDuration},
                          {"averageDuration", a.totalCalls ? a.totalDuration / a.totalCalls : 0.0},
                          {"totalCost", a.totalCost}});
        res->send(jsonOk({{"from", from}, {"to", to}, {"assistants", std::move(list)}}));
      },
      Access::user());
}

}  // namespace vm::api
