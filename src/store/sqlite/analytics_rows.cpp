#include "store/sqlite/analytics_rows.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>
#include <utility>

#include "store/sqlite/call_row.hpp"

namespace vm::store::sqlite {
namespace {

// Sums are kept as integers (see migrations.cpp) so that -old +new is exact.
std::int64_t scaled(double value, double unitsPerOne) { return std::llround(value * unitsPerOne); }
constexpr double kMillis = 1000.0;
constexpr double kMicros = 1000000.0;

// One day's totals in stored units.
struct DayTotals {
  std::int64_t calls = 0, successful = 0, durationMs = 0, costMicros = 0, satisfactionMilli = 0,
               satisfactionCount = 0;

  void add(const domain::Contribution& c, int sign) {
    calls += sign * c.calls;
    successful += sign * c.successfulCalls;
    durationMs += sign * scaled(c.duration, kMillis);
    costMicros += sign * scaled(c.cost, kMicros);
    satisfactionMilli += sign * scaled(c.satisfactionSum, kMillis);
    satisfactionCount += sign * c.satisfactionCount;
  }
};

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

  // Aggregated in memory (one entry per user-day, small even for millions of calls), written once.
  std::map<std::pair<std::string, std::string>, DayTotals> days;
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> intents;
  {
    auto st = db.prepare("SELECT " VM_CALL_COLUMNS " FROM calls WHERE ?1 = '' OR user_id = ?1");
    st.bindText(1, userId);
    while (st.step()) {
      domain::CallRecord call = readCall(st);
      std::optional<domain::Contribution> c = domain::contributionOf(call);
      if (!c || c->date.empty()) continue;
      days[{call.userId, c->date}].add(*c, +1);
      if (!c->intent.empty()) intents[{call.userId, c->date, c->intent}] += c->calls;
    }
  }
  for (const auto& [key, totals] : days) writeDay(db, key.first, key.second, totals);
  for (const auto& [key, count] : intents)
    writeIntent(db, std::get<0>(key), std::get<1>(key), std::get<2>(key), count);
}

std::vector<domain::AnalyticsDay> readAnalytics(Connection& db, const std::string& userId,
                                                const std::string& from, const std::string& to) {
  std::vector<domain::AnalyticsDay> days;
  std::map<std::string, std::size_t> indexOfDate;
  {
    // Rows that fell back to zero calls (every call of the day moved away) are kept but not reported.
    auto st = db.prepare(
        "SELECT date, total_calls, successful_calls, total_duration_ms, total_cost_micros,"
        " satisfaction_sum_milli, satisfaction_count FROM analytics_days"
        " WHERE user_id = ?1 AND date >= ?2 AND date <= ?3 AND total_calls > 0 ORDER BY date");
    st.bindText(1, userId).bindText(2, from).bindText(3, to);
    while (st.step()) {
      domain::AnalyticsDay day;
      day.date = st.columnText(0);
      day.totalCalls = static_cast<long>(st.columnInt(1));
      day.successfulCalls = static_cast<long>(st.columnInt(2));
      day.totalDuration = static_cast<double>(st.columnInt(3)) / kMillis;
      day.totalCost = static_cast<double>(st.columnInt(4)) / kMicros;
      day.satisfactionSum = static_cast<double>(st.columnInt(5)) / kMillis;
      day.satisfactionCount = static_cast<long>(st.columnInt(6));
      indexOfDate[day.date] = days.size();
      days.push_back(std::move(day));
    }
  }
  std::map<std::string, std::map<std::string, long>> countsByDate;
  {
    auto st = db.prepare(
        "SELECT date, intent, count FROM analytics_intents"
        " WHERE user_id = ?1 AND date >= ?2 AND date <= ?3 AND count > 0");
    st.bindText(1, userId).bindText(2, from).bindText(3, to);
    while (st.step()) countsByDate[st.columnText(0)][st.columnText(1)] = static_cast<long>(st.columnInt(2));
  }
  for (const auto& [date, counts] : countsByDate) {
    if (auto it = indexOfDate.find(date); it != indexOfDate.end()) {
      days[it->second].topIntents = domain::topIntents(counts, 5);
    }
  }
  return days;
}

}  // namespace vm::store::sqlite
