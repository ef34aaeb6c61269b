// What a group commit must keep when it applies a whole batch at once: events of one call merge in arrival
// order, an event the database rejects fails alone, and two writers on one database (two instances) store
// each call once and count it once. A gate holds the writer thread so that the events under test are all
// queued before it takes them: they form one batch.
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

using domain::CallStatus;

// Holds a store's writer inside the callback of an event of `gateUserId` until open(). The state is shared
// with the callback, which may still be unwinding when the gate is gone.
class WriterGate {
 public:
  WriterGate(Store& store, const std::string& gateUserId) : state_(std::make_shared<State>()) {
    store.applyAsync(gateUserId, endOfCallReport("gate"),
                     [state = state_](std::exception_ptr, const ApplyResult*) {
                       std::unique_lock lock(state->mutex);
                       state->entered = true;
                       state->cv.notify_all();
                       state->cv.wait(lock, [&] { return state->opened; });
                     });
    std::unique_lock lock(state_->mutex);
    state_->cv.wait(lock, [this] { return state_->entered; });
  }
  ~WriterGate() { open(); }
  void open() {
    std::lock_guard lock(state_->mutex);
    state_->opened = true;
    state_->cv.notify_all();
  }

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable cv;
    bool entered = false, opened = false;
  };
  std::shared_ptr<State> state_;
};

// The answers of applyAsync, by the index of the event.
class Answers {
 public:
  explicit Answers(std::size_t n) : errors_(n), results_(n) {}
  ApplyCallback slot(std::size_t i) {
    return [this, i](std::exception_ptr error, const ApplyResult* result) {
      std::lock_guard lock(mutex_);
      errors_[i] = error;
      if (result) results_[i] = *result;
      ++answered_;
      cv_.notify_all();
    };
  }
  bool waitAll() {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [this] { return answered_ == errors_.size(); });
  }
  std::exception_ptr error(std::size_t i) const { return errors_[i]; }
  const std::optional<ApplyResult>& result(std::size_t i) const { return results_[i]; }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::size_t answered_ = 0;
  std::vector<std::exception_ptr> errors_;
  std::vector<std::optional<ApplyResult>> results_;
};

Report withCost(double cost) {
  Report r;
  r.cost = cost;
  return r;
}

TEST_P(StoreTest, EventsOfOneCallInOneBatchMergeInArrivalOrder) {
  auto user = makeUser("a");
  auto gateUser = makeUser("gate");
  constexpr int kCalls = 20;
  // Per call: a status update, the report, a late status update (changes nothing once ended), a second
  // report with the final cost (equal rank: the later one wins).
  Answers answers(kCalls * 4);
  std::uint64_t commitsBefore = 0;
  {
    WriterGate gate(*store_, gateUser.id);
    commitsBefore = store_->commitCount();
    for (int c = 0; c < kCalls; ++c) {
      const std::string id = "c" + std::to_string(c);
      store_->applyAsync(user.id, statusUpdate(id, CallStatus::InProgress, kDay0), answers.slot(4 * c));
      store_->applyAsync(user.id, endOfCallReport(id, withCost(0.1)), answers.slot(4 * c + 1));
      store_->applyAsync(user.id, statusUpdate(id, CallStatus::InProgress, kDay0), answers.slot(4 * c + 2));
      store_->applyAsync(user.id, endOfCallReport(id, withCost(0.3)), answers.slot(4 * c + 3));
    }
  }
  ASSERT_TRUE(answers.waitAll());
  EXPECT_EQ(store_->commitCount() - commitsBefore, 1u);  // one batch

  for (int c = 0; c < kCalls; ++c) {
    for (int e = 0; e < 4; ++e) ASSERT_FALSE(answers.error(4 * c + e)) << "call " << c << " event " << e;
    const ApplyResult& first = *answers.result(4 * c);
    EXPECT_TRUE(first.created);
    EXPECT_TRUE(first.changed);
    EXPECT_EQ(first.call.status, CallStatus::InProgress);
    const ApplyResult& report = *answers.result(4 * c + 1);
    EXPECT_FALSE(report.created);
    EXPECT_TRUE(report.changed);
    EXPECT_EQ(report.call.callerPhone, "+15550100");  // kept from the status update before it
    EXPECT_DOUBLE_EQ(report.call.cost, 0.1);
    const ApplyResult& late = *answers.result(4 * c + 2);
    EXPECT_FALSE(late.created);
    EXPECT_FALSE(late.changed);
    EXPECT_EQ(late.call.status, CallStatus::Ended);
    const ApplyResult& last = *answers.result(4 * c + 3);
    EXPECT_TRUE(last.changed);
    EXPECT_DOUBLE_EQ(last.call.cost, 0.3);

    auto stored = store_->getCall(user.id, "vapi_c" + std::to_string(c));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, CallStatus::Ended);
    EXPECT_DOUBLE_EQ(stored->cost, 0.3);
    EXPECT_EQ(stored->callerPhone, "+15550100");
  }
  EXPECT_EQ(store_->countCalls(user.id), kCalls);
  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, kCalls);
  EXPECT_NEAR(days[0].totalCost, kCalls * 0.3, 1e-9);
  ASSERT_EQ(days[0].topIntents.size(), 1u);
  EXPECT_EQ(days[0].topIntents[0].count, kCalls);
}

