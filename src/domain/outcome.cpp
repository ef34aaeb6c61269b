// endedReason -> outcome and label. VAPI has ~600 codes and adds more often, so only the two short lists
// of REFERENCE.md §2.1 (completed, not connected) are spelled out; everything else is an error, and
// labels for the long error families are built from the code's structure instead of a table.
#include "domain/outcome.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace vm::domain {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The call worked normally, then ended (including intentional forwards and voicemail).
constexpr std::string_view kCompleted[] = {
    "customer-ended-call",
    "assistant-ended-call",
    "assistant-ended-call-after-message-spoken",
    "assistant-ended-call-with-hangup-task",
    "assistant-said-end-call-phrase",
    "assistant-forwarded-call",
    "customer-ended-call-during-transfer",
    "customer-ended-call-after-warm-transfer-attempt",
    "customer-ended-call-before-warm-transfer",
    "exceeded-max-duration",
    "silence-timed-out",
    "call.ending.hook-executed-say",
    "call.ending.hook-executed-transfer",
    "call.in-progress.twilio-completed-call",
    "call.in-progress.sip-completed-call",
    "vonage-completed",
    "voicemail",
    // Legacy values: the seed's "customer-ended", the docs' sample "hangup", and the 2024 name of
    // assistant-ended-call-after-message-spoken.
    "customer-ended",
    "hangup",
    "assistant-said-message-with-end-call-enabled",
};

// Nobody was reached (neutral: neither a success nor a fault).
constexpr std::string_view kNotConnected[] = {
    "customer-busy",
    "customer-did-not-answer",
    "customer-did-not-give-microphone-permission",
    "twilio-reported-customer-misdialed",
    "manually-canceled",
    "call.forwarding.no-answer",
    "call.forwarding.operator-busy",
    "call.ringing.sip-inbound-caller-hungup-before-call-connect",
    "scheduled-call-deleted",
    "call-deleted",
};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view v) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

struct Label {
  std::string_view code;
  std::string_view text;
};

