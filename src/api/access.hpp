// Who may call a route, declared with the route itself (api/routes.hpp). The only way to make one is a
// named constructor, so a route cannot be registered without saying who it is for. The workspaces issue
// adds roles and a scope here.
#pragma once

#include <string>

namespace vm::api {

// How a route's callers are rate limited (http/rate_limit.hpp): not at all, the API's per-IP and
// per-credential buckets, or those plus the stricter per-IP bucket against password guessing.
enum class RateLimit { None, Api, SignIn };

class Access {
 public:
  enum class Kind {
    Public,   // anyone; the handler checks whatever it needs itself (sign-in, health)
    Webhook,  // VAPI: authenticated by the handler against the hook's secret or HMAC
    User,     // a signed-in user: session cookie (with CSRF on unsafe methods), API token or OIDC JWT
  };

  static Access publicRoute(RateLimit limit = RateLimit::None) { return {Kind::Public, limit}; }
  static Access webhook() { return {Kind::Webhook, RateLimit::None}; }
  static Access user(RateLimit limit = RateLimit::Api) { return {Kind::User, limit}; }

  Kind kind() const { return kind_; }
  RateLimit rateLimit() const { return rateLimit_; }
  // e.g. "user", "public+signin": for the route table test and logs.
  std::string describe() const;

 private:
  Access(Kind kind, RateLimit limit) : kind_(kind), rateLimit_(limit) {}
  Kind kind_;
  RateLimit rateLimit_;
};

}  // namespace vm::api