TEST_P(StoreTest, AnEventTheDatabaseRejectsFailsAloneInItsBatch) {
  auto user = makeUser("a");
  auto gateUser = makeUser("gate");
  // Among good events, one of a user that does not exist: the calls table's foreign key rejects it, in
  // SQL, after events before it were written in the same transaction.
  constexpr int kEvents = 30;
  constexpr int kBad = kEvents;  // its answer's index; queued after the eighth good event
  Answers answers(kEvents + 1);
  {
    WriterGate gate(*store_, gateUser.id);
    for (int i = 0; i < kEvents; ++i) {
      // Two events per call, so a second run of the batch must merge them again from scratch.
      const std::string id = "c" + std::to_string(i / 2);
      domain::CallEvent ev = i % 2 ? endOfCallReport(id) : statusUpdate(id, CallStatus::InProgress, kDay0);
      store_->applyAsync(user.id, std::move(ev), answers.slot(i));
      if (i == 7) store_->applyAsync(prefix_ + "nobody", endOfCallReport("c-bad"), answers.slot(kBad));
    }
  }
  ASSERT_TRUE(answers.waitAll());
  EXPECT_TRUE(answers.error(kBad));
  for (int i = 0; i < kEvents; ++i) {
    ASSERT_FALSE(answers.error(i)) << "event " << i;
    EXPECT_EQ(answers.result(i)->created, i % 2 == 0) << "event " << i;
    EXPECT_TRUE(answers.result(i)->changed) << "event " << i;
  }
  EXPECT_EQ(store_->countCalls(user.id), kEvents / 2);
  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, kEvents / 2);
  EXPECT_NEAR(days[0].totalCost, kEvents / 2 * 0.1, 1e-9);
}

// One tenant's event with a call id far beyond any VAPI id (9,000 bytes: PostgreSQL's notification
// payload limit is 8,000) among another tenant's good events. The store refuses it, alone: the batch-mates
// commit and are answered as if it had not been there.
TEST_P(StoreTest, AnOverlongCallIdFailsAloneNotItsBatchMates) {
  auto victim = makeUser("victim");
  auto attacker = makeUser("attacker");
  auto gateUser = makeUser("gate");
  constexpr int kEvents = 20;
  constexpr int kPoisoned = kEvents;  // its answer's index
  Answers answers(kEvents + 1);
  {
    WriterGate gate(*store_, gateUser.id);
    for (int i = 0; i < kEvents; ++i) {
      store_->applyAsync(victim.id, endOfCallReport("c" + std::to_string(i)), answers.slot(i));
      if (i == 5)
        store_->applyAsync(attacker.id, endOfCallReport(std::string(9000, 'x')), answers.slot(kPoisoned));
    }
  }
  ASSERT_TRUE(answers.waitAll());
  EXPECT_TRUE(answers.error(kPoisoned));
  for (int i = 0; i < kEvents; ++i) {
    ASSERT_FALSE(answers.error(i)) << "event " << i;
    EXPECT_TRUE(answers.result(i)->created) << "event " << i;
  }
  EXPECT_EQ(store_->countCalls(victim.id), kEvents);
  EXPECT_EQ(store_->countCalls(attacker.id), 0);
}

