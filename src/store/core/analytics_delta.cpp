#include "store/core/analytics_delta.hpp"

#include <cmath>

namespace vm::store {

std::int64_t scaled(double value, double unitsPerOne) { return std::llround(value * unitsPerOne); }

void DayTotals::add(const domain::Contribution& c, int sign) {
  calls += sign * c.calls;
  successful += sign * c.successfulCalls;
  durationMs += sign * scaled(c.duration, kMillis);
  costMicros += sign * scaled(c.cost, kMicros);
  satisfactionMilli += sign * scaled(c.satisfactionSum, kMillis);
  satisfactionCount += sign * c.satisfactionCount;
}

bool DayTotals::zero() const {
  return calls == 0 && successful == 0 && durationMs == 0 && costMicros == 0 && satisfactionMilli == 0 &&
         satisfactionCount == 0;
}

void AnalyticsDelta::add(const std::string& userId, const domain::Contribution& c, int sign) {
  if (c.date.empty()) return;
  days_[{userId, c.date}].add(c, sign);
  if (!c.intent.empty()) intents_[{userId, c.date, c.intent}] += sign * c.calls;
}

void AnalyticsDelta::add(const std::string& userId, const ContributionChange& change) {
  if (change.removed) add(userId, *change.removed, -1);
  if (change.added) add(userId, *change.added, +1);
}

void AnalyticsDays::addDay(std::string date, const DayTotals& t) {
  domain::AnalyticsDay day;
  day.date = std::move(date);
  day.totalCalls = static_cast<long>(t.calls);
  day.successfulCalls = static_cast<long>(t.successful);
  day.totalDuration = static_cast<double>(t.durationMs) / kMillis;
  day.totalCost = static_cast<double>(t.costMicros) / kMicros;
  day.satisfactionSum = static_cast<double>(t.satisfactionMilli) / kMillis;
  day.satisfactionCount = static_cast<long>(t.satisfactionCount);
  indexOfDate_[day.date] = days_.size();
  days_.push_back(std::move(day));
}

void AnalyticsDays::addIntent(const std::string& date, const std::string& intent, std::int64_t count) {
  countsByDate_[date][intent] = static_cast<long>(count);
}

std::vector<domain::AnalyticsDay> AnalyticsDays::take() {
  for (const auto& [date, counts] : countsByDate_) {
    if (auto it = indexOfDate_.find(date); it != indexOfDate_.end()) {
      days_[it->second].topIntents = domain::topIntents(counts, 5);
    }
  }
  return std::move(days_);
}

}  // namespace vm::store
