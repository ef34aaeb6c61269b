// Authenticating VAPI's webhook deliveries for a user (REFERENCE.md §3): the user's secret sent as
// `X-Vapi-Secret: <secret>` or `Authorization: Bearer <secret>`, compared in constant time.
#pragma once

#include "domain/user.hpp"
#include "http/message.hpp"

namespace vm::api {

struct AppContext;

// Throws HttpError 401 when the request does not carry this user's webhook secret.
void checkWebhookAuth(const http::Request& request, const domain::User& user, AppContext& app);

}  // namespace vm::api
