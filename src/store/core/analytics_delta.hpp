// The arithmetic of the analytics tables, for every backend: sums kept as integers in fixed units (so that
// -old +new is exact), collected per (user, day) and (user, day, intent) in key order, and turned back into
// the API's AnalyticsDay. A backend only reads and writes the rows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/analytics.hpp"
#include "store/core/plan_apply.hpp"

namespace vm::store {

// Stored units per one reported unit: durations and satisfaction in thousandths, costs in millionths.
inline constexpr double kMillis = 1000.0;
inline constexpr double kMicros = 1000000.0;
std::int64_t scaled(double value, double unitsPerOne);

// One day's totals in stored units, in the column order of the analytics_days table.
struct DayTotals {
  std::int64_t calls = 0, successful = 0, durationMs = 0, costMicros = 0, satisfactionMilli = 0,
               satisfactionCount = 0;

  // Adds (sign = +1) or subtracts (sign = -1) one call's contribution.
  void add(const domain::Contribution& c, int sign);
  bool zero() const;
};

// A set of changes to the analytics rows, collected and then written once per key, in key order: fewer
// statements, and writers that lock rows in the same order cannot deadlock.
class AnalyticsDelta {
 public:
  // Adds (sign = +1) or subtracts (sign = -1) one call's contribution. A contribution without a day (a
  // call without any valid timestamp) counts nowhere.
  void add(const std::string& userId, const domain::Contribution& c, int sign);
  void add(const std::string& userId, const ContributionChange& change);
  bool empty() const { return days_.empty() && intents_.empty(); }

  // Every (user, day) whose totals changed, in key order: day(userId, date, totals).
  template <class Day>
  void forEachDay(Day&& day) const {
    for (const auto& [key, totals] : days_) {
      if (!totals.zero()) day(key.first, key.second, totals);  // zero: e.g. -old +new of one unchanged call
    }
  }
  // Every (user, day, intent) whose count changed, in key order: intent(userId, date, intent, count).
  template <class Intent>
  void forEachIntent(Intent&& intent) const {
    for (const auto& [key, count] : intents_) {
      if (count != 0) intent(std::get<0>(key), std::get<1>(key), std::get<2>(key), count);
    }
  }

 private:
  std::map<std::pair<std::string, std::string>, DayTotals> days_;
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> intents_;
};

// The API's day rows from stored ones: days in the order added, each with its top 5 intents.
class AnalyticsDays {
 public:
  void addDay(std::string date, const DayTotals& totals);
  void addIntent(const std::string& date, const std::string& intent, std::int64_t count);
  std::vector<domain::AnalyticsDay> take();

 private:
  std::vector<domain::AnalyticsDay> days_;
  std::map<std::string, std::size_t> indexOfDate_;
  std::map<std::string, std::map<std::string, long>> countsByDate_;
};

}  // namespace vm::store
