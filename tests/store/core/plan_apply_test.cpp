// planApply: what one call event does to the stored call, without a database.
#include "store/core/plan_apply.hpp"

#include <gtest/gtest.h>

#include "../store_fixture.hpp"
#include "store/errors.hpp"

namespace vm::store::testing {
namespace {

constexpr std::int64_t kNow = 1772400000000;
const domain::MergeRules kRules;

ApplyPlan plan(const std::optional<domain::CallRecord>& existing, const domain::CallEvent& event,
               std::int64_t nowMs = kNow) {
  return planApply(existing, "usr_a", event, kRules, nowMs);
}

TEST(PlanApply, TheFirstEventCreatesTheCallAndCountsAnEndedOne) {
  ApplyPlan p = plan(std::nullopt, endOfCallReport("c1"));
  EXPECT_TRUE(p.created);
  EXPECT_TRUE(p.changed);
  EXPECT_FALSE(p.textChanged);
  EXPECT_EQ(p.merged.callId, "vapi_c1");
  EXPECT_EQ(p.merged.userId, "usr_a");
  EXPECT_EQ(p.merged.updatedAtMs, kNow);
  EXPECT_FALSE(p.analytics.removed);
  ASSERT_TRUE(p.analytics.added);
  EXPECT_EQ(p.analytics.added->date, "2026-03-01");
  EXPECT_EQ(p.analytics.added->calls, 1);
}

TEST(PlanApply, ACallThatHasNotEndedCountsNowhere) {
  ApplyPlan p = plan(std::nullopt, statusUpdate("c1", domain::CallStatus::InProgress, kDay0 + 10 * kHour));
  EXPECT_TRUE(p.created);
  EXPECT_FALSE(p.analytics.removed);
  EXPECT_FALSE(p.analytics.added);
}

TEST(PlanApply, TheSameEventAgainChangesNothing) {
  domain::CallRecord stored = plan(std::nullopt, endOfCallReport("c1")).merged;
  ApplyPlan again = plan(stored, endOfCallReport("c1"), kNow + 5000);
  EXPECT_FALSE(again.created);
  EXPECT_FALSE(again.changed);
  EXPECT_FALSE(again.textChanged);
  EXPECT_FALSE(again.analytics.removed);
  EXPECT_FALSE(again.analytics.added);
  EXPECT_TRUE(sameStoredFields(again.merged, stored));
}

TEST(PlanApply, ACorrectionTakesTheOldContributionOutAndPutsTheNewOneIn) {
  domain::CallRecord stored = plan(std::nullopt, endOfCallReport("c1")).merged;
  Report corrected;
  corrected.cost = 0.5;
  ApplyPlan p = plan(stored, endOfCallReport("c1", corrected), kNow + 1);
  EXPECT_FALSE(p.created);
  EXPECT_TRUE(p.changed);
  EXPECT_FALSE(p.textChanged);  // same transcript and summary: the search entry stays
  EXPECT_EQ(p.merged.updatedAtMs, kNow + 1);
  ASSERT_TRUE(p.analytics.removed);
  ASSERT_TRUE(p.analytics.added);
  EXPECT_DOUBLE_EQ(p.analytics.removed->cost, 0.1);
  EXPECT_DOUBLE_EQ(p.analytics.added->cost, 0.5);
}

TEST(PlanApply, AChangeThatKeepsTheContributionLeavesTheAnalyticsAlone) {
  domain::CallRecord stored = plan(std::nullopt, endOfCallReport("c1")).merged;
  Report reworded;
  reworded.summary = "The caller asked when the shop opens.";
  ApplyPlan p = plan(stored, endOfCallReport("c1", reworded));
  EXPECT_TRUE(p.changed);
  EXPECT_TRUE(p.textChanged);
  EXPECT_FALSE(p.analytics.removed);
  EXPECT_FALSE(p.analytics.added);
}

TEST(PlanApply, ANewTranscriptMakesTheSearchEntryStale) {
  domain::CallRecord stored = plan(std::nullopt, endOfCallReport("c1")).merged;
  Report longer;
  longer.transcript = "AI: Hello\nUser: When are you open on Sunday?\n";
  EXPECT_TRUE(plan(stored, endOfCallReport("c1", longer)).textChanged);
}

TEST(PlanApply, AnEventWithoutUserOrCallIdIsInvalidInput) {
  EXPECT_THROW(planApply(std::nullopt, "", endOfCallReport("c1"), kRules, kNow), InvalidInputError);
  domain::CallEvent noId = endOfCallReport("c1");
  noId.vapiCallId.clear();
  EXPECT_THROW(plan(std::nullopt, noId), InvalidInputError);
}

TEST(PlanApply, TheStoredIdIsTheVapiIdPrefixed) {
  EXPECT_EQ(storedCallId("abc"), "vapi_abc");
  EXPECT_EQ(plan(std::nullopt, endOfCallReport("abc")).merged.callId, storedCallId("abc"));
}

TEST(SameStoredFields, IgnoresOnlyTheUpdateTime) {
  domain::CallRecord a = plan(std::nullopt, endOfCallReport("c1")).merged;
  domain::CallRecord b = a;
  b.updatedAtMs += 1000;
  EXPECT_TRUE(sameStoredFields(a, b));
  b.sourceRank += 1;
  EXPECT_FALSE(sameStoredFields(a, b));
}

}  // namespace
}  // namespace vm::store::testing