// Hand-written labels for the codes users see most; the rest fall back to humanize().
constexpr Label kLabels[] = {
    {"customer-ended-call", "Customer ended the call"},
    {"customer-ended", "Customer ended the call"},
    {"hangup", "Call hung up"},
    {"assistant-ended-call", "Assistant ended the call"},
    {"assistant-ended-call-after-message-spoken", "Assistant ended the call after its final message"},
    {"assistant-said-message-with-end-call-enabled", "Assistant ended the call after its final message"},
    {"assistant-ended-call-with-hangup-task", "Assistant ended the call (hang-up task)"},
    {"assistant-said-end-call-phrase", "Assistant said an end-call phrase"},
    {"assistant-forwarded-call", "Assistant forwarded the call"},
    {"assistant-join-timed-out", "Assistant failed to join in time"},
    {"assistant-not-found", "Assistant not found"},
    {"assistant-not-valid", "Assistant configuration is invalid"},
    {"assistant-request-failed", "Assistant request to the server failed"},
    {"assistant-request-returned-error", "Assistant request returned an error"},
    {"assistant-request-returned-forwarding-phone-number", "Assistant request returned a forwarding number"},
    {"assistant-request-returned-invalid-assistant", "Assistant request returned an invalid assistant"},
    {"assistant-request-returned-no-assistant", "Assistant request returned no assistant"},
    {"assistant-request-returned-unspeakable-error", "Assistant request returned an unspeakable error"},
    {"call-deleted", "Call deleted"},
    {"call-start-error-neither-assistant-nor-server-set", "Call start error: no assistant or server set"},
    {"call.ending.hook-executed-say", "Ended by a call-ending hook (say)"},
    {"call.ending.hook-executed-transfer", "Ended by a call-ending hook (transfer)"},
    {"call.forwarding.no-answer", "Forwarded call was not answered"},
    {"call.forwarding.operator-busy", "Forwarding destination was busy"},
    {"call.in-progress.sip-completed-call", "Call completed (SIP)"},
    {"call.in-progress.twilio-completed-call", "Call completed (Twilio)"},
    {"call.ringing.error-sip-inbound-call-failed-to-connect", "Inbound SIP call failed to connect"},
    {"call.ringing.hook-executed-say", "Ringing hook executed (say)"},
    {"call.ringing.hook-executed-transfer", "Ringing hook executed (transfer)"},
    {"call.ringing.sip-inbound-caller-hungup-before-call-connect",
     "Caller hung up before the call connected"},
    {"call.start.assistant-version-error-validation", "Call start error: invalid assistant version"},
    {"customer-busy", "Customer was busy"},
    {"customer-did-not-answer", "Customer did not answer"},
    {"customer-did-not-give-microphone-permission", "Customer did not allow the microphone"},
    {"customer-ended-call-after-warm-transfer-attempt",
     "Customer ended the call after a warm transfer attempt"},
    {"customer-ended-call-before-warm-transfer", "Customer ended the call before a warm transfer"},
    {"customer-ended-call-during-transfer", "Customer ended the call during a transfer"},
    {"exceeded-max-duration", "Call reached its maximum duration"},
    {"manually-canceled", "Call canceled manually"},
    {"phone-call-provider-bypass-enabled-but-no-call-received",
     "Provider bypass enabled but no call received"},
    {"phone-call-provider-closed-websocket", "Phone provider closed the connection"},
    {"scheduled-call-deleted", "Scheduled call deleted"},
    {"silence-timed-out", "Silence timed out"},
    {"twilio-failed-to-connect-call", "Twilio failed to connect the call"},
    {"twilio-reported-customer-misdialed", "Customer misdialed (Twilio)"},
    {"voicemail", "Reached voicemail"},
    {"vonage-completed", "Call completed (Vonage)"},
    {"vonage-disconnected", "Vonage disconnected the call"},
    {"vonage-failed-to-connect-call", "Vonage failed to connect the call"},
    {"vonage-rejected", "Vonage rejected the call"},
    {"worker-shutdown", "Call worker shut down"},
};

// "openai-llm-failed" -> "openai llm failed": the code's words, readable.
std::string words(std::string_view s) {
  std::string out(s);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '-' || c == '_' || c == '.'; }, ' ');
  return out;
}

// Labels for the structured families (call.start.error-*, call.in-progress.error-*, pipeline-error-*) and
// any code VAPI adds later.
std::string humanize(std::string_view code) {
  auto startsWith = [&](std::string_view p) { return code.substr(0, p.size()) == p; };
  auto fault = [](std::string_view rest) -> std::string {
    if (rest.substr(0, 10) == "vapifault-") return "Vapi fault: " + words(rest.substr(10));
    if (rest.substr(0, 14) == "providerfault-") return "provider fault: " + words(rest.substr(14));
    return words(rest);
  };
  if (startsWith("call.start.error-")) return "Error at call start: " + fault(code.substr(17));
  if (startsWith("call.in-progress.error-")) return "Error: " + fault(code.substr(23));
  if (startsWith("pipeline-error-")) return "Pipeline error: " + fault(code.substr(15));
  std::string out = words(code);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

Outcome classifyEndedReason(std::string_view endedReason) {
  const auto r = trim(endedReason);
  if (contains(kCompleted, r)) return Outcome::Completed;
  if (contains(kNotConnected, r)) return Outcome::NotConnected;
  return Outcome::Error;
}

const char* outcomeName(Outcome o) {
  switch (o) {
    case Outcome::Completed:
      return "completed";
    case Outcome::NotConnected:
      return "not-connected";
    case Outcome::Error:
      return "error";
  }
  return "error";
}

std::string endedReasonLabel(std::string_view endedReason) {
  const auto r = trim(endedReason);
  if (r.empty()) return "Unknown";
  for (const auto& l : kLabels)
    if (l.code == r) return std::string(l.text);
  return humanize(r);
}

}  // namespace vm::domain
