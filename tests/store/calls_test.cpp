// The one write path: merging events into calls, and reading them back per user.
#include <algorithm>
#include <set>
#include <vector>

#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

using domain::CallStatus;

TEST_P(StoreTest, StatusUpdateThenReportIsOneRowCountedOnce) {
  auto user = makeUser("a");
  ApplyResult first = store_->apply(user.id, statusUpdate("c1", CallStatus::InProgress, kDay0 + 10 * kHour));
  EXPECT_TRUE(first.created);
  EXPECT_TRUE(first.changed);
  EXPECT_EQ(first.call.outcome, "in-progress");
  EXPECT_TRUE(store_->analytics(user.id, "2026-03-01", "2026-03-01").empty());  // not ended: counts nowhere

  ApplyResult second = store_->apply(user.id, endOfCallReport("c1"));
  EXPECT_FALSE(second.created);
  EXPECT_TRUE(second.changed);
  EXPECT_EQ(second.call.status, CallStatus::Ended);
  EXPECT_EQ(second.call.callerPhone, "+15550100");  // kept from the status update

  EXPECT_EQ(store_->countCalls(user.id), 1);
  auto call = store_->getCall(user.id, "vapi_c1");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->outcome, "completed");
  EXPECT_DOUBLE_EQ(call->cost, 0.1);
  EXPECT_EQ(call->intent, "hours");
  EXPECT_EQ(call->rawReportJson, R"({"message":{"type":"end-of-call-report"}})");
  EXPECT_GT(call->updatedAtMs, 0);

  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].date, "2026-03-01");
  EXPECT_EQ(days[0].totalCalls, 1);
  EXPECT_EQ(days[0].successfulCalls, 1);
  EXPECT_DOUBLE_EQ(days[0].totalCost, 0.1);
  EXPECT_DOUBLE_EQ(days[0].totalDuration, 60);
  EXPECT_EQ(days[0].satisfactionCount, 1);
  EXPECT_DOUBLE_EQ(days[0].satisfactionSum, 8);
  ASSERT_EQ(days[0].topIntents.size(), 1u);
  EXPECT_EQ(days[0].topIntents[0].intent, "hours");
  EXPECT_EQ(days[0].topIntents[0].count, 1);
}

TEST_P(StoreTest, SameReportTwiceIsCountedOnce) {
  auto user = makeUser("a");
  EXPECT_TRUE(store_->apply(user.id, endOfCallReport("c1")).changed);
  ApplyResult again = store_->apply(user.id, endOfCallReport("c1"));
  EXPECT_FALSE(again.changed);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.call.status, CallStatus::Ended);
  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, 1);
  EXPECT_DOUBLE_EQ(days[0].totalCost, 0.1);
  EXPECT_EQ(days[0].topIntents.at(0).count, 1);
}

TEST_P(StoreTest, LateRicherReportUpdatesAnalyticsExactly) {
  auto user = makeUser("a");
  Report cheap;
  cheap.cost = 0.1;
  store_->apply(user.id, endOfCallReport("c1", cheap));
  Report other;
  other.cost = 0.07;
  store_->apply(user.id, endOfCallReport("c2", other));
  Report corrected = cheap;
  corrected.cost = 0.25;
  corrected.intent = "booking";
  EXPECT_TRUE(store_->apply(user.id, endOfCallReport("c1", corrected)).changed);

  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, 2);
  EXPECT_DOUBLE_EQ(days[0].totalCost, 0.32);
  ASSERT_EQ(days[0].topIntents.size(), 2u);  // "hours" of c1 was taken out, "booking" put in
  EXPECT_EQ(days[0].topIntents[0].intent, "booking");
  EXPECT_EQ(days[0].topIntents[1].intent, "hours");
  EXPECT_EQ(days[0].topIntents[1].count, 1);
}

TEST_P(StoreTest, CallMovingToAnotherDayMovesItsContribution) {
  auto user = makeUser("a");
  Report late;
  late.startedMs = kDay0 + 23 * kHour + 50 * 60000;
  late.endedMs = kDay0 + 23 * kHour + 59 * 60000;
  store_->apply(user.id, endOfCallReport("c1", late));
  store_->apply(user.id, endOfCallReport("c2"));  // keeps day 1 alive
  Report moved = late;
  moved.endedMs = kDay0 + 24 * kHour + 60000;  // 00:01 the next day
  moved.cost = 0.3;
  store_->apply(user.id, endOfCallReport("c1", moved));

  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-02");
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].date, "2026-03-01");
  EXPECT_EQ(days[0].totalCalls, 1);
  EXPECT_DOUBLE_EQ(days[0].totalCost, 0.1);
  EXPECT_EQ(days[1].date, "2026-03-02");
  EXPECT_EQ(days[1].totalCalls, 1);
  EXPECT_DOUBLE_EQ(days[1].totalCost, 0.3);

  // Moving the only call of a day away leaves no day row in the answer.
  Report back = moved;
  back.endedMs = kDay0 + 12 * kHour;
  back.startedMs = kDay0 + 11 * kHour;
  store_->apply(user.id, endOfCallReport("c1", back));
  days = store_->analytics(user.id, "2026-03-01", "2026-03-02");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, 2);
}

