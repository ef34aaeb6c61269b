// The call as Voice Matrix keeps it, and the events that change it.
//
// Every source of call data (webhook messages of each type, the seed's legacy `call-ended`, and the
// REST sync) becomes one CallEvent; `mergeCall` folds an event into the stored CallRecord. See
// shared/DESIGN.md "One path for every call event".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vm::domain {

// Ordered: a status only moves forward along this order (a late in-progress after ended is ignored).
enum class CallStatus : int {
  Unknown = 0,
  Scheduled = 1,
  Queued = 2,
  Ringing = 3,
  InProgress = 4,
  Forwarding = 5,
  Ended = 6,
};

// Rank of the source that produced an event: a field known by a richer source wins over a poorer one.
enum class EventSource : int {
  Transcript = 1,
  StatusUpdate = 2,
  Sync = 3,             // GET /call item; counts as Sync only when the call is ended, else StatusUpdate
  EndOfCallReport = 4,  // also the seed's legacy call-ended
};

// One normalized event about one call. Absent optionals mean "this source does not know".
struct CallEvent {
  std::string vapiCallId;  // required, VAPI's call id
  EventSource source = EventSource::StatusUpdate;
  std::optional<CallStatus> status;
  std::optional<std::string> orgId;
  std::optional<std::string> assistantId;
  std::optional<std::string> phoneNumberId;
  std::optional<std::string> type;  // inboundPhoneCall | outboundPhoneCall | webCall | ...
  std::optional<std::string> callerName;
  std::optional<std::string> callerPhone;
  std::optional<std::string> createdAt;  // ISO-8601 UTC, normalized "YYYY-MM-DDTHH:MM:SS.mmmZ"
  std::optional<std::string> startedAt;
  std::optional<std::string> endedAt;
  std::optional<std::string> endedReason;
  std::optional<double> durationSeconds;  // >= 0, finite
  std::optional<double> cost;             // USD, >= 0, finite
  std::optional<std::string> summary;
  std::optional<std::string> transcript;        // the whole transcript (replaces)
  std::optional<std::string> transcriptAppend;  // one final live line, e.g. "User: hello" (appends)
  std::optional<std::string> recordingUrl;
  std::optional<std::string> successEvaluation;   // VAPI's string verdict, verbatim
  std::optional<std::string> structuredDataJson;  // analysis.structuredData, compact JSON object
  std::optional<std::string> costBreakdownJson;   // costBreakdown, compact JSON object
  std::optional<std::string> rawReportJson;       // the whole end-of-call-report message, compact JSON
};

// The stored call. Field names follow the seed (callId = "vapi_<vapiCallId>").
struct CallRecord {
  std::string userId;
  std::string callId;
  std::string vapiCallId;
  std::string timestamp;  // endedAt, else startedAt, else createdAt (the seed's "timestamp")
  double duration = 0;    // seconds
  std::string callerName;
  std::string callerPhone;
  std::string outcome;  // completed | not-connected | error | in-progress (not ended yet)
  std::optional<double> satisfaction;
  std::string transcript;
  double cost = 0;
  std::string assistantId;
  std::string summary;
  CallStatus status = CallStatus::Unknown;
  std::string startedAt;
  std::string endedAt;
  std::string createdAt;
  std::string endedReason;
  std::string costBreakdownJson;  // "" when unknown
  std::string recordingUrl;
  std::string successEvaluation;
  std::string structuredDataJson;  // "" when unknown
  std::string phoneNumberId;
  std::string type;
  std::string orgId;
  std::string rawReportJson;     // "" until an end-of-call-report arrives
  bool successful = false;       // derived (domain/outcome)
  std::string intent;            // derived from structuredData (domain/analytics)
  int sourceRank = 0;            // highest EventSource rank merged so far
  std::int64_t updatedAtMs = 0;  // wall clock of the last change (store sets it)
};

const char* statusName(CallStatus s);
CallStatus parseStatus(std::string_view s);  // unknown strings -> Unknown

// Rules that depend on configuration.
struct MergeRules {
  std::string intentKey = "intent";  // key of analysis.structuredData holding the intent
};

// Folds `ev` into `existing` (nullopt = first event for this call) and returns the new record with the
// derived fields (outcome, successful, satisfaction, intent, timestamp, duration) recomputed. Pure.
// `userId` is copied into the record; callId is "vapi_" + vapiCallId.
CallRecord mergeCall(const std::optional<CallRecord>& existing, const CallEvent& ev,
                     const std::string& userId, const MergeRules& rules = {});

}  // namespace vm::domain
