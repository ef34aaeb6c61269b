// analysis.successEvaluation is free text whose shape depends on the assistant's rubric (PassFail,
// NumericScale, PercentageScale, DescriptiveScale, LikertScale, ...). It is read here, once, so the
// dashboard, analytics and exports agree on what counts as a success.
//
// Numeric thresholds (all inclusive):
//   "0.9", "0.5"  decimal on a 0..1 scale (has a '.', value <= 1): success >= 0.5
//   "8", "6.5"    0..10 scale (value <= 10):                        success >= 6
//   "85", "85%"   percentage (a '%', or 10 < value <= 100):         success >= 60
//   "4/5", "7/10" fraction x/y (y > 0):                             success >= 60% of y
// Integers "0" and "1" are on the 0..10 scale (VAPI's NumericScale is 1..10), so "1" is a failure.
// Numbers above 100 or below 0 are no verdict.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>

#include "domain/outcome.hpp"

namespace vm::domain {
namespace {

// A numeric verdict on the 0..10 satisfaction scale, with the pass mark of the scale it was given on.
struct Score {
  double outOf10;  // a fraction such as "11/10" may exceed 10; clamped where used as satisfaction
  double passMark;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A whole string as a finite non-negative number ("8", "0.9", "1e1"); nullopt otherwise.
std::optional<double> number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

std::optional<Score> numericScore(std::string_view s) {
  s = trim(s);
  if (auto slash = s.find('/'); slash != std::string_view::npos) {
    auto x = number(s.substr(0, slash)), y = number(s.substr(slash + 1));
    if (!x || !y || *y <= 0) return std::nullopt;
    return Score{*x / *y * 10, 6};
  }
  if (!s.empty() && s.back() == '%') {
    auto p = number(s.substr(0, s.size() - 1));
    if (!p) return std::nullopt;
    return Score{*p / 10, 6};
  }
  auto v = number(s);
  if (!v) return std::nullopt;
  if (s.find('.') != std::string_view::npos && *v <= 1) return Score{*v * 10, 5};
  if (*v <= 10) return Score{*v, 6};
  if (*v <= 100) return Score{*v / 10, 6};
  return std::nullopt;
}

// Labels of the PassFail, DescriptiveScale and LikertScale rubrics plus common synonyms. Likert's
// "neutral" is deliberately absent: it gives no verdict. Descriptive "fair" sits below "good", so it
// fails like a 5/10 would.
constexpr std::string_view kYes[] = {"true",    "pass",           "passed",       "yes",       "y",
                                     "success", "successful",     "succeeded",    "excellent", "very good",
                                     "good",    "great",          "satisfactory", "positive",  "acceptable",
                                     "agree",   "strongly agree", "resolved"};
constexpr std::string_view kNo[] = {"false",
                                    "fail",
                                    "failed",
                                    "no",
                                    "n",
                                    "failure",
                                    "unsuccessful",
                                    "poor",
                                    "very poor",
                                    "bad",
                                    "terrible",
                                    "negative",
                                    "unsatisfactory",
                                    "fair",
                                    "disagree",
                                    "strongly disagree",
                                    "unresolved",
                                    "needs improvement",
                                    "not successful",
                                    "unacceptable"};

std::string normalizedLabel(std::string_view s) {
  s = trim(s);
  // "Pass." / "True!" are still labels.
  while (!s.empty() && (s.back() == '.' || s.back() == '!')) s.remove_suffix(1);
  std::string out(trim(s));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::optional<bool> parseSuccessEvaluation(std::string_view verdict) {
  const auto label = normalizedLabel(verdict);
  if (label.empty()) return std::nullopt;
  if (std::find(std::begin(kYes), std::end(kYes), label) != std::end(kYes)) return true;
  if (std::find(std::begin(kNo), std::end(kNo), label) != std::end(kNo)) return false;
  // The epsilon keeps "3/5" (0.6 * 10 in binary) on the passing side of its mark.
  if (auto score = numericScore(verdict)) return score->outOf10 + 1e-9 >= score->passMark;
  return std::nullopt;
}

std::optional<double> satisfactionFromEvaluation(std::string_view verdict) {
  auto score = numericScore(verdict);
  if (!score) return std::nullopt;
  return std::clamp(score->outOf10, 0.0, 10.0);
}

bool isSuccessful(Outcome outcome, std::string_view successEvaluation) {
  if (auto v = parseSuccessEvaluation(successEvaluation)) return *v;
  return outcome == Outcome::Completed;
}

}  // namespace vm::domain
