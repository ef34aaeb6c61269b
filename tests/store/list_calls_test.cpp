// Reading calls: keyset paging, filters and full-text search.
#include <atomic>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

// 250 ended calls over ~10 days, several sharing a timestamp so call_id must break ties.
std::vector<std::pair<std::int64_t, std::string>> seed250(Store& store, const std::string& userId) {
  std::vector<std::pair<std::int64_t, std::string>> expected;
  for (int i = 0; i < 250; ++i) {
    Report r;
    r.endedMs = kDay0 + (i / 3) * kHour;  // three calls per timestamp
    r.startedMs = r.endedMs - 60000;
    r.assistantId = i % 2 ? "asst-odd" : "asst-even";
    r.endedReason = i % 5 == 0 ? "customer-did-not-answer" : "customer-ended-call";
    std::string id = "call" + std::to_string(i);
    if (i + 1 < 250) {
      store.applyAsync(userId, endOfCallReport(id, r),
                       [](std::exception_ptr error, const ApplyResult*) { EXPECT_FALSE(error); });
    } else {
      store.apply(userId, endOfCallReport(id, r));  // returns after everything queued before it committed
    }
    expected.emplace_back(r.endedMs, "vapi_" + id);
  }
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a > b; });
  return expected;
}

std::vector<std::string> allPages(Store& store, const std::string& userId, CallQuery query) {
  std::vector<std::string> ids;
  for (int pages = 0; pages < 1000; ++pages) {
    CallPage page = store.listCalls(userId, query);
    for (const auto& call : page.calls) ids.push_back(call.callId);
    if (page.nextCursor.empty()) break;
    EXPECT_EQ(static_cast<int>(page.calls.size()), query.limit);
    query.cursor = page.nextCursor;
  }
  return ids;
}

TEST_P(StoreTest, KeysetPagingGivesEveryCallOnceInOrder) {
  auto user = makeUser("a");
  auto expected = seed250(*store_, user.id);
  CallQuery query;
  query.limit = 7;
  std::vector<std::string> ids = allPages(*store_, user.id, query);
  ASSERT_EQ(ids.size(), 250u);
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], expected[i].second) << "row " << i;
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 250u);

  query.limit = 250;  // an exact fit has no next page
  EXPECT_TRUE(store_->listCalls(user.id, query).nextCursor.empty());
  query.limit = 10000;  // clamped to 500
  EXPECT_EQ(store_->listCalls(user.id, query).calls.size(), 250u);
}

TEST_P(StoreTest, FiltersCombineWithPaging) {
  auto user = makeUser("a");
  auto expected = seed250(*store_, user.id);
  CallQuery query;
  query.limit = 11;
  query.assistantId = "asst-odd";
  auto odd = allPages(*store_, user.id, query);
  EXPECT_EQ(odd.size(), 125u);
  for (const auto& id : odd) EXPECT_EQ(std::stoi(id.substr(9)) % 2, 1) << id;

  query = {};
  query.outcome = "not-connected";
  query.limit = 500;
  EXPECT_EQ(store_->listCalls(user.id, query).calls.size(), 50u);
  query.outcome = "completed";
  query.assistantId = "asst-even";
  auto page = store_->listCalls(user.id, query);
  for (const auto& call : page.calls) {
    EXPECT_EQ(call.outcome, "completed");
    EXPECT_EQ(call.assistantId, "asst-even");
  }
  EXPECT_EQ(page.calls.size(), 100u);  // 125 even, of which 25 are multiples of 5

  query = {};
  query.limit = 500;
  query.fromMs = kDay0 + 10 * kHour;  // inclusive
  query.toMs = kDay0 + 20 * kHour;    // exclusive
  page = store_->listCalls(user.id, query);
  std::size_t inRange = 0;
  for (const auto& [ms, id] : expected) inRange += ms >= *query.fromMs && ms < *query.toMs;
  EXPECT_EQ(page.calls.size(), inRange);
  EXPECT_EQ(inRange, 30u);
  query.limit = 4;
  query.fromMs.reset();
  EXPECT_EQ(allPages(*store_, user.id, query).size(), 60u);
}

TEST_P(StoreTest, InvalidCursorIsRejected) {
  auto user = makeUser("a");
  CallQuery query;
  query.cursor = "not a cursor!";
  EXPECT_THROW(store_->listCalls(user.id, query), std::invalid_argument);
}

