// Per-call contributions and their sums. `rollup` is the reference the store's incremental rows must
// match (`analytics rebuild`), so it is built from `contributionOf` exactly like the store does.
#include "domain/analytics.hpp"

#include <algorithm>

#include "domain/time.hpp"

namespace vm::domain {

std::string callDay(const CallRecord& call) {
  for (const std::string* t : {&call.endedAt, &call.startedAt, &call.createdAt}) {
    if (auto ms = parseIsoMs(*t)) return formatIsoMs(*ms).substr(0, 10);
  }
  return "";
}

std::optional<Contribution> contributionOf(const CallRecord& call) {
  if (call.status != CallStatus::Ended) return std::nullopt;
  Contribution c;
  // "" when the call has no valid timestamp at all: it belongs to no day, and the store skips it (as does
  // rollup below) rather than inventing one.
  c.date = callDay(call);
  c.calls = 1;
  c.successfulCalls = call.successful ? 1 : 0;
  c.duration = call.duration;
  c.cost = call.cost;
  if (call.satisfaction) {
    c.satisfactionSum = *call.satisfaction;
    c.satisfactionCount = 1;
  }
  c.intent = call.intent;
  return c;
}

std::vector<IntentCount> topIntents(const std::map<std::string, long>& counts, std::size_t topN) {
  std::vector<IntentCount> out;
  for (const auto& [intent, count] : counts) {
    // Zero counts remain after a contribution is subtracted; they are not intents anyone has.
    if (!intent.empty() && count > 0) out.push_back({intent, count});
  }
  std::stable_sort(out.begin(), out.end(), [](const IntentCount& a, const IntentCount& b) {
    return a.count != b.count ? a.count > b.count : a.intent < b.intent;
  });
  if (out.size() > topN) out.resize(topN);
  return out;
}

AnalyticsDay sumDays(const std::vector<AnalyticsDay>& days, std::size_t topN) {
  // Intent totals are exact only if each day lists all its intents; with per-day top lists, an intent
  // outside a day's top N is missing from that day's share.
  AnalyticsDay total;
  std::map<std::string, long> intents;
  for (const auto& d : days) {
    total.totalCalls += d.totalCalls;
    total.successfulCalls += d.successfulCalls;
    total.totalDuration += d.totalDuration;
    total.totalCost += d.totalCost;
    total.satisfactionSum += d.satisfactionSum;
    total.satisfactionCount += d.satisfactionCount;
    for (const auto& i : d.topIntents) intents[i.intent] += i.count;
  }
  total.topIntents = topIntents(intents, topN);
  return total;
}

std::vector<AnalyticsDay> rollup(const std::vector<CallRecord>& calls, std::size_t topN) {
  struct Acc {
    AnalyticsDay day;
    std::map<std::string, long> intents;
  };
  std::map<std::string, Acc> byDate;  // ordered: rows come out by ascending date
  for (const auto& call : calls) {
    auto c = contributionOf(call);
    if (!c || c->date.empty()) continue;
    auto& acc = byDate[c->date];
    acc.day.date = c->date;
    acc.day.totalCalls += c->calls;
    acc.day.successfulCalls += c->successfulCalls;
    acc.day.totalDuration += c->duration;
    acc.day.totalCost += c->cost;
    acc.day.satisfactionSum += c->satisfactionSum;
    acc.day.satisfactionCount += c->satisfactionCount;
    if (!c->intent.empty()) ++acc.intents[c->intent];
  }
  std::vector<AnalyticsDay> out;
  out.reserve(byDate.size());
  for (auto& [date, acc] : byDate) {
    acc.day.topIntents = topIntents(acc.intents, topN);
    out.push_back(std::move(acc.day));
  }
  return out;
}

}  // namespace vm::domain
