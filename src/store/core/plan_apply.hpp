// What applying one call event to the stored call does, decided without a database: both backends' writers
// read the stored row, run planApply, and write what it says. Group commit, savepoints and retries stay in
// the writers; the rules of a call event live here once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/analytics.hpp"
#include "domain/call.hpp"

namespace vm::store {

// The stored id of the call a VAPI call id names, as mergeCall names it (domain/call.hpp).
std::string storedCallId(std::string_view vapiCallId);

// Whether every stored field except updatedAtMs is equal: an event that changes none is not written.
bool sameStoredFields(const domain::CallRecord& a, const domain::CallRecord& b);

// How a change of a call moves the analytics, which are a sum of contributions: take `removed` out, put
// `added` in. Both are empty when the call's contribution stays the same.
struct ContributionChange {
  std::optional<domain::Contribution> removed;
  std::optional<domain::Contribution> added;
};

struct ApplyPlan {
  // The call to store, updatedAtMs set to the plan's time. When nothing changed it equals the stored call
  // in every stored field, and the stored call (with its own updatedAtMs) is the answer.
  domain::CallRecord merged;
  bool created = false;      // there was no stored call: insert `merged`
  bool changed = false;      // something stored changes: write `merged` (always so when created)
  bool textChanged = false;  // a stored call's transcript or summary changed: its search entry is stale
  ContributionChange analytics;
};

// Folds `event` of `userId` into `existing` (the stored call, nullopt when there is none) by the merge
// rules, at `nowMs`. Throws InvalidInputError (store/errors.hpp) for an event without a user or a call id.
ApplyPlan planApply(const std::optional<domain::CallRecord>& existing, const std::string& userId,
                    const domain::CallEvent& event, const domain::MergeRules& rules, std::int64_t nowMs);

}  // namespace vm::store
