// A fixture that runs each store test against every store implementation through openStore(): always a
// SQLite file in a fresh temp dir, plus the PostgreSQL URL in VM_TEST_PG_URL when it is set.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "domain/call.hpp"
#include "store/store.hpp"

namespace vm::store::testing {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Opens (again) the store under test.
  std::unique_ptr<Store> open(bool synchronousFull = true);
  // Creates a user whose ids are unique to this test run (a shared PostgreSQL database outlives tests).
  domain::User makeUser(const std::string& tag);
  // The user an API token (its hash) belongs to.
  std::optional<domain::User> tokenUser(const std::string& tokenHash) {
    auto owner = store_->apiTokenOwner(tokenHash);
    if (!owner) return std::nullopt;
    return owner->user;
  }

  std::string url_;
  std::string dir_;     // temp dir of the SQLite file, "" otherwise
  std::string schema_;  // PostgreSQL schema of this test, "" otherwise
  std::string prefix_;  // makes ids unique per test
  std::unique_ptr<Store> store_;
};

// The single integer a fixed query returns on the PostgreSQL database at `url` (a test's url_, so its
// schema); fails the test when the query fails.
std::int64_t pgCount(const std::string& url, const std::string& sql);

// Epoch ms of 2026-03-01T00:00:00Z and helpers to build events around it.
inline constexpr std::int64_t kDay0 = 1772323200000;
inline constexpr std::int64_t kHour = 3600 * 1000;
std::string iso(std::int64_t ms);

domain::CallEvent statusUpdate(const std::string& vapiCallId, domain::CallStatus status,
                               std::int64_t startedMs);
struct Report {
  std::int64_t startedMs = kDay0 + 10 * kHour;
  std::int64_t endedMs = kDay0 + 10 * kHour + 60000;
  double cost = 0.1;
  std::string endedReason = "customer-ended-call";
  std::string summary = "The caller asked about opening hours.";
  std::string transcript = "AI: Hello\nUser: When are you open?\n";
  std::string assistantId = "asst-1";
  std::string intent = "hours";
  std::optional<std::string> successEvaluation = "8";
};
domain::CallEvent endOfCallReport(const std::string& vapiCallId, const Report& report = {});

}  // namespace vm::store::testing
