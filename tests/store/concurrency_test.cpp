// Group commit: many concurrent writers, every callback answered after its commit, far fewer commits
// than events.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

using domain::CallStatus;

TEST_P(StoreTest, ConcurrentApplyIsExactAndGroupCommitted) {
  auto user = makeUser("a");
  constexpr int kThreads = 8;
  constexpr int kEventsPerThread = 500;  // 250 calls each: a status update, then the report
  const std::uint64_t commitsBefore = store_->commitCount();

  std::mutex mutex;
  std::condition_variable allDone;
  int answered = 0;
  std::atomic<int> failures{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEventsPerThread / 2; ++i) {
        std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        auto done = [&](std::exception_ptr error, const ApplyResult*) {
          if (error) failures.fetch_add(1);
          std::lock_guard lock(mutex);
          if (++answered == kThreads * kEventsPerThread) allDone.notify_one();
        };
        store_->applyAsync(user.id, statusUpdate(id, CallStatus::InProgress, kDay0), done);
        Report r;
        r.cost = 0.01 * (i % 7);
        store_->applyAsync(user.id, endOfCallReport(id, r), done);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(allDone.wait_for(lock, std::chrono::minutes(2),
                                 [&] { return answered == kThreads * kEventsPerThread; }));
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t commits = store_->commitCount() - commitsBefore;
  std::printf("[ store ] %d events in %.3f s = %.0f events/s, %llu commits\n", kThreads * kEventsPerThread,
              seconds, kThreads * kEventsPerThread / seconds, static_cast<unsigned long long>(commits));

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->countCalls(user.id), kThreads * kEventsPerThread / 2);
  auto days = store_->analytics(user.id, "2026-03-01", "2026-03-01");
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].totalCalls, kThreads * kEventsPerThread / 2);
  double expectedCost = 0;
  for (int i = 0; i < kEventsPerThread / 2; ++i) expectedCost += kThreads * 0.01 * (i % 7);
  EXPECT_NEAR(days[0].totalCost, expectedCost, 1e-9);
  EXPECT_GT(commits, 0u);
  EXPECT_LT(commits, static_cast<std::uint64_t>(kThreads * kEventsPerThread / 10));
}

// Webhook-like load: 16 clients, each waiting for its answer before sending the next event. Without
// group commit this runs at one fsync per event; with it, each commit answers many clients.
TEST_P(StoreTest, SixteenWaitingClientsShareCommits) {
  auto user = makeUser("a");
  auto timed = [&](int clients, int eventsPerClient, const std::string& tag) {
    const std::uint64_t commitsBefore = store_->commitCount();
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        for (int i = 0; i < eventsPerClient; ++i) {
          store_->apply(user.id, endOfCallReport(tag + std::to_string(c) + "-" + std::to_string(i)));
        }
      });
    }
    for (auto& thread : threads) thread.join();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int events = clients * eventsPerClient;
    const std::uint64_t commits = store_->commitCount() - commitsBefore;
    std::printf("[ store ] %2d waiting clients: %d events in %.3f s = %.0f events/s, %llu commits\n", clients,
                events, seconds, events / seconds, static_cast<unsigned long long>(commits));
    return std::pair(events / seconds, commits);
  };
  auto [serialRate, serialCommits] = timed(1, 100, "serial");
  EXPECT_EQ(serialCommits, 100u);  // one client: one commit (one fsync) per event
  auto [groupRate, groupCommits] = timed(16, 100, "group");
  // Commits, not timings, are asserted: timings depend on the disk and on what else the machine runs.
  EXPECT_LT(groupCommits, 1600u / 4);
  (void)serialRate;
  (void)groupRate;
  EXPECT_EQ(store_->countCalls(user.id), 1700);
}

TEST_P(StoreTest, ABadEventInABatchFailsAloneAndCallbacksFollowCommit) {
  auto user = makeUser("a");
  std::mutex mutex;
  std::condition_variable cv;
  int answered = 0, failed = 0;
  auto done = [&](std::exception_ptr error, const ApplyResult* result) {
    std::lock_guard lock(mutex);
    if (error) {
      ++failed;
    } else {
      // Committed: a reader on another connection already sees it.
      EXPECT_TRUE(store_->getCall(user.id, result->call.callId));
    }
    ++answered;
    cv.notify_one();
  };
  for (int i = 0; i < 50; ++i) {
    store_->applyAsync(user.id, endOfCallReport(i == 25 ? "" : "c" + std::to_string(i)), done);
  }
  std::unique_lock lock(mutex);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return answered == 50; }));
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(store_->countCalls(user.id), 49);
}

}  // namespace
}  // namespace vm::store::testing
