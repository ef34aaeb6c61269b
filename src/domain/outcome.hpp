// Classifying how a call ended, and whether it succeeded. Pure functions, unit-tested on every
// endedReason VAPI documents (shared/vapi/ENDED_REASONS.txt).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vm::domain {

enum class Outcome { Completed, NotConnected, Error };

// completed / not-connected / error from VAPI's endedReason (REFERENCE.md §2.1). Unknown values are
// classed as Error, never rejected. The seed's legacy "customer-ended" counts as completed.
Outcome classifyEndedReason(std::string_view endedReason);
const char* outcomeName(Outcome o);  // "completed" | "not-connected" | "error"

// A readable label for an endedReason ("customer-ended-call" -> "Customer ended the call"), used by
// the dashboard and exports; unknown codes get a generic label built from the code.
std::string endedReasonLabel(std::string_view endedReason);

// VAPI's analysis.successEvaluation is a string: "true"/"false", a number as text ("8", "0.9"), or a
// label ("Pass", "Excellent", ...). nullopt when it gives no verdict (empty or unrecognized).
std::optional<bool> parseSuccessEvaluation(std::string_view verdict);

// Satisfaction on a 0..10 scale when the verdict is numeric ("8" -> 8, "0.9" -> 9, "4/5" -> 8), else nullopt.
std::optional<double> satisfactionFromEvaluation(std::string_view verdict);

// A call is successful when its success evaluation says so; without a verdict, when it completed.
bool isSuccessful(Outcome outcome, std::string_view successEvaluation);

}  // namespace vm::domain
