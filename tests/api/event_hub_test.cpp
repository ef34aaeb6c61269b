// The live-event hub's caps: streams per user and in total, and the queue bound it sets on each stream.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "api/events.hpp"

namespace {

class FakeStream : public vm::http::Stream {
 public:
  bool write(std::string chunk) override {
    written.push_back(std::move(chunk));
    return !closed_;
  }
  void close() override { closed_ = true; }
  bool closed() const override { return closed_; }
  std::size_t queuedBytes() const override { return 0; }
  void limitQueue(std::size_t maxBytes, std::string overflowChunk) override {
    limit = maxBytes;
    overflow = std::move(overflowChunk);
  }
  void onClose(std::function<void()>) override {}
  std::vector<std::string> written;
  std::size_t limit = 0;
  std::string overflow;

 private:
  bool closed_ = false;
};

using Admission = vm::api::EventHub::Admission;

TEST(EventHub, CapsStreamsPerUserAndInTotal) {
  vm::api::EventHub hub({.maxStreamsPerUser = 2, .maxStreams = 3, .maxQueuedBytesPerStream = 1000});
  std::vector<std::shared_ptr<FakeStream>> held;
  auto open = [&] {
    held.push_back(std::make_shared<FakeStream>());
    return held.back();
  };
  EXPECT_EQ(hub.subscribe("alice", open), Admission::Open);
  EXPECT_EQ(hub.subscribe("alice", open), Admission::Open);
  EXPECT_EQ(hub.subscribe("alice", open), Admission::UserFull);
  EXPECT_EQ(held.size(), 2u) << "a refused stream must not be opened";
  EXPECT_EQ(hub.subscribe("bob", open), Admission::Open);
  EXPECT_EQ(hub.subscribe("carol", open), Admission::ServerFull);
  // A stream whose client left frees its place.
  held[0]->close();
  EXPECT_EQ(hub.subscribe("carol", open), Admission::Open);
  EXPECT_EQ(held.back()->limit, 1000u);
  EXPECT_EQ(held.back()->overflow, vm::api::kResyncFrame);
}

TEST(EventHub, CallChangesReachOnlyTheirUsersStreams) {
  vm::api::EventHub hub;
  auto alice = std::make_shared<FakeStream>();
  auto bob = std::make_shared<FakeStream>();
  hub.subscribe("alice", [&] { return alice; });
  hub.subscribe("bob", [&] { return bob; });
  vm::domain::CallRecord call;
  call.callId = "c1";
  hub.callChanged("alice", call);
  hub.notifier().waitIdle();
  ASSERT_EQ(alice->written.size(), 1u);
  EXPECT_EQ(alice->written[0].rfind("event: call\ndata: {", 0), 0u) << alice->written[0];
  EXPECT_TRUE(bob->written.empty());
}

}  // namespace
