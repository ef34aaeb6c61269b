#include "domain/analytics.hpp"

#include <gtest/gtest.h>

namespace vm::domain {
namespace {

CallRecord endedCall(std::string endedAt, bool successful, double duration, double cost,
                     std::optional<double> satisfaction, std::string intent) {
  CallRecord c;
  c.status = CallStatus::Ended;
  c.endedAt = std::move(endedAt);
  c.successful = successful;
  c.duration = duration;
  c.cost = cost;
  c.satisfaction = satisfaction;
  c.intent = std::move(intent);
  return c;
}

TEST(CallDay, UtcDateOfTheFirstValidTimestamp) {
  CallRecord c;
  EXPECT_EQ(callDay(c), "");
  c.createdAt = "2026-03-01T23:59:00.000Z";
  EXPECT_EQ(callDay(c), "2026-03-01");
  c.startedAt = "2026-03-02T00:00:01.000Z";
  EXPECT_EQ(callDay(c), "2026-03-02");
  c.endedAt = "garbage";  // invalid: skipped
  EXPECT_EQ(callDay(c), "2026-03-02");
  c.endedAt = "2026-03-02T23:30:00-02:00";  // still normalized to UTC
  EXPECT_EQ(callDay(c), "2026-03-03");
}

TEST(Contribution, OnlyEndedCallsCount) {
  CallRecord c;
  c.status = CallStatus::InProgress;
  c.startedAt = "2026-03-02T17:00:00.000Z";
  EXPECT_EQ(contributionOf(c), std::nullopt);
  c.status = CallStatus::Forwarding;
  EXPECT_EQ(contributionOf(c), std::nullopt);
}

TEST(Contribution, FieldsOfAnEndedCall) {
  auto c = contributionOf(endedCall("2026-03-02T17:05:16.251Z", true, 22.763, 0.0498, 8.0, "reschedule"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->date, "2026-03-02");
  EXPECT_EQ(c->calls, 1);
  EXPECT_EQ(c->successfulCalls, 1);
  EXPECT_DOUBLE_EQ(c->duration, 22.763);
  EXPECT_DOUBLE_EQ(c->cost, 0.0498);
  EXPECT_DOUBLE_EQ(c->satisfactionSum, 8.0);
  EXPECT_EQ(c->satisfactionCount, 1);
  EXPECT_EQ(c->intent, "reschedule");

  auto unscored = contributionOf(endedCall("2026-03-02T17:05:16.251Z", false, 1, 0, std::nullopt, ""));
  ASSERT_TRUE(unscored);
  EXPECT_EQ(unscored->successfulCalls, 0);
  EXPECT_EQ(unscored->satisfactionCount, 0);
  EXPECT_EQ(unscored->satisfactionSum, 0);
}

TEST(Contribution, EndedCallWithoutTimestampHasNoDay) {
  auto c = contributionOf(endedCall("", true, 1, 1, std::nullopt, ""));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->date, "");  // the store skips it; so does rollup
  EXPECT_TRUE(rollup({endedCall("", true, 1, 1, std::nullopt, "")}).empty());
}

TEST(TopIntents, SortedByCountThenName) {
  const auto top = topIntents(
      {{"billing", 3}, {"reschedule", 5}, {"cancel", 3}, {"hours", 1}, {"", 9}, {"gone", 0}, {"neg", -1}}, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].intent, "reschedule");
  EXPECT_EQ(top[0].count, 5);
  EXPECT_EQ(top[1].intent, "billing");
  EXPECT_EQ(top[2].intent, "cancel");
  EXPECT_EQ(topIntents({{"a", 1}}, 0).size(), 0u);
  EXPECT_EQ(topIntents({}, 5).size(), 0u);
}

TEST(Rollup, GroupsByUtcDaySorted) {
  std::vector<CallRecord> calls = {
      endedCall("2026-03-02T10:00:00.000Z", true, 10, 0.1, 8.0, "reschedule"),
      endedCall("2026-03-01T10:00:00.000Z", false, 20, 0.2, std::nullopt, "billing"),
      endedCall("2026-03-02T23:00:00.000Z", true, 30, 0.3, 6.0, "reschedule"),
      endedCall("2026-03-02T11:00:00.000Z", false, 5, 0.05, std::nullopt, "billing"),
  };
  CallRecord live;
  live.status = CallStatus::InProgress;
  live.startedAt = "2026-03-02T12:00:00.000Z";
  calls.push_back(live);

  const auto days = rollup(calls);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].date, "2026-03-01");
  EXPECT_EQ(days[0].totalCalls, 1);
  EXPECT_EQ(days[0].successfulCalls, 0);
  EXPECT_EQ(days[0].satisfactionScore(), std::nullopt);
  EXPECT_EQ(days[1].date, "2026-03-02");
  EXPECT_EQ(days[1].totalCalls, 3);
  EXPECT_EQ(days[1].successfulCalls, 2);
  EXPECT_DOUBLE_EQ(days[1].totalDuration, 45);
  EXPECT_DOUBLE_EQ(days[1].averageDuration(), 15);
  EXPECT_NEAR(days[1].totalCost, 0.45, 1e-12);
  EXPECT_EQ(days[1].satisfactionCount, 2);
  EXPECT_DOUBLE_EQ(*days[1].satisfactionScore(), 7.0);
  ASSERT_EQ(days[1].topIntents.size(), 2u);
  EXPECT_EQ(days[1].topIntents[0].intent, "reschedule");
  EXPECT_EQ(days[1].topIntents[0].count, 2);
  EXPECT_EQ(days[1].topIntents[1].intent, "billing");
  EXPECT_EQ(days[1].topIntents[1].count, 1);
}

