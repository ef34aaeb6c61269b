// The JSON shape of analytics answers (docs/API.md).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "domain/analytics.hpp"

namespace vm::api {

nlohmann::json analyticsDayToJson(const domain::AnalyticsDay& day, bool withDate);
// {"from","to","days":[...],"totals":{...}}
nlohmann::json analyticsToJson(const std::string& from, const std::string& to,
                               const std::vector<domain::AnalyticsDay>& days);

}  // namespace vm::api
