// What can go wrong talking to VAPI (or preparing what we send it), as kinds the api layer maps to
// answers (api/errors.cpp) and the sync records. The message is written for the client: it never holds
// the API key.
#pragma once

#include <stdexcept>
#include <string>

namespace vm::vapi {

enum class ErrorKind {
  Unreachable,   // no answer: connection failed, or the client could not start
  Timeout,       // no answer in time
  Upstream,      // VAPI failed: 5xx, 429 after retries, an answer too large or not the expected shape
  KeyRejected,   // 401/403: the user's key is wrong or lacks the permission
  NotFound,      // 404: what was asked for is not in the user's VAPI org
  Rejected,      // 400/422: VAPI refused what we sent as invalid
  InvalidInput,  // refused before sending: the user's input cannot be what VAPI expects
};

struct Error : std::runtime_error {
  ErrorKind kind;
  int upstreamStatus;  // VAPI's HTTP status; 0 when no answer arrived or nothing was sent
  Error(ErrorKind kind, int upstreamStatus, const std::string& message)
      : std::runtime_error(message), kind(kind), upstreamStatus(upstreamStatus) {}
};

}  // namespace vm::vapi