// Two instances on one database get the same calls at the same moment, in opposite orders: each call is
// stored once, created once, counted once, and neither batch deadlocks the other for good. First as new
// calls (racing inserts), then as a richer report of stored ones (racing updates: a writer that read the row
// before the other committed would subtract the old cost twice and add the new one twice).
TEST_P(StoreTest, TwoWritersOnOverlappingCallsStoreEachCallOnceAndCountItOnce) {
  auto user = makeUser("a");
  auto gateUser = makeUser("gate");
  std::unique_ptr<Store> second = open();
  constexpr int kCalls = 200;
  for (double cost : {0.1, 0.2}) {
    Answers first(2 * kCalls), other(2 * kCalls);
    {
      WriterGate gateA(*store_, gateUser.id);
      WriterGate gateB(*second, gateUser.id);
      for (int c = 0; c < kCalls; ++c) {
        const std::string id = "c" + std::to_string(c);
        const std::string reversed = "c" + std::to_string(kCalls - 1 - c);
        store_->applyAsync(user.id, statusUpdate(id, CallStatus::InProgress, kDay0), first.slot(2 * c));
        store_->applyAsync(user.id, endOfCallReport(id, withCost(cost)), first.slot(2 * c + 1));
        second->applyAsync(user.id, endOfCallReport(reversed, withCost(cost)), other.slot(2 * c));
        second->applyAsync(user.id, statusUpdate(reversed, CallStatus::InProgress, kDay0),
                           other.slot(2 * c + 1));
      }
    }  // both gates open here, within microseconds of each other
    ASSERT_TRUE(first.waitAll());
    ASSERT_TRUE(other.waitAll());
    int created = 0;
    for (const Answers* answers : {&first, &other}) {
      for (std::size_t i = 0; i < 2 * kCalls; ++i) {
        ASSERT_FALSE(answers->error(i)) << "event " << i;
        created += answers->result(i)->created;
      }
    }
    EXPECT_EQ(created, cost == 0.1 ? kCalls : 0);
    EXPECT_EQ(store_->countCalls(user.id), kCalls);
    for (Store* store : {store_.get(), second.get()}) {
      auto days = store->analytics(user.id, "2026-03-01", "2026-03-01");
      ASSERT_EQ(days.size(), 1u);
      EXPECT_EQ(days[0].totalCalls, kCalls);
      EXPECT_NEAR(days[0].totalCost, kCalls * cost, 1e-9);
    }
    auto call = store_->getCall(user.id, "vapi_c0");
    ASSERT_TRUE(call);
    EXPECT_EQ(call->status, CallStatus::Ended);  // whichever order the writers met in
    EXPECT_DOUBLE_EQ(call->cost, cost);
  }
}

// A caller's callback that throws must not stop the writer: the call is stored, later events still are.
TEST_P(StoreTest, ACallbackThatThrowsDoesNotStopTheWriter) {
  auto user = makeUser("throws");
  std::promise<void> called;
  store_->applyAsync(user.id, endOfCallReport("thrower"), [&called](std::exception_ptr, const ApplyResult*) {
    called.set_value();
    throw std::runtime_error("a careless caller");
  });
  called.get_future().wait();
  auto after = store_->apply(user.id, endOfCallReport("after"));
  EXPECT_TRUE(after.created);
  EXPECT_TRUE(store_->getCall(user.id, "vapi_thrower"));
  EXPECT_EQ(store_->countCalls(user.id), 2);
}

}  // namespace
}  // namespace vm::store::testing
