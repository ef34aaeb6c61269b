// VAPI webhook bodies and REST Call objects -> domain::CallEvent.
//
// The webhook endpoint is the hot path (thousands of ~5 KB bodies a second), so parsing uses simdjson's
// DOM parser (one per thread, reused; a body over 256 KiB gets one of its own, freed after) and never
// throws: every outcome is a ParseStatus. simdjson limits nesting depth (1024) and rejects invalid UTF-8
// and out-of-range numbers (1e999), all as BadJson. Unknown message types are Ignored, not errors: VAPI
// adds types often (REFERENCE.md §1.2).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/call.hpp"

namespace vm::vapi {

enum class ParseStatus {
  Event,          // `event` holds the call event to store
  Ignored,        // valid body of a type (or a partial transcript) that changes no stored call
  BadJson,        // not JSON, invalid UTF-8, too deep, number out of range
  NotObject,      // valid JSON whose root is not an object
  MissingType,    // neither message.type nor the legacy top-level type
  MissingCallId,  // a type that is stored, but without call.id
  BadId,          // a call, org, assistant or phone number id that is no id (length, characters)
};

const char* parseStatusName(ParseStatus s);  // "event", "ignored", "bad-json", ...

struct ParsedWebhook {
  ParseStatus status = ParseStatus::BadJson;
  std::string messageType;  // message.type (or the legacy top-level type); "" when missing
  std::string orgId;        // message.call.orgId (fallbacks: phoneNumber/assistant orgId); "" if unknown
  std::optional<domain::CallEvent> event;  // set iff status == Event
  std::string error;                       // why, for the log (not for the client)
};

// Parses one webhook POST body. Handles `status-update`, `end-of-call-report`, final `transcript`s (also
// the literal type `transcript[transcriptType="final"]`) and the seed's legacy top-level
// `{"type":"call-ended","call":{...}}`. When a body has both `message` and a legacy top-level type, the
// `message` wins. Never throws.
ParsedWebhook parseWebhook(std::string_view body);

// The value of the first `"orgId": "<id>"` in the body whose value is a valid id, or "" when there is
// none: a scan that neither parses nor allocates (beyond the result), so the org-id webhook route can
// find whom to authenticate before it parses anything. It is a guess, not a parse (the key may be in any
// object): after authenticating, the route parses and goes by the parsed org id.
std::string findOrgId(std::string_view body);

// One REST Call object (an item of GET /call, or GET /call/{id}) -> an event for the sync: source Sync
// when the call is ended, else StatusUpdate. nullopt (with `error` set when given) if the text is not a
// JSON object with a string `id`. Never throws.
std::optional<domain::CallEvent> callEventFromCallObject(std::string_view callJson,
                                                         std::string* error = nullptr);

// A whole GET /call response (a bare JSON array of Call) -> one event per usable item; items that are not
// objects or lack an id are skipped (counted in `skipped` when given). nullopt (with `error`) if the text
// is not a JSON array. Never throws.
std::optional<std::vector<domain::CallEvent>> callEventsFromCallList(std::string_view listJson,
                                                                     std::string* error = nullptr,
                                                                     std::size_t* skipped = nullptr);

}  // namespace vm::vapi
