// VAPI's `hmac` authentication plan (REFERENCE.md §3): hex HMAC-SHA256 of "{timestamp}.{body}" in the
// signature header (default x-signature, optionally "sha256="-prefixed), the timestamp in x-timestamp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vm::auth {

enum class HmacResult { Ok, Missing, Stale, BadSignature };

// Hex HMAC-SHA256 of "{timestamp}.{body}" under `secret`.
std::string webhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body);

// Checks a delivery. `timestamp` may be epoch seconds or milliseconds (VAPI does not document the unit);
// it must be within `toleranceSeconds` of `nowMs` either way. The comparison is constant-time.
HmacResult verifyWebhookHmac(std::string_view secret, std::string_view body, std::string_view signature,
                             std::string_view timestamp, std::int64_t nowMs, int toleranceSeconds = 300);

}  // namespace vm::auth
