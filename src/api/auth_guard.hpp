// Who is calling the /api routes. Throws HttpError 401 when nobody valid is (403 for a missing CSRF token).
#pragma once

#include <string>

#include "domain/user.hpp"
#include "http/message.hpp"

namespace vm::api {

struct AppContext;

// The caller of a route, as the route table authenticated it (api/routes.hpp).
struct Principal {
  enum class Via { Anonymous, Session, ApiToken, Oidc };
  domain::User user;
  Via via = Via::Anonymous;
  std::string sessionIdHash;  // Via::Session only
  // The principal of public and webhook routes: nobody signed in.
  static Principal anonymous() { return {}; }
};

// Accepts, in this order: `Authorization: Bearer <jwt>` (when OIDC is configured and the token looks like a
// JWT), `Authorization: Bearer <apiToken>`, and the session cookie. A cookie-authenticated request that
// changes state (not GET/HEAD/OPTIONS) must carry X-CSRF-Token equal to the vm_csrf cookie.
// Called by the route table for Access::user routes only.
Principal authenticate(const http::Request& request, AppContext& app);

// True when the request carries an X-CSRF-Token equal to its vm_csrf cookie (both non-empty).
bool csrfMatches(const http::Request& request);

}  // namespace vm::api
