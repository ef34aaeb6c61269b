// The base URL this server is reached at, for what we hand out (the webhook URL in Settings, the server
// URL Connect writes into VAPI): one function, so the two can never disagree.
#pragma once

#include <string>

#include "domain/user.hpp"
#include "http/message.hpp"

namespace vm::api {

struct AppContext;

// --public-url when set (without a trailing slash); else the scheme and host the request came with:
// X-Forwarded-Proto and X-Forwarded-Host from a trusted reverse proxy (--trusted-proxy), else Host. "" when
// the request names no host.
std::string publicBaseUrl(const AppContext& app, const http::Request& request);

// The user's webhook URL as VAPI must call it.
std::string webhookUrlFor(const AppContext& app, const http::Request& request, const domain::User& user);

}  // namespace vm::api
