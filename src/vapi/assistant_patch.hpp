// Checks the assistant fields the dashboard's editor sends before they go to VAPI, so the user gets a
// clear 422 naming the field instead of VAPI's validator output. Fields not listed here pass through
// untouched (VAPI validates them; its 400 becomes our 422 with its message).
#pragma once

#include <nlohmann/json.hpp>

namespace vm::vapi {

inline constexpr std::size_t kMaxAssistantNameChars = 40;  // VAPI's limit on Assistant.name
inline constexpr long long kMinMaxDurationSeconds = 10;
inline constexpr long long kMaxMaxDurationSeconds = 43200;

// Throws vapi::Error (InvalidInput) on the first invalid field. `body` must be a JSON object.
void validateAssistantFields(const nlohmann::json& body);

// VAPI replaces nested objects on PATCH; the editor sends only what changed (e.g. model.temperature).
// Returns `patch` with its `model` and `voice` objects completed from `current`, so nothing is lost.
nlohmann::json completeNestedPatch(const nlohmann::json& current, const nlohmann::json& patch);

// True for an absolute http:// or https:// URL with a host and no whitespace.
bool isHttpUrl(const std::string& url);

}  // namespace vm::vapi
