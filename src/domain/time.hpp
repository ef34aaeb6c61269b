// ISO-8601 timestamps: VAPI sends UTC strings with ms ("2026-03-01T14:05:09.123Z"), sometimes offsets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vm::domain {

// Parses an ISO-8601 date-time (with Z or +hh:mm / -hh:mm offset, optional fraction) to epoch ms.
std::optional<std::int64_t> parseIsoMs(std::string_view iso);
// Formats epoch ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC).
std::string formatIsoMs(std::int64_t ms);
// formatIsoMs, or "" for 0 (never).
std::string isoOrEmpty(std::int64_t ms);
// Normalizes any accepted ISO-8601 string to the UTC form above; nullopt if it does not parse.
std::optional<std::string> normalizeIso(std::string_view iso);
// "YYYY-MM-DD" validation (a real calendar day).
bool isValidDate(std::string_view ymd);
std::int64_t nowMs();

}  // namespace vm::domain
