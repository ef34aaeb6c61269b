// The JSON shape of a call in API answers, events and exports (docs/API.md).
#pragma once

#include <nlohmann/json.hpp>

#include "domain/call.hpp"

namespace vm::api {

// `full` adds the transcript, the raw structured JSON and the conversation messages (call detail).
nlohmann::json callToJson(const domain::CallRecord& call, bool full);

}  // namespace vm::api
