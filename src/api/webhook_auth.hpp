// Authenticating VAPI's webhook deliveries for a user (REFERENCE.md §3), by the mode chosen in settings:
//  - secret: the user's secret as `X-Vapi-Secret: <secret>` or `Authorization: Bearer <secret>`; after a
//    rotation the previous secret keeps working until its grace period ends;
//  - hmac: hex HMAC-SHA256 of "{timestamp}.{body}" in x-signature (optionally "sha256=") with x-timestamp,
//    stale timestamps rejected.
// Every comparison is constant-time.
#pragma once

#include "api/webhook_identity_cache.hpp"
#include "http/message.hpp"

namespace vm::api {

struct AppContext;

// Throws HttpError 401 when the request is not authenticated for this user.
void checkWebhookAuth(const http::Request& request, const WebhookIdentity& identity, AppContext& app);

}  // namespace vm::api
