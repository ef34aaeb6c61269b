// Analytics as a sum of contributions: the incremental rows always equal a rebuild from the calls.
#include <random>
#include <vector>

#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

using domain::CallStatus;

void expectSameDays(const std::vector<domain::AnalyticsDay>& a, const std::vector<domain::AnalyticsDay>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(a[i].date);
    EXPECT_EQ(a[i].date, b[i].date);
    EXPECT_EQ(a[i].totalCalls, b[i].totalCalls);
    EXPECT_EQ(a[i].successfulCalls, b[i].successfulCalls);
    // Exact, not approximately equal: the store keeps integer units, so order of events cannot matter.
    EXPECT_EQ(a[i].totalDuration, b[i].totalDuration);
    EXPECT_EQ(a[i].totalCost, b[i].totalCost);
    EXPECT_EQ(a[i].satisfactionSum, b[i].satisfactionSum);
    EXPECT_EQ(a[i].satisfactionCount, b[i].satisfactionCount);
    ASSERT_EQ(a[i].topIntents.size(), b[i].topIntents.size());
    for (std::size_t j = 0; j < a[i].topIntents.size(); ++j) {
      EXPECT_EQ(a[i].topIntents[j].intent, b[i].topIntents[j].intent);
      EXPECT_EQ(a[i].topIntents[j].count, b[i].topIntents[j].count);
    }
  }
}

// A messy history: duplicates, late corrections, moved days, out-of-order status updates.
void applyMessyHistory(Store& store, const std::string& userId, unsigned seed) {
  std::mt19937 rng(seed);
  const char* intents[] = {"hours", "booking", "refund", "complaint", "sales", "other", ""};
  const char* reasons[] = {"customer-ended-call", "customer-did-not-answer",
                           "pipeline-error-openai-llm-failed", "assistant-ended-call"};
  const char* verdicts[] = {"8", "true", "false", "3", ""};
  for (int i = 0; i < 300; ++i) {
    std::string id = "c" + std::to_string(rng() % 120);
    Report r;
    r.startedMs = kDay0 + static_cast<std::int64_t>(rng() % (5 * 24)) * kHour;
    r.endedMs = r.startedMs + static_cast<std::int64_t>(rng() % 600000);
    r.cost = static_cast<double>(rng() % 10000) / 1000.0;
    r.intent = intents[rng() % 7];
    r.endedReason = reasons[rng() % 4];
    std::string verdict = verdicts[rng() % 5];
    r.successEvaluation = verdict.empty() ? std::nullopt : std::optional<std::string>(verdict);
    if (rng() % 3 == 0) {
      store.apply(userId, statusUpdate(id, CallStatus::InProgress, r.startedMs));
    } else {
      store.apply(userId, endOfCallReport(id, r));
    }
  }
}

TEST_P(StoreTest, RebuildGivesTheSameNumbersAsIncremental) {
  auto alice = makeUser("alice");
  auto bob = makeUser("bob");
  applyMessyHistory(*store_, alice.id, 1);
  applyMessyHistory(*store_, bob.id, 2);
  auto aliceIncremental = store_->analytics(alice.id, "2026-01-01", "2026-12-31");
  auto bobIncremental = store_->analytics(bob.id, "2026-01-01", "2026-12-31");
  ASSERT_GE(aliceIncremental.size(), 4u);

  store_->rebuildAnalytics(alice.id);
  expectSameDays(store_->analytics(alice.id, "2026-01-01", "2026-12-31"), aliceIncremental);
  expectSameDays(store_->analytics(bob.id, "2026-01-01", "2026-12-31"), bobIncremental);

  store_->rebuildAnalytics("");  // every user
  expectSameDays(store_->analytics(alice.id, "2026-01-01", "2026-12-31"), aliceIncremental);
  expectSameDays(store_->analytics(bob.id, "2026-01-01", "2026-12-31"), bobIncremental);

  // And the rows match the domain's reference rollup over the stored calls.
  CallQuery all;
  all.limit = 500;
  auto calls = store_->listCalls(alice.id, all).calls;
  auto reference = domain::rollup(calls);
  ASSERT_EQ(reference.size(), aliceIncremental.size());
  for (std::size_t i = 0; i < reference.size(); ++i) {
    EXPECT_EQ(reference[i].totalCalls, aliceIncremental[i].totalCalls);
    EXPECT_NEAR(reference[i].totalCost, aliceIncremental[i].totalCost, 1e-9);
  }
}

TEST_P(StoreTest, AnalyticsRangeIsInclusiveAndTopIntentsAreFive) {
  auto user = makeUser("a");
  const char* intents[] = {"a", "b", "c", "d", "e", "f"};
  int n = 0;
  for (int k = 0; k < 6; ++k) {
    for (int j = 0; j <= k; ++j) {  // intent f is the most frequent, a the least
      Report r;
      r.intent = intents[k];
      store_->apply(user.id, endOfCallReport("c" + std::to_string(n++), r));
    }
  }
  Report nextDay;
  nextDay.startedMs += 24 * kHour;
  nextDay.endedMs += 24 * kHour;
  store_->apply(user.id, endOfCallReport("later", nextDay));

  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, 21);
  ASSERT_EQ(days[0].topIntents.size(), 5u);
  EXPECT_EQ(days[0].topIntents[0].intent, "f");
  EXPECT_EQ(days[0].topIntents[0].count, 6);
  EXPECT_EQ(days[0].topIntents[4].intent, "b");
  EXPECT_EQ(store_->analytics(user.id, "2026-03-01", "2026-03-02").size(), 2u);
  EXPECT_TRUE(store_->analytics(user.id, "2026-03-03", "2026-03-31").empty());
}

// The per-assistant breakdown counts what the day rows count: ended calls in the range, per assistant.
TEST_P(StoreTest, AssistantBreakdownMatchesTheDayRows) {
  auto alice = makeUser("alice");
  auto bob = makeUser("bob");
  applyMessyHistory(*store_, alice.id, 7);
  Report other;
  other.assistantId = "asst-2";
  store_->apply(alice.id, endOfCallReport("only-asst-2", other));
  store_->apply(alice.id,
                statusUpdate("live", CallStatus::InProgress, kDay0 + kHour));  // not ended: not counted
  store_->apply(bob.id, endOfCallReport("bobs"));

  auto days = store_->analytics(alice.id, "2026-03-01", "2026-03-31");
  auto totals = domain::sumDays(days);
  auto breakdown = store_->assistantBreakdown(alice.id, kDay0, kDay0 + 31 * 24 * kHour);
  std::int64_t calls = 0, successful = 0;
  double cost = 0;
  for (const auto& a : breakdown) {
    calls += a.totalCalls;
    successful += a.successfulCalls;
    cost += a.totalCost;
  }
  EXPECT_EQ(calls, totals.totalCalls);
  EXPECT_EQ(successful, totals.successfulCalls);
  EXPECT_NEAR(cost, totals.totalCost, 1e-6);
  ASSERT_GE(breakdown.size(), 2u);
  EXPECT_GE(breakdown[0].totalCalls, breakdown[1].totalCalls);  // most calls first
  // An empty range and another user's calls give nothing.
  EXPECT_TRUE(store_->assistantBreakdown(alice.id, 0, kDay0).empty());
  auto bobs = store_->assistantBreakdown(bob.id, kDay0, kDay0 + 31 * 24 * kHour);
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_EQ(bobs[0].totalCalls, 1);
}

}  // namespace
}  // namespace vm::store::testing