TEST(Rollup, TopNLimitsIntentsPerDay) {
  std::vector<CallRecord> calls;
  for (const char* i : {"a", "b", "c", "c"})
    calls.push_back(endedCall("2026-03-02T10:00:00Z", true, 1, 0, {}, i));
  const auto days = rollup(calls, 2);
  ASSERT_EQ(days.size(), 1u);
  ASSERT_EQ(days[0].topIntents.size(), 2u);
  EXPECT_EQ(days[0].topIntents[0].intent, "c");
  EXPECT_EQ(days[0].topIntents[1].intent, "a");
}

TEST(SumDays, RangeTotals) {
  std::vector<CallRecord> calls = {
      endedCall("2026-03-01T10:00:00.000Z", true, 10, 0.1, 8.0, "billing"),
      endedCall("2026-03-02T10:00:00.000Z", true, 20, 0.2, 4.0, "reschedule"),
      endedCall("2026-03-02T11:00:00.000Z", false, 30, 0.3, std::nullopt, "billing"),
  };
  const auto total = sumDays(rollup(calls));
  EXPECT_EQ(total.date, "");
  EXPECT_EQ(total.totalCalls, 3);
  EXPECT_EQ(total.successfulCalls, 2);
  EXPECT_DOUBLE_EQ(total.totalDuration, 60);
  EXPECT_DOUBLE_EQ(total.averageDuration(), 20);
  EXPECT_NEAR(total.totalCost, 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(*total.satisfactionScore(), 6.0);
  ASSERT_EQ(total.topIntents.size(), 2u);
  EXPECT_EQ(total.topIntents[0].intent, "billing");
  EXPECT_EQ(total.topIntents[0].count, 2);
  EXPECT_EQ(sumDays(rollup(calls), 1).topIntents.size(), 1u);

  const auto none = sumDays({});
  EXPECT_EQ(none.totalCalls, 0);
  EXPECT_EQ(none.averageDuration(), 0);
  EXPECT_EQ(none.satisfactionScore(), std::nullopt);
}

TEST(Contribution, SubtractAndAddKeepsRowsExact) {
  // What the store does when a call changes: subtract the old contribution, add the new one.
  auto before = endedCall("2026-03-01T23:59:00.000Z", false, 10, 0, std::nullopt, "");
  auto after = endedCall("2026-03-02T00:01:00.000Z", true, 12, 0.5, 9.0, "billing");  // day moved
  auto a = *contributionOf(before), b = *contributionOf(after);
  EXPECT_NE(a.date, b.date);
  const auto days = rollup({after});
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].date, b.date);
  EXPECT_EQ(days[0].totalCalls, b.calls);
  EXPECT_DOUBLE_EQ(days[0].totalCost, b.cost);
}

}  // namespace
}  // namespace vm::domain
