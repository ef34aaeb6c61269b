#include "api/auth_guard.hpp"

#include "api/app.hpp"
#include "auth/secrets.hpp"
#include "http/errors.hpp"

namespace vm::api {

domain::User authenticateRequest(const http::Request& request, AppContext& app) {
  std::string_view authorization = request.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer) {
    auto token = authorization.substr(kBearer.size());
    // Tokens are stored hashed; the lookup is by hash, so no stored token can be compared byte by byte.
    if (auto user = app.store.userByApiTokenHash(auth::hashSecret(token))) return *user;
    throw http::unauthorized("invalid API token");
  }
  throw http::unauthorized();
}

}  // namespace vm::api
