// The analytics arithmetic both backends share: exact sums in stored units, collected in key order.
#include "store/core/analytics_delta.hpp"

#include <gtest/gtest.h>

#include <tuple>
#include <vector>

namespace vm::store {
namespace {

domain::Contribution contribution(const std::string& date, double cost, const std::string& intent = "hours") {
  domain::Contribution c;
  c.date = date;
  c.calls = 1;
  c.successfulCalls = 1;
  c.duration = 60.0015;
  c.cost = cost;
  c.satisfactionSum = 8;
  c.satisfactionCount = 1;
  c.intent = intent;
  return c;
}

std::vector<std::tuple<std::string, std::string, DayTotals>> daysOf(const AnalyticsDelta& delta) {
  std::vector<std::tuple<std::string, std::string, DayTotals>> days;
  delta.forEachDay([&](const std::string& user, const std::string& date, const DayTotals& t) {
    days.emplace_back(user, date, t);
  });
  return days;
}

TEST(AnalyticsDelta, SumsInStoredUnits) {
  AnalyticsDelta delta;
  delta.add("usr_a", contribution("2026-03-01", 0.1), +1);
  delta.add("usr_a", contribution("2026-03-01", 0.2), +1);
  auto days = daysOf(delta);
  ASSERT_EQ(days.size(), 1u);
  const DayTotals& t = std::get<2>(days[0]);
  EXPECT_EQ(t.calls, 2);
  EXPECT_EQ(t.successful, 2);
  EXPECT_EQ(t.durationMs, 2 * 60002);  // 60.0015 s rounds to 60002 ms, per call
  EXPECT_EQ(t.costMicros, 300000);
  EXPECT_EQ(t.satisfactionMilli, 16000);
  EXPECT_EQ(t.satisfactionCount, 2);
}

TEST(AnalyticsDelta, TakingOutWhatWasPutInLeavesNothingToWrite) {
  AnalyticsDelta delta;
  delta.add("usr_a", contribution("2026-03-01", 0.1), +1);
  delta.add("usr_a", contribution("2026-03-01", 0.1), -1);
  EXPECT_TRUE(daysOf(delta).empty());
  int intents = 0;
  delta.forEachIntent([&](const auto&...) { ++intents; });
  EXPECT_EQ(intents, 0);
}

TEST(AnalyticsDelta, AChangeMovesACallFromOneDayToAnother) {
  AnalyticsDelta delta;
  delta.add("usr_a", ContributionChange{contribution("2026-03-02", 0.1), contribution("2026-03-01", 0.1)});
  auto days = daysOf(delta);
  ASSERT_EQ(days.size(), 2u);  // in key order
  EXPECT_EQ(std::get<1>(days[0]), "2026-03-01");
  EXPECT_EQ(std::get<2>(days[0]).calls, 1);
  EXPECT_EQ(std::get<1>(days[1]), "2026-03-02");
  EXPECT_EQ(std::get<2>(days[1]).calls, -1);
}

TEST(AnalyticsDelta, ACallWithoutADayCountsNowhere) {
  AnalyticsDelta delta;
  delta.add("usr_a", contribution("", 0.1), +1);
  EXPECT_TRUE(delta.empty());
}

TEST(AnalyticsDelta, KeysAreOrderedByUserThenDayThenIntent) {
  AnalyticsDelta delta;
  delta.add("usr_b", contribution("2026-03-01", 0.1, "sales"), +1);
  delta.add("usr_a", contribution("2026-03-02", 0.1, "hours"), +1);
  delta.add("usr_a", contribution("2026-03-02", 0.1, "billing"), +1);
  std::vector<std::string> order;
  delta.forEachIntent(
      [&](const std::string& user, const std::string& date, const std::string& intent, std::int64_t count) {
        order.push_back(user + "/" + date + "/" + intent + "=" + std::to_string(count));
      });
  EXPECT_EQ(order, (std::vector<std::string>{"usr_a/2026-03-02/billing=1", "usr_a/2026-03-02/hours=1",
                                             "usr_b/2026-03-01/sales=1"}));
}

TEST(AnalyticsDays, TurnsStoredRowsIntoReportedDaysWithTheirTopIntents) {
  AnalyticsDays days;
  days.addDay("2026-03-01", {2, 1, 120500, 250000, 15500, 2});
  days.addDay("2026-03-02", {1, 0, 1000, 1, 0, 0});
  days.addIntent("2026-03-01", "hours", 1);
  days.addIntent("2026-03-01", "billing", 2);
  days.addIntent("2026-02-28", "ghost", 9);  // no such day row: ignored
  std::vector<domain::AnalyticsDay> out = days.take();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].date, "2026-03-01");
  EXPECT_EQ(out[0].totalCalls, 2);
  EXPECT_EQ(out[0].successfulCalls, 1);
  EXPECT_DOUBLE_EQ(out[0].totalDuration, 120.5);
  EXPECT_DOUBLE_EQ(out[0].totalCost, 0.25);
  EXPECT_DOUBLE_EQ(out[0].satisfactionSum, 15.5);
  EXPECT_EQ(out[0].satisfactionCount, 2);
  ASSERT_EQ(out[0].topIntents.size(), 2u);
  EXPECT_EQ(out[0].topIntents[0].intent, "billing");
  EXPECT_EQ(out[0].topIntents[0].count, 2);
  EXPECT_DOUBLE_EQ(out[1].totalCost, 0.000001);
  EXPECT_TRUE(out[1].topIntents.empty());
}

}  // namespace
}  // namespace vm::store