TEST_P(StoreTest, ReportBeforeStatusUpdateStaysEnded) {
  auto user = makeUser("a");
  store_->apply(user.id, endOfCallReport("c1"));
  ApplyResult late = store_->apply(user.id, statusUpdate("c1", CallStatus::InProgress, kDay0 + 10 * kHour));
  EXPECT_EQ(late.call.status, CallStatus::Ended);
  auto call = store_->getCall(user.id, "vapi_c1");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->status, CallStatus::Ended);
  EXPECT_EQ(call->outcome, "completed");
  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, 1);
}

TEST_P(StoreTest, UsersNeverSeeEachOthersCalls) {
  auto alice = makeUser("alice");
  auto bob = makeUser("bob");
  // The same VAPI call id under two users is two different calls.
  Report a;
  a.cost = 1.5;
  store_->apply(alice.id, endOfCallReport("shared", a));
  store_->apply(alice.id, endOfCallReport("only-alice"));
  Report b;
  b.cost = 2.5;
  b.summary = "Bob's caller wanted a refund";
  store_->apply(bob.id, endOfCallReport("shared", b));

  EXPECT_EQ(store_->countCalls(alice.id), 2);
  EXPECT_EQ(store_->countCalls(bob.id), 1);
  EXPECT_FALSE(store_->getCall(bob.id, "vapi_only-alice"));
  EXPECT_DOUBLE_EQ(store_->getCall(bob.id, "vapi_shared")->cost, 2.5);
  EXPECT_DOUBLE_EQ(store_->getCall(alice.id, "vapi_shared")->cost, 1.5);

  auto bobsPage = store_->listCalls(bob.id, {});
  ASSERT_EQ(bobsPage.calls.size(), 1u);
  EXPECT_EQ(bobsPage.calls[0].userId, bob.id);
  EXPECT_EQ(store_->listCalls(alice.id, {}).calls.size(), 2u);

  CallQuery refund;
  refund.search = "refund";
  EXPECT_TRUE(store_->listCalls(alice.id, refund).calls.empty());
  EXPECT_EQ(store_->listCalls(bob.id, refund).calls.size(), 1u);

  auto aliceDays = store_->analytics(alice.id, "2026-01-01", "2026-12-31");
  auto bobDays = store_->analytics(bob.id, "2026-01-01", "2026-12-31");
  ASSERT_EQ(aliceDays.size(), 1u);
  ASSERT_EQ(bobDays.size(), 1u);
  EXPECT_EQ(aliceDays[0].totalCalls, 2);
  EXPECT_DOUBLE_EQ(aliceDays[0].totalCost, 1.6);
  EXPECT_EQ(bobDays[0].totalCalls, 1);
  EXPECT_DOUBLE_EQ(bobDays[0].totalCost, 2.5);
}

TEST_P(StoreTest, EventWithoutCallIdFailsAloneAndStoresNothing) {
  auto user = makeUser("a");
  domain::CallEvent bad = endOfCallReport("");
  EXPECT_ANY_THROW(store_->apply(user.id, bad));
  EXPECT_EQ(store_->countCalls(user.id), 0);
  EXPECT_TRUE(store_->apply(user.id, endOfCallReport("ok")).created);
}

TEST_P(StoreTest, ApplyForUnknownUserFails) {
  EXPECT_ANY_THROW(store_->apply(prefix_ + "nobody", endOfCallReport("c1")));
  EXPECT_EQ(store_->countCalls(prefix_ + "nobody"), 0);
}

TEST_P(StoreTest, ReopeningKeepsEverything) {
  auto user = makeUser("a");
  for (int i = 0; i < 20; ++i) store_->apply(user.id, endOfCallReport("c" + std::to_string(i)));
  SyncState state;
  state.syncType = "calls";
  state.syncStatus = "success";
  state.cursor = "page-3";
  store_->saveSyncState(user.id, state);
  auto before = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  store_->close();
  store_->close();  // idempotent
  store_.reset();

  store_ = open();  // migrations run again and find nothing to do
  EXPECT_EQ(store_->countCalls(user.id), 20);
  EXPECT_TRUE(store_->userByHookId(user.hookId));
  auto after = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].totalCalls, before.at(0).totalCalls);
  EXPECT_DOUBLE_EQ(after[0].totalCost, before.at(0).totalCost);
  ASSERT_EQ(store_->syncStates(user.id).size(), 1u);
  EXPECT_EQ(store_->syncStates(user.id)[0].cursor, "page-3");
  CallQuery q;
  q.search = "opening";
  EXPECT_EQ(store_->listCalls(user.id, q).calls.size(), 20u);
}

TEST_P(StoreTest, ClosedStoreRefusesWritesAndReportsUnhealthy) {
  auto user = makeUser("a");
  EXPECT_TRUE(store_->healthy());
  store_->close();
  EXPECT_FALSE(store_->healthy());
  bool called = false;
  store_->applyAsync(user.id, endOfCallReport("c1"),
                     [&](std::exception_ptr error, const ApplyResult* result) {
                       called = true;
                       EXPECT_TRUE(error);
                       EXPECT_EQ(result, nullptr);
                     });
  EXPECT_TRUE(called);
}

}  // namespace
}  // namespace vm::store::testing
