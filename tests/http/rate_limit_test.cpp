// Token buckets and the /api rate limiter in-process, with a controlled clock.
#include "http/rate_limit.hpp"

#include <gtest/gtest.h>

#include <chrono>

using vm::http::RateLimiter;
using vm::http::RateLimitOptions;
using vm::http::Request;
using vm::http::Response;
using vm::http::TokenBuckets;
using namespace std::chrono_literals;

namespace {

TEST(TokenBuckets, BurstThenRefillAtTheRate) {
  TokenBuckets b(60, 100);  // one a second, burst 60
  auto t = TokenBuckets::Clock::now();
  for (int i = 0; i < 60; ++i) ASSERT_EQ(b.take("ip", t), 0) << i;
  EXPECT_EQ(b.take("ip", t), 1);           // empty: one second to the next token
  EXPECT_EQ(b.take("other", t), 0);        // keys are independent
  EXPECT_EQ(b.take("ip", t + 1100ms), 0);  // refilled one
  EXPECT_EQ(b.take("ip", t + 1100ms), 1);
}

TEST(TokenBuckets, RetryAfterCoversTheWait) {
  TokenBuckets b(6, 100);  // one per 10 s
  auto t = TokenBuckets::Clock::now();
  for (int i = 0; i < 6; ++i) b.take("k", t);
  EXPECT_EQ(b.take("k", t), 10);
  EXPECT_EQ(b.take("k", t + 5s), 5);
}

TEST(TokenBuckets, MemoryStaysBoundedUnderManyKeys) {
  TokenBuckets b(10, 1000);
  auto t = TokenBuckets::Clock::now();
  for (int i = 0; i < 100000; ++i) b.take("client-" + std::to_string(i), t);
  EXPECT_LE(b.size(), 1000u);
  // A client that is over its limit keeps its debt while the table has room for it.
  TokenBuckets small(2, 1000);
  small.take("greedy", t);
  small.take("greedy", t);
  for (int i = 0; i < 500; ++i) small.take("c" + std::to_string(i), t);
  EXPECT_GT(small.take("greedy", t), 0);
}

TEST(TokenBuckets, FullBucketsAreEvictedFirst) {
  TokenBuckets b(60, 100);
  auto t = TokenBuckets::Clock::now();
  for (int i = 0; i < 60; ++i) b.take("debtor", t);  // empty
  for (int i = 0; i < 99; ++i) b.take("k" + std::to_string(i), t);
  // Two minutes later every other bucket is full again; the debtor spent its burst at once but took no
  // more, so it is full too: only a bucket still in debt must survive an eviction.
  auto later = t + 120s;
  for (int i = 0; i < 60; ++i) b.take("debtor", later);
  b.take("newcomer", later);  // table full: evicts the full ones
  EXPECT_LT(b.size(), 10u);
  EXPECT_GT(b.take("debtor", later), 0);
}

struct Captured : vm::http::Responder {
  void send(Response r) override { response = std::move(r); }
  std::shared_ptr<vm::http::Stream> stream(Response) override { return nullptr; }
  Response response;  // status 200 until a send() replaces it
};

Request apiRequest(std::string path, std::string ip, std::string auth) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.remoteIp = std::move(ip);
  if (!auth.empty()) r.headers.emplace_back("authorization", std::move(auth));
  return r;
}

TEST(RateLimiter, AnswersTooManyRequestsWithRetryAfterAndJson) {
  RateLimiter limiter({.ipPerMinute = 0, .userPerMinute = 3, .authPerMinute = 0});
  for (int i = 0; i < 3; ++i) {
    auto res = std::make_shared<Captured>();
    EXPECT_TRUE(limiter.admit(false, apiRequest("/api/calls", "10.0.0.1", "Bearer a"), res));
  }
  auto res = std::make_shared<Captured>();
  EXPECT_FALSE(limiter.admit(false, apiRequest("/api/calls", "10.0.0.2", "Bearer a"), res));
  EXPECT_EQ(res->response.status, 429);
  EXPECT_EQ(res->response.body, R"({"error":"too many requests, retry later"})");
  ASSERT_EQ(res->response.headers.size(), 1u);
  EXPECT_EQ(res->response.headers[0].first, "Retry-After");
  EXPECT_EQ(res->response.headers[0].second, "20");
  // Another user (credential) is not affected, nor is an anonymous request (no user bucket).
  EXPECT_TRUE(
      limiter.admit(false, apiRequest("/api/calls", "10.0.0.1", "Bearer b"), std::make_shared<Captured>()));
  EXPECT_TRUE(limiter.admit(false, apiRequest("/api/calls", "10.0.0.1", ""), std::make_shared<Captured>()));
}

TEST(RateLimiter, AuthRoutesHaveTheirOwnStricterPerIpLimit) {
  RateLimiter limiter({.ipPerMinute = 100, .userPerMinute = 0, .authPerMinute = 2});
  auto login = apiRequest("/api/auth/login", "10.0.0.9", "");
  EXPECT_TRUE(limiter.admit(true, login, std::make_shared<Captured>()));
  EXPECT_TRUE(limiter.admit(true, login, std::make_shared<Captured>()));
  EXPECT_FALSE(limiter.admit(true, login, std::make_shared<Captured>()));
  // Other API routes from that IP still pass (their budget is the general one).
  EXPECT_TRUE(limiter.admit(false, apiRequest("/api/calls", "10.0.0.9", ""), std::make_shared<Captured>()));
  EXPECT_TRUE(
      limiter.admit(false, apiRequest("/api/auth/login", "10.0.0.8", ""), std::make_shared<Captured>()));
}

TEST(RateLimiter, ZeroDisables) {
  RateLimiter limiter({.ipPerMinute = 0, .userPerMinute = 0, .authPerMinute = 0});
  for (int i = 0; i < 10000; ++i)
    ASSERT_TRUE(limiter.admit(false, apiRequest("/api/auth/login", "1.1.1.1", "Bearer x"),
                              std::make_shared<Captured>()));
}

}  // namespace
