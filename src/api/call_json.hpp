// The JSON shape of a call in API answers, events and exports (docs/API.md).
#pragma once

#include <nlohmann/json.hpp>

#include "domain/call.hpp"

namespace vm::api {

// `full` adds the transcript, the raw structured JSON and the conversation messages (call detail).
nlohmann::json callToJson(const domain::CallRecord& call, bool full);

// Live events carry a short summary: the dashboard reads the whole call (GET /api/calls/<id>) when it
// shows one, and a long summary copied to every subscriber is what made streams costly.
constexpr std::size_t kLiveEventSummaryBytes = 1024;

// The fields a live event sends: the list shape without the transcript, the stored JSON blobs and the raw
// report, the summary cut to kLiveEventSummaryBytes (at a UTF-8 character boundary). Cheap to copy.
domain::CallRecord liveEventCall(const domain::CallRecord& call);
// The JSON text of a live "call" event for `call` (a liveEventCall).
std::string liveEventJson(const domain::CallRecord& call);

}  // namespace vm::api
