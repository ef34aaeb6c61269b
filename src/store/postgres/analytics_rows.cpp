#include "store/postgres/analytics_rows.hpp"

#include <optional>

#include "store/postgres/call_row.hpp"

namespace vm::store::postgres {
namespace {

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

void writeAnalytics(const AnalyticsDelta& delta,
                    const std::function<void(const char* sql, const Params& params)>& run) {
  delta.forEachDay([&run](const std::string& userId, const std::string& date, const DayTotals& t) {
    run(kAddDay, {param(userId), param(date), param(t.calls), param(t.successful), param(t.durationMs),
                  param(t.costMicros), param(t.satisfactionMilli), param(t.satisfactionCount)});
  });
  delta.forEachIntent([&run](const std::string& userId, const std::string& date, const std::string& intent,
                             std::int64_t count) {
    run(kAddIntent, {param(userId), param(date), param(intent), param(count)});
  });
}

void rebuildAnalyticsRows(Connection& db, const std::string& userId) {
  db.query("DELETE FROM analytics_intents WHERE $1 = '' OR user_id = $1", {param(userId)});
  db.query("DELETE FROM analytics_days WHERE $1 = '' OR user_id = $1", {param(userId)});
  // The per-call rules live in domain::contributionOf, so the sums are computed here, not in SQL: the same
  // code as the incremental path, hence the same numbers.
  AnalyticsDelta totals;
  Result res =
      db.query("SELECT " VM_CALL_COLUMNS " FROM calls WHERE $1 = '' OR user_id = $1", {param(userId)});
  for (int row = 0; row < res.rows(); ++row) {
    domain::CallRecord call = readCall(res, row);
    if (std::optional<domain::Contribution> c = domain::contributionOf(call)) totals.add(call.userId, *c, +1);
  }
  writeAnalytics(totals, [&db](const char* sql, const Params& params) { db.query(sql, params); });
}

std::vector<domain::AnalyticsDay> readAnalytics(Connection& db, const std::string& userId,
                                                const std::string& from, const std::string& to) {
  AnalyticsDays days;
  // Rows that fell back to zero calls (every call of the day moved away) are kept but not reported.
  Result res = db.query(
      "SELECT date, total_calls, successful_calls, total_duration_ms, total_cost_micros,"
      " satisfaction_sum_milli, satisfaction_count FROM analytics_days"
      " WHERE user_id = $1 AND date >= $2 AND date <= $3 AND total_calls > 0 ORDER BY date COLLATE \"C\"",
      {param(userId), param(from), param(to)});
  for (int row = 0; row < res.rows(); ++row) {
    days.addDay(res.text(row, 0), {res.integer(row, 1), res.integer(row, 2), res.integer(row, 3),
                                   res.integer(row, 4), res.integer(row, 5), res.integer(row, 6)});
  }
  Result intents = db.query(
      "SELECT date, intent, count FROM analytics_intents"
      " WHERE user_id = $1 AND date >= $2 AND date <= $3 AND count > 0",
      {param(userId), param(from), param(to)});
  for (int row = 0; row < intents.rows(); ++row) {
    days.addIntent(intents.text(row, 0), intents.text(row, 1), intents.integer(row, 2));
  }
  return days.take();
}

}  // namespace vm::store::postgres
