// Analytics are a sum of per-call contributions (shared/DESIGN.md). Each ended call contributes to one
// (user, UTC day) row; when a call changes, the store subtracts its old contribution and adds the new
// one in the same transaction, so duplicates, late reports and moved days stay exact.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/call.hpp"

namespace vm::domain {

struct Contribution {
  std::string date;  // UTC "YYYY-MM-DD"
  long calls = 0;
  long successfulCalls = 0;
  double duration = 0;
  double cost = 0;
  double satisfactionSum = 0;
  long satisfactionCount = 0;
  std::string intent;  // "" = none
};

// nullopt for calls that are not ended (they count nowhere yet).
std::optional<Contribution> contributionOf(const CallRecord& call);

// UTC day of endedAt, else startedAt, else createdAt; "" when none is a valid timestamp.
std::string callDay(const CallRecord& call);

struct IntentCount {
  std::string intent;
  long count = 0;
};

// One day's (or a range's) totals as the API reports them.
struct AnalyticsDay {
  std::string date;  // "" for range totals
  long totalCalls = 0;
  long successfulCalls = 0;
  double totalDuration = 0;
  double totalCost = 0;
  double satisfactionSum = 0;
  long satisfactionCount = 0;
  std::vector<IntentCount> topIntents;  // sorted by count desc, then intent asc

  double averageDuration() const { return totalCalls ? totalDuration / totalCalls : 0; }
  // mean satisfaction of the scored calls; nullopt when none was scored
  std::optional<double> satisfactionScore() const {
    if (satisfactionCount == 0) return std::nullopt;
    return satisfactionSum / satisfactionCount;
  }
};

// Sums day rows into range totals (top intents merged, at most `topN`).
AnalyticsDay sumDays(const std::vector<AnalyticsDay>& days, std::size_t topN = 5);

// Recomputes day rows from calls: what `analytics rebuild` must match.
std::vector<AnalyticsDay> rollup(const std::vector<CallRecord>& calls, std::size_t topN = 5);

// Sorts intents by count desc, intent asc, keeping the first topN.
std::vector<IntentCount> topIntents(const std::map<std::string, long>& counts, std::size_t topN = 5);

}  // namespace vm::domain
