// The live-event notifier: the caller (the store's writer thread) only queues; serializing and publishing
// happen on the notifier's thread, the queue is bounded, and events carry the list shape.
#include "api/call_notifier.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "api/call_json.hpp"

using namespace std::chrono_literals;

namespace {

vm::domain::CallRecord bigCall(const std::string& id) {
  vm::domain::CallRecord call;
  call.callId = id;
  call.summary = std::string(50 * 1024, 's');
  call.transcript = std::string(50 * 1024, 't');
  call.rawReportJson = R"({"artifact":{"messages":[]}})";
  return call;
}

struct Recorder {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> events;
  std::vector<std::thread::id> threads;
  vm::api::CallNotifier::Publish publish() {
    return [this](const std::string& userId, const std::string& json) {
      std::lock_guard lock(mutex);
      events.emplace_back(userId, json);
      threads.push_back(std::this_thread::get_id());
    };
  }
};

TEST(CallNotifier, PublishesOnItsOwnThreadInTheListShape) {
  Recorder recorder;
  vm::api::CallNotifier notifier(recorder.publish());
  notifier.callChanged("u1", bigCall("c1"));
  notifier.waitIdle();
  ASSERT_EQ(recorder.events.size(), 1u);
  EXPECT_NE(recorder.threads[0], std::this_thread::get_id());
  EXPECT_EQ(recorder.events[0].first, "u1");
  auto json = nlohmann::json::parse(recorder.events[0].second);
  EXPECT_EQ(json["callId"], "c1");
  EXPECT_FALSE(json.contains("transcript"));
  EXPECT_FALSE(json.contains("messages"));
  EXPECT_EQ(json["summary"].get<std::string>().size(), vm::api::kLiveEventSummaryBytes);
}

// A publisher that blocks never blocks the caller: changes past the bound are dropped and counted.
TEST(CallNotifier, FullQueueDropsInsteadOfBlocking) {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> published{0};
  vm::api::CallNotifier notifier(
      [&](const std::string&, const std::string&) {
        released.wait();
        ++published;
      },
      3);
  auto start = std::chrono::steady_clock::now();
  notifier.callChanged("u", bigCall("first"));
  std::this_thread::sleep_for(100ms);  // the first is being published (and blocks)
  for (int i = 0; i < 10; ++i) notifier.callChanged("u", bigCall("c" + std::to_string(i)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(notifier.dropped(), 7u);
  release.set_value();
  notifier.waitIdle();
  EXPECT_EQ(published.load(), 4);
}

// A change stored by another instance is loaded by id on the notifier's thread.
TEST(CallNotifier, LoadsCallsChangedElsewhere) {
  Recorder recorder;
  vm::api::CallNotifier notifier(recorder.publish());
  std::thread::id loadedOn;
  notifier.loadCallsWith(
      [&](const std::string& userId, const std::string& callId) -> std::optional<vm::domain::CallRecord> {
        loadedOn = std::this_thread::get_id();
        if (callId == "gone") return std::nullopt;
        return bigCall(userId + "/" + callId);
      });
  notifier.callChangedElsewhere("u2", "gone");
  notifier.callChangedElsewhere("u2", "c9");
  notifier.waitIdle();
  ASSERT_EQ(recorder.events.size(), 1u);
  EXPECT_NE(loadedOn, std::this_thread::get_id());
  auto json = nlohmann::json::parse(recorder.events[0].second);
  EXPECT_EQ(json["callId"], "u2/c9");
  EXPECT_EQ(json["summary"].get<std::string>().size(), vm::api::kLiveEventSummaryBytes);
}

TEST(LiveEventCall, CutsTheSummaryAtACharacterBoundary) {
  vm::domain::CallRecord call;
  call.summary =
      std::string(vm::api::kLiveEventSummaryBytes - 1, 'a') + "\xC3\xA9" + "tail";  // é across the cut
  auto live = vm::api::liveEventCall(call);
  EXPECT_EQ(live.summary, std::string(vm::api::kLiveEventSummaryBytes - 1, 'a'));
}

}  // namespace

namespace {

// Stopped before the store closes (serve's shutdown): later changes are ignored and nothing is loaded.
TEST(CallNotifier, StoppedTakesNoMoreChanges) {
  Recorder recorder;
  vm::api::CallNotifier notifier(recorder.publish());
  std::atomic<int> loads{0};
  notifier.loadCallsWith(
      [&](const std::string&, const std::string&) -> std::optional<vm::domain::CallRecord> {
        ++loads;
        return std::nullopt;
      });
  notifier.stop();
  notifier.callChanged("u", bigCall("late"));
  notifier.callChangedElsewhere("u", "late");
  notifier.waitIdle();
  notifier.stop();
  EXPECT_TRUE(recorder.events.empty());
  EXPECT_EQ(loads.load(), 0);
}

}  // namespace
