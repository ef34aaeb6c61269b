// Who is calling the /api routes. Throws HttpError 401 when nobody valid is.
#pragma once

#include "domain/user.hpp"
#include "http/message.hpp"

namespace vm::api {

struct AppContext;

// The user behind `Authorization: Bearer <apiToken>` (or, for the dashboard, its session cookie).
domain::User authenticateRequest(const http::Request& request, AppContext& app);

}  // namespace vm::api
