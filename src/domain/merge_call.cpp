// mergeCall: the one place where any event changes a call (shared/DESIGN.md "One path for every call
// event"). Webhooks arrive out of order and may repeat, so the merge is monotonic: status only moves
// forward, absent fields never erase, and a poorer source never overwrites what a richer one said.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "domain/call.hpp"
#include "domain/outcome.hpp"
#include "domain/time.hpp"

namespace vm::domain {
namespace {

std::string trimLower(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool validAmount(const std::optional<double>& v) { return v && std::isfinite(*v) && *v >= 0; }

// The last non-empty line, ignoring the trailing newline VAPI puts after full transcripts.
std::string_view lastLine(std::string_view t) {
  while (!t.empty() && t.back() == '\n') t.remove_suffix(1);
  auto nl = t.rfind('\n');
  return nl == std::string_view::npos ? t : t.substr(nl + 1);
}

void appendLine(std::string& transcript, const std::string& line) {
  // A retried delivery repeats the same final line; the same speaker saying the exact same line twice in
  // a row is rarer than a retry, so a repeat of the last line is dropped.
  if (lastLine(transcript) == line) return;
  if (!transcript.empty() && transcript.back() != '\n') transcript += '\n';
  transcript += line;
}

// Seconds between startedAt and endedAt, when both parse and are in order.
std::optional<double> durationFromTimes(const std::string& startedAt, const std::string& endedAt) {
  auto s = parseIsoMs(startedAt), e = parseIsoMs(endedAt);
  if (!s || !e || *e < *s) return std::nullopt;
  return static_cast<double>(*e - *s) / 1000.0;
}

// Derived from analysis.structuredData: the intent (configurable key) and an optional 0..10 satisfaction.
void deriveFromStructuredData(CallRecord& r, const MergeRules& rules, bool needSatisfaction) {
  r.intent.clear();
  if (r.structuredDataJson.empty()) return;
  const auto data = nlohmann::json::parse(r.structuredDataJson, nullptr, /*allow_exceptions=*/false);
  if (data.is_discarded() || !data.is_object()) return;
  if (auto it = data.find(rules.intentKey); it != data.end() && it->is_string())
    r.intent = trimLower(it->get_ref<const std::string&>());
  if (!needSatisfaction) return;
  if (auto it = data.find("satisfaction"); it != data.end()) {
    std::optional<double> v;
    if (it->is_number()) v = it->get<double>();
    if (it->is_string()) v = satisfactionFromEvaluation(it->get_ref<const std::string&>());
    // Only a plain 0..10 score: other scales are ambiguous without a rubric.
    if (v && std::isfinite(*v) && *v >= 0 && *v <= 10) r.satisfaction = *v;
  }
}

}  // namespace

CallRecord mergeCall(const std::optional<CallRecord>& existing, const CallEvent& ev,
                     const std::string& userId, const MergeRules& rules) {
  CallRecord r = existing.value_or(CallRecord{});
  const int rank = static_cast<int>(ev.source);
  // Equal or higher rank overwrites the fields it carries; a lower rank may only fill empty ones.
  const bool overwrite = rank >= r.sourceRank;
  // Live transcript lines count only until a report or an ended-call sync brings the whole transcript.
  const bool liveTranscript = r.sourceRank < static_cast<int>(EventSource::Sync);

  auto put = [overwrite](std::string& field, const std::optional<std::string>& v) {
    // An empty string is treated as absent: no source should be able to erase what another knew.
    if (v && !v->empty() && (overwrite || field.empty())) field = *v;
  };

  r.userId = userId;
  if (!ev.vapiCallId.empty()) r.vapiCallId = ev.vapiCallId;
  r.callId = "vapi_" + r.vapiCallId;

  // An end-of-call-report means the call ended, whatever else it says.
  const CallStatus status =
      ev.source == EventSource::EndOfCallReport ? CallStatus::Ended : ev.status.value_or(CallStatus::Unknown);
  if (status > r.status) r.status = status;

  put(r.orgId, ev.orgId);
  put(r.assistantId, ev.assistantId);
  put(r.phoneNumberId, ev.phoneNumberId);
  put(r.type, ev.type);
  put(r.callerName, ev.callerName);
  put(r.callerPhone, ev.callerPhone);
  put(r.createdAt, ev.createdAt);
  put(r.startedAt, ev.startedAt);
  put(r.endedAt, ev.endedAt);
  put(r.endedReason, ev.endedReason);
  put(r.summary, ev.summary);
  put(r.recordingUrl, ev.recordingUrl);
  put(r.successEvaluation, ev.successEvaluation);
  put(r.structuredDataJson, ev.structuredDataJson);
  put(r.costBreakdownJson, ev.costBreakdownJson);
  put(r.rawReportJson, ev.rawReportJson);
  // A stored cost of 0 means "unknown": VAPI bills every connected call, and a lower rank may fill it.
  if (validAmount(ev.cost) && (overwrite || r.cost == 0)) r.cost = *ev.cost;

  if (ev.transcript && !ev.transcript->empty()) {
    put(r.transcript, ev.transcript);
  } else if (ev.transcriptAppend && !ev.transcriptAppend->empty() && liveTranscript) {
    appendLine(r.transcript, *ev.transcriptAppend);
  }

  // Duration: the event's own figure, else the span of the (merged) times; never negative or NaN.
  if (overwrite || r.duration <= 0) {
    if (validAmount(ev.durationSeconds)) {
      r.duration = *ev.durationSeconds;
    } else if (auto d = durationFromTimes(r.startedAt, r.endedAt)) {
      r.duration = *d;
    }
  }
  if (!std::isfinite(r.duration) || r.duration < 0) r.duration = 0;

  // Derived fields, recomputed from the merged record every time so they never go stale.
  r.timestamp = !r.endedAt.empty() ? r.endedAt : !r.startedAt.empty() ? r.startedAt : r.createdAt;
  if (r.status == CallStatus::Ended) {
    // An ended call without a reason (old seed rows, a sync of a sparse call) is not evidence of a fault.
    const Outcome o = r.endedReason.empty() ? Outcome::Completed : classifyEndedReason(r.endedReason);
    r.outcome = outcomeName(o);
    r.successful = isSuccessful(o, r.successEvaluation);
  } else {
    r.outcome = "in-progress";
    r.successful = false;
  }
  r.satisfaction = satisfactionFromEvaluation(r.successEvaluation);
  deriveFromStructuredData(r, rules, !r.satisfaction.has_value());

  r.sourceRank = std::max(r.sourceRank, rank);
  return r;
}

}  // namespace vm::domain
