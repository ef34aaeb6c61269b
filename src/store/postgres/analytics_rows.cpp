#include "store/postgres/analytics_rows.hpp"

#include <cmath>

#include "store/postgres/call_row.hpp"

namespace vm::store::postgres {
namespace {

// The same scaling as the SQLite store, so both give identical numbers for identical calls.
std::int64_t scaled(double value, double unitsPerOne) { return std::llround(value * unitsPerOne); }
constexpr double kMillis = 1000.0;
constexpr double kMicros = 1000000.0;

constexpr const char* kAddDay =
    "INSERT INTO analytics_days AS d (user_id, date, total_calls, successful_calls, total_duration_ms,"
    " total_cost_micros, satisfaction_sum_milli, satisfaction_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT (user_id, date) DO UPDATE SET"
    " total_calls = d.total_calls + excluded.total_calls,"
    " successful_calls = d.successful_calls + excluded.successful_calls,"
    " total_duration_ms = d.total_duration_ms + excluded.total_duration_ms,"
    " total_cost_micros = d.total_cost_micros + excluded.total_cost_micros,"
    " satisfaction_sum_milli = d.satisfaction_sum_milli + excluded.satisfaction_sum_milli,"
    " satisfaction_count = d.satisfaction_count + excluded.satisfaction_count";

constexpr const char* kAddIntent =
    "INSERT INTO analytics_intents AS i (user_id, date, intent, count) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (user_id, date, intent) DO UPDATE SET count = i.count + excluded.count";

}  // namespace

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
  if (c.date.empty()) return;  // a call without any valid timestamp has no day to count in
  days_[{userId, c.date}].add(c, sign);
  if (!c.intent.empty()) intents_[{userId, c.date, c.intent}] += sign * c.calls;
}

void AnalyticsDelta::merge(const AnalyticsDelta& other) {
  for (const auto& [key, t] : other.days_) {
    DayTotals& mine = days_[key];
    mine.calls += t.calls;
    mine.successful += t.successful;
    mine.durationMs += t.durationMs;
    mine.costMicros += t.costMicros;
    mine.satisfactionMilli += t.satisfactionMilli;
    mine.satisfactionCount += t.satisfactionCount;
  }
  for (const auto& [key, count] : other.intents_) intents_[key] += count;
}

void AnalyticsDelta::write(Connection& db) const {
  write([&db](const char* sql, const Params& params) { db.query(sql, params); });
}

void AnalyticsDelta::write(const std::function<void(const char* sql, const Params& params)>& run) const {
  // std::map iterates in key order: the lock order every instance follows.
  for (const auto& [key, t] : days_) {
    if (t.zero()) continue;  // e.g. -old +new of a call whose contribution did not change
    run(kAddDay,
        {param(key.first), param(key.second), param(t.calls), param(t.successful), param(t.durationMs),
         param(t.costMicros), param(t.satisfactionMilli), param(t.satisfactionCount)});
  }
  for (const auto& [key, count] : intents_) {
    if (count == 0) continue;
    run(kAddIntent,
        {param(std::get<0>(key)), param(std::get<1>(key)), param(std::get<2>(key)), param(count)});
  }
}

void rebuildAnalyticsRows(Connection& db, const std::string& userId) {
  db.query("DELETE FROM analytics_intents WHERE $1 = '' OR user_id = $1", {param(userId)});
  db.query("DELETE FROM analytics_days WHERE $1 = '' OR user_id = $1", {param(userId)});
  // The per-call rules live in domain::contributionOf, so the sums are computed here, not in SQL: the same
  // code as the incremental path, hence the same numbers.
  AnalyticsDelta totals;
  Result res =
      db.query("SELECT " VM_PG_CALL_COLUMNS " FROM calls WHERE $1 = '' OR user_id = $1", {param(userId)});
  for (int row = 0; row < res.rows(); ++row) {
    domain::CallRecord call = readCall(res, row);
    if (std::optional<domain::Contribution> c = domain::contributionOf(call)) totals.add(call.userId, *c, +1);
  }
  totals.write(db);
}

std::vector<domain::AnalyticsDay> readAnalytics(Connection& db, const std::string& userId,
                                                const std::string& from, const std::string& to) {
  std::vector<domain::AnalyticsDay> days;
  std::map<std::string, std::size_t> indexOfDate;
  // Rows that fell back to zero calls (every call of the day moved away) are kept but not reported.
  Result res = db.query(
      "SELECT date, total_calls, successful_calls, total_duration_ms, total_cost_micros,"
      " satisfaction_sum_milli, satisfaction_count FROM analytics_days"
      " WHERE user_id = $1 AND date >= $2 AND date <= $3 AND total_calls > 0 ORDER BY date COLLATE \"C\"",
      {param(userId), param(from), param(to)});
  for (int row = 0; row < res.rows(); ++row) {
    domain::AnalyticsDay day;
    day.date = res.text(row, 0);
    day.totalCalls = static_cast<long>(res.integer(row, 1));
    day.successfulCalls = static_cast<long>(res.integer(row, 2));
    day.totalDuration = static_cast<double>(res.integer(row, 3)) / kMillis;
    day.totalCost = static_cast<double>(res.integer(row, 4)) / kMicros;
    day.satisfactionSum = static_cast<double>(res.integer(row, 5)) / kMillis;
    day.satisfactionCount = static_cast<long>(res.integer(row, 6));
    indexOfDate[day.date] = days.size();
    days.push_back(std::move(day));
  }
  std::map<std::string, std::map<std::string, long>> countsByDate;
  Result intents = db.query(
      "SELECT date, intent, count FROM analytics_intents"
      " WHERE user_id = $1 AND date >= $2 AND date <= $3 AND count > 0",
      {param(userId), param(from), param(to)});
  for (int row = 0; row < intents.rows(); ++row) {
    countsByDate[intents.text(row, 0)][intents.text(row, 1)] = static_cast<long>(intents.integer(row, 2));
  }
  for (const auto& [date, counts] : countsByDate) {
    if (auto it = indexOfDate.find(date); it != indexOfDate.end()) {
      days[it->second].topIntents = domain::topIntents(counts, 5);
    }
  }
  return days;
}

}  // namespace vm::store::postgres