TEST_P(StoreTest, FullTextSearchFindsTranscriptAndSummaryWordsForItsUserOnly) {
  auto alice = makeUser("alice");
  auto bob = makeUser("bob");
  Report a;
  a.transcript = "User: I need to reschedule my appointment\nAI: Sure.";
  a.summary = "Customer asked for a dentist.";
  store_->apply(alice.id, endOfCallReport("a1", a));
  Report b;
  b.transcript = "User: I want to reschedule";
  b.summary = "Plumbing emergency";
  store_->apply(bob.id, endOfCallReport("b1", b));

  auto search = [&](const std::string& userId, const std::string& text) {
    CallQuery q;
    q.search = text;
    std::vector<std::string> ids;
    for (const auto& call : store_->listCalls(userId, q).calls) ids.push_back(call.callId);
    return ids;
  };
  EXPECT_EQ(search(alice.id, "appointment"), std::vector<std::string>{"vapi_a1"});  // transcript
  EXPECT_EQ(search(alice.id, "DENTIST"), std::vector<std::string>{"vapi_a1"});      // summary, any case
  EXPECT_EQ(search(alice.id, "reschedule appointment"), std::vector<std::string>{"vapi_a1"});
  EXPECT_TRUE(search(alice.id, "plumbing").empty());  // bob's word
  EXPECT_EQ(search(bob.id, "reschedule"), std::vector<std::string>{"vapi_b1"});

  // Query syntax in user input is text, never an error.
  for (const char* hostile : {"\"foo OR", "*", "NEAR(", "appointment)", "summary:dentist", "a\"b", "-x", "\"",
                              "AND", "OR NOT", "^", "{transcript}: x", "\xC3\xA9t\xC3\xA9"}) {
    EXPECT_NO_THROW(search(alice.id, hostile)) << hostile;
  }
  EXPECT_TRUE(search(alice.id, "\"foo OR").empty());
  EXPECT_TRUE(search(alice.id, "*").empty());
  EXPECT_EQ(search(alice.id, "appointment)"), std::vector<std::string>{"vapi_a1"});

  // The index follows updates: the old word is gone, the new one found.
  Report changed = a;
  changed.summary = "Customer asked for an orthodontist.";
  store_->apply(alice.id, endOfCallReport("a1", changed));
  EXPECT_TRUE(search(alice.id, "dentist").empty());
  EXPECT_EQ(search(alice.id, "orthodontist"), std::vector<std::string>{"vapi_a1"});

  // Search combines with filters.
  CallQuery q;
  q.search = "reschedule";
  q.assistantId = "nobody";
  EXPECT_TRUE(store_->listCalls(alice.id, q).calls.empty());
}

// A rare word is searched from the FTS index, a common one (thousands of hits) from the time index: both
// must page exactly like a plain listing.
TEST_P(StoreTest, SearchPagesExactlyForRareAndCommonWords) {
  auto user = makeUser("a");
  constexpr int kCalls = 2300;
  std::vector<std::string> everyCall, rare;
  for (int i = 0; i < kCalls; ++i) {
    Report r;
    r.endedMs = kDay0 + (i / 4) * 60000;  // four calls per timestamp
    r.startedMs = r.endedMs - 30000;
    r.summary = i % 100 == 0 ? "common and rare words" : "common words";
    std::string id = "call" + std::to_string(i);
    auto event = endOfCallReport(id, r);
    if (i + 1 < kCalls) {
      store_->applyAsync(user.id, std::move(event),
                         [](std::exception_ptr error, const ApplyResult*) { EXPECT_FALSE(error); });
    } else {
      store_->apply(user.id, std::move(event));
    }
  }
  CallQuery all;
  all.limit = 500;
  everyCall = allPages(*store_, user.id, all);
  ASSERT_EQ(everyCall.size(), static_cast<std::size_t>(kCalls));
  for (const auto& id : everyCall) {
    if (std::stoi(id.substr(9)) % 100 == 0) rare.push_back(id);
  }

  CallQuery query;
  query.limit = 3;
  query.search = "rare";
  EXPECT_EQ(allPages(*store_, user.id, query), rare);
  query.limit = 97;
  query.search = "COMMON";
  EXPECT_EQ(allPages(*store_, user.id, query), everyCall);
  query.search = "common rare";
  query.limit = 4;
  EXPECT_EQ(allPages(*store_, user.id, query), rare);
}

// Calls are indexed for search after they are acknowledged (SQLite); a search right after a burst of
// webhooks, and after a restart that left calls unindexed, still finds every one of them.
TEST_P(StoreTest, SearchSeesEveryAcknowledgedCall) {
  auto alice = makeUser("alice");
  constexpr int kCalls = 1200;
  std::atomic<int> done{0};
  for (int i = 0; i < kCalls; ++i) {
    Report r;
    r.transcript = "AI: Hello\nUser: my code word is zq" + std::to_string(i) + "x\n";
    store_->applyAsync(alice.id, endOfCallReport("burst-" + std::to_string(i), r),
                       [&done](std::exception_ptr error, const ApplyResult*) {
                         if (!error) ++done;
                       });
  }
  store_->apply(alice.id,
                statusUpdate("last", domain::CallStatus::InProgress, kDay0));  // after the burst committed
  ASSERT_EQ(done.load(), kCalls);
  for (int i : {0, 1, 599, 1199}) {
    CallQuery q;
    q.search = "zq" + std::to_string(i) + "x";
    auto page = store_->listCalls(alice.id, q);
    ASSERT_EQ(page.calls.size(), 1u) << q.search;
    EXPECT_EQ(page.calls[0].vapiCallId, "burst-" + std::to_string(i));
  }
  // Stored but not yet indexed when the store closes: indexed after it opens again.
  for (int i = 0; i < 50; ++i) {
    Report r;
    r.summary = "late arrival yy" + std::to_string(i) + "w";
    store_->apply(alice.id, endOfCallReport("late-" + std::to_string(i), r));
  }
  store_->close();
  store_ = open();
  CallQuery q;
  q.search = "yy49w";
  ASSERT_EQ(store_->listCalls(alice.id, q).calls.size(), 1u);
  q.search = "late";
  q.limit = 500;
  EXPECT_EQ(store_->listCalls(alice.id, q).calls.size(), 50u);
}

}  // namespace
}  // namespace vm::store::testing
