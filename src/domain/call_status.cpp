// Status names exactly as VAPI spells them (Call.status), so they round-trip through the API and the store.
#include "domain/call.hpp"

namespace vm::domain {

const char* statusName(CallStatus s) {
  switch (s) {
    case CallStatus::Unknown:
      return "unknown";
    case CallStatus::Scheduled:
      return "scheduled";
    case CallStatus::Queued:
      return "queued";
    case CallStatus::Ringing:
      return "ringing";
    case CallStatus::InProgress:
      return "in-progress";
    case CallStatus::Forwarding:
      return "forwarding";
    case CallStatus::Ended:
      return "ended";
  }
  return "unknown";
}

CallStatus parseStatus(std::string_view s) {
  // VAPI's "not-found" and "deletion-failed" say nothing about the call's progress: Unknown, which a
  // forward-only merge never applies.
  if (s == "scheduled") return CallStatus::Scheduled;
  if (s == "queued") return CallStatus::Queued;
  if (s == "ringing") return CallStatus::Ringing;
  if (s == "in-progress") return CallStatus::InProgress;
  if (s == "forwarding") return CallStatus::Forwarding;
  if (s == "ended") return CallStatus::Ended;
  return CallStatus::Unknown;
}

}  // namespace vm::domain
