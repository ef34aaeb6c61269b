#include "api/routes.hpp"

#include "api/app.hpp"
#include "api/errors.hpp"
#include "http/rate_limit.hpp"

namespace vm::api {

std::string Access::describe() const {
  std::string s = kind_ == Kind::Public ? "public" : kind_ == Kind::Webhook ? "webhook" : "user";
  if (rateLimit_ == RateLimit::Api) s += "+api-limit";
  if (rateLimit_ == RateLimit::SignIn) s += "+signin-limit";
  return s;
}

void Routes::add(std::string method, std::string path, RouteHandler handler, Access access) {
  table_.push_back({method, path, access});
  AppContext& app = app_;
  router_.add(
      std::move(method), std::move(path),
      [&app, access, handler = std::move(handler)](http::Request& req, std::shared_ptr<http::Responder> res) {
        try {
          http::resolveClient(req, app.config.trustedProxies);
          if (access.rateLimit() != RateLimit::None && app.rateLimiter &&
              !app.rateLimiter->admit(access.rateLimit() == RateLimit::SignIn, req, res))
            return;
          if (access.kind() == Access::Kind::User) {
            const Principal who = authenticate(req, app);
            handler(req, who, res);
            return;
          }
          handler(req, Principal::anonymous(), res);
        } catch (...) {
          sendCurrentError(res, req);
        }
      });
}

}  // namespace vm::api
