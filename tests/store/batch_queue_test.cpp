// The writers' batch queue: oldest first, at most maxBatch per take, close drains what is queued.
#include "store/batch_queue.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

using Queue = vm::store::BatchQueue<int>;
using namespace std::chrono_literals;

TEST(BatchQueue, TakesEverythingWaitingOldestFirstUpToTheMaximum) {
  Queue queue(3);
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(queue.push(int(i)));
  std::vector<int> batch;
  ASSERT_EQ(queue.take(batch), Queue::Taken::Batch);
  EXPECT_EQ(batch, (std::vector<int>{1, 2, 3}));
  ASSERT_EQ(queue.take(batch), Queue::Taken::Batch);
  EXPECT_EQ(batch, (std::vector<int>{4, 5}));
  EXPECT_EQ(queue.take(batch, 10ms), Queue::Taken::Timeout);
}

TEST(BatchQueue, CloseRefusesNewWorkButDrainsQueuedWork) {
  Queue queue(10);
  ASSERT_TRUE(queue.push(7));
  queue.close();
  EXPECT_TRUE(queue.closed());
  int late = 8;
  EXPECT_FALSE(queue.push(std::move(late)));
  EXPECT_EQ(late, 8);  // not taken
  std::vector<int> batch;
  ASSERT_EQ(queue.take(batch), Queue::Taken::Batch);
  EXPECT_EQ(batch, std::vector<int>{7});
  EXPECT_EQ(queue.take(batch), Queue::Taken::Closed);
  EXPECT_TRUE(batch.empty());
}

TEST(BatchQueue, WaitForTellsWorkFromAnIdleMoment) {
  Queue queue(10);
  EXPECT_FALSE(queue.waitFor(5ms));  // idle
  std::thread producer([&] {
    std::this_thread::sleep_for(20ms);
    queue.push(1);
  });
  EXPECT_TRUE(queue.waitFor(5s));  // woken by the push, long before 5 s
  producer.join();
  std::vector<int> batch;
  EXPECT_EQ(queue.take(batch, 1s), Queue::Taken::Batch);
  queue.close();
  EXPECT_TRUE(queue.waitFor(5s));  // closed counts as "stop waiting"
}

}  // namespace
