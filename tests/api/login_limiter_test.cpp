// Failed sign-ins slow the guesser, not the account's owner: delays are per (account, IP) and grow, and
// one IP's failures across accounts are capped.
#include "api/login_limiter.hpp"

#include <gtest/gtest.h>

namespace vm::api {
namespace {

TEST(LoginLimiter, OneAddressGuessingDoesNotLockTheOwnerOut) {
  LoginLimiter limiter;
  for (int i = 0; i < 50; ++i) limiter.recordFailure("owner@example.com", "203.0.113.66");
  EXPECT_GT(limiter.retryAfter("owner@example.com", "203.0.113.66"), 0);
  EXPECT_EQ(limiter.retryAfter("owner@example.com", "198.51.100.7"), 0) << "the owner's own address signs in";
}

TEST(LoginLimiter, TheFirstFailuresAreFreeThenDelaysDouble) {
  LoginLimiter::Limits limits;
  limits.freeFailures = 3;
  limits.maxDelay = std::chrono::seconds(60);
  limits.failuresPerIp = 0;  // the per-IP cap is its own test
  LoginLimiter limiter(limits);
  const std::string a = "a@example.com", ip = "192.0.2.1";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.retryAfter(a, ip), 0) << i;
    limiter.recordFailure(a, ip);
  }
  EXPECT_EQ(limiter.retryAfter(a, ip), 1);
  limiter.recordFailure(a, ip);
  EXPECT_EQ(limiter.retryAfter(a, ip), 2);
  limiter.recordFailure(a, ip);
  EXPECT_EQ(limiter.retryAfter(a, ip), 4);
  for (int i = 0; i < 20; ++i) limiter.recordFailure(a, ip);
  EXPECT_EQ(limiter.retryAfter(a, ip), 60) << "capped at maxDelay";
}

TEST(LoginLimiter, ASuccessClearsThatAddressesFailures) {
  LoginLimiter limiter;
  for (int i = 0; i < 10; ++i) limiter.recordFailure("a@example.com", "192.0.2.1");
  limiter.recordSuccess("a@example.com", "192.0.2.1");
  EXPECT_EQ(limiter.retryAfter("a@example.com", "192.0.2.1"), 0);
}

TEST(LoginLimiter, OneAddressSprayingManyAccountsIsCapped) {
  LoginLimiter::Limits limits;
  limits.failuresPerIp = 10;
  LoginLimiter limiter(limits);
  for (int i = 0; i < 10; ++i)
    limiter.recordFailure("user" + std::to_string(i) + "@example.com", "192.0.2.9");
  EXPECT_GT(limiter.retryAfter("fresh@example.com", "192.0.2.9"), 0);
  EXPECT_EQ(limiter.retryAfter("fresh@example.com", "192.0.2.10"), 0);
}

}  // namespace
}  // namespace vm::api
