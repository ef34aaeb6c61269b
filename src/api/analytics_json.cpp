#include "api/analytics_json.hpp"

#include <cmath>

namespace vm::api {
namespace {
// Money and durations are sums of floats: round for display so 0.1 + 0.2 does not show as
// 0.30000000000000004.
double round6(double v) { return std::round(v * 1e6) / 1e6; }
}  // namespace

nlohmann::json analyticsDayToJson(const domain::AnalyticsDay& day, bool withDate) {
  nlohmann::json intents = nlohmann::json::array();
  for (const auto& i : day.topIntents) intents.push_back({{"intent", i.intent}, {"count", i.count}});
  auto satisfaction = day.satisfactionScore();
  nlohmann::json j = {
      {"totalCalls", day.totalCalls},
      {"successfulCalls", day.successfulCalls},
      {"averageDuration", round6(day.averageDuration())},
      {"totalDuration", round6(day.totalDuration)},
      {"totalCost", round6(day.totalCost)},
      {"satisfactionScore", satisfaction ? nlohmann::json(round6(*satisfaction)) : nlohmann::json(nullptr)},
      {"topIntents", std::move(intents)},
  };
  if (withDate) j["date"] = day.date;
  return j;
}

nlohmann::json analyticsToJson(const std::string& from, const std::string& to,
                               const std::vector<domain::AnalyticsDay>& days) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& day : days) list.push_back(analyticsDayToJson(day, true));
  return {{"from", from},
          {"to", to},
          {"days", std::move(list)},
          {"totals", analyticsDayToJson(domain::sumDays(days), false)}};
}

}  // namespace vm::api
