#include "store/sqlite/analytics_rows.hpp"

#include <cstdint>
#include <optional>

#include "store/core/analytics_delta.hpp"
#include "store/sqlite/call_row.hpp"

namespace vm::store::sqlite {
namespace {

constexpr const char* kAddDay =
    "INSERT INTO analytics_days (user_id, date, total_calls, successful_calls, total_duration_ms,"
    " total_cost_micros, satisfaction_sum_milli, satisfaction_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT(user_id, date) DO UPDATE SET"
    " total_calls = total_calls + excluded.total_calls,"
    " successful_calls = successful_calls + excluded.successful_calls,"
    " total_duration_ms = total_duration_ms + excluded.total_duration_ms,"
    " total_cost_micros = total_cost_micros + excluded.total_cost_micros,"
    " satisfaction_sum_milli = satisfaction_sum_milli + excluded.satisfaction_sum_milli,"
    " satisfaction_count = satisfaction_count + excluded.satisfaction_count";

constexpr const char* kAddIntent =
    "INSERT INTO analytics_intents (user_id, date, intent, count) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT(user_id, date, intent) DO UPDATE SET count = count + excluded.count";

void writeDay(Connection& db, const std::string& userId, const std::string& date, const DayTotals& t) {
  db.prepare(kAddDay)
      .bindText(1, userId)
      .bindText(2, date)
      .bindInt(3, t.calls)
      .bindInt(4, t.successful)
      .bindInt(5, t.durationMs)
      .bindInt(6, t.costMicros)
      .bindInt(7, t.satisfactionMilli)
      .bindInt(8, t.satisfactionCount)
      .run();
}

void writeIntent(Connection& db, const std::string& userId, const std::string& date,
                 const std::string& intent, std::int64_t count) {
  db.prepare(kAddIntent).bindText(1, userId).bindText(2, date).bindText(3, intent).bindInt(4, count).run();
}

}  // namespace

void addContribution(Connection& db, const std::string& userId, const domain::Contribution& c, int sign) {
  if (c.date.empty()) return;  // a call without any valid timestamp has no day to count in
  DayTotals totals;
  totals.add(c, sign);
  writeDay(db, userId, c.date, totals);
  if (!c.intent.empty()) writeIntent(db, userId, c.date, c.intent, sign * c.calls);
}

void rebuildAnalyticsRows(Connection& db, const std::string& userId) {
  db.prepare("DELETE FROM analytics_intents WHERE ?1 = '' OR user_id = ?1").bindText(1, userId).run();
  db.prepare("DELETE FROM analytics_days WHERE ?1 = '' OR user_id = ?1").bindText(1, userId).run();

  // Aggregated in memory (one entry per user-day, small even for millions of calls) with the arithmetic of
  // the incremental path, written once.
  AnalyticsDelta totals;
  {
    auto st = db.prepare("SELECT " VM_CALL_COLUMNS " FROM calls WHERE ?1 = '' OR user_id = ?1");
    st.bindText(1, userId);
    while (st.step()) {
      domain::CallRecord call = readCall(st);
      if (std::optional<domain::Contribution> c = domain::contributionOf(call))
        totals.add(call.userId, *c, +1);
    }
  }
  totals.forEachDay([&db](const std::string& user, const std::string& date, const DayTotals& t) {
    writeDay(db, user, date, t);
  });
  totals.forEachIntent([&db](const std::string& user, const std::string& date, const std::string& intent,
                             std::int64_t count) { writeIntent(db, user, date, intent, count); });
}

std::vector<domain::AnalyticsDay> readAnalytics(Connection& db, const std::string& userId,
                                                const std::string& from, const std::string& to) {
  AnalyticsDays days;
  {
    // Rows that fell back to zero calls (every call of the day moved away) are kept but not reported.
    auto st = db.prepare(
        "SELECT date, total_calls, successful_calls, total_duration_ms, total_cost_micros,"
        " satisfaction_sum_milli, satisfaction_count FROM analytics_days"
        " WHERE user_id = ?1 AND date >= ?2 AND date <= ?3 AND total_calls > 0 ORDER BY date");
    st.bindText(1, userId).bindText(2, from).bindText(3, to);
    while (st.step()) {
      days.addDay(st.columnText(0), {st.columnInt(1), st.columnInt(2), st.columnInt(3), st.columnInt(4),
                                     st.columnInt(5), st.columnInt(6)});
    }
  }
  auto st = db.prepare(
      "SELECT date, intent, count FROM analytics_intents"
      " WHERE user_id = ?1 AND date >= ?2 AND date <= ?3 AND count > 0");
  st.bindText(1, userId).bindText(2, from).bindText(3, to);
  while (st.step()) days.addIntent(st.columnText(0), st.columnText(1), st.columnInt(2));
  return days.take();
}

}  // namespace vm::store::sqlite
