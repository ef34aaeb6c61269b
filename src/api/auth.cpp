// Accounts: POST /api/auth/signup, /api/auth/login, /api/auth/logout, /api/auth/password, GET /api/me.
#include <spdlog/spdlog.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "accounts/email.hpp"
#include "accounts/provision.hpp"
#include "api/app.hpp"
#include "api/auth_guard.hpp"
#include "api/errors.hpp"
#include "api/json_body.hpp"
#include "api/login_limiter.hpp"
#include "api/sessions.hpp"
#include "auth/password.hpp"
#include "auth/secrets.hpp"
#include "domain/time.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"
#include "vapi/worker_pool.hpp"

namespace vm::api {
namespace {

// Argon2id (interactive limits) costs tens of milliseconds and 64 MiB per hash. Handlers that hash run
// on the password pool instead of the HTTP threads, a few at a time, so a burst of sign-ins cannot stall
// webhooks or take gigabytes of memory.
RouteHandler offHttpThreads(AppContext& app, RouteHandler handler) {
  return [&app, handler = std::move(handler)](http::Request& req, const Principal& who,
                                              const std::shared_ptr<http::Responder>& res) {
    auto copy = std::make_shared<http::Request>(req);
    bool queued = app.passwordPool->submit([handler, copy, who, res] {
      try {
        handler(*copy, who, res);
      } catch (...) {
        sendCurrentError(res, *copy);
      }
    });
    if (!queued) throw http::unavailable("too many sign-in requests at once, retry shortly");
  };
}

// The same words for an unknown email and a wrong password: the answer must not tell which.
const char* kBadCredentials = "invalid email or password";

nlohmann::json userJson(const domain::User& user) {
  nlohmann::json j = {{"id", user.id}, {"email", user.email}, {"vapiOrgId", user.vapiOrgId}};
  j["createdAt"] = domain::isoOrEmpty(user.createdAtMs);
  return j;
}

http::Response userAnswer(const domain::User& user, int status) {
  return jsonOk(nlohmann::json{{"user", userJson(user)}}, status);
}

void sendRateLimited(std::int64_t retryAfter, const std::shared_ptr<http::Responder>& res) {
  auto r = http::errorResponse(
      429, "too many failed sign-in attempts, retry in " + std::to_string(retryAfter) + " s");
  r.header("Retry-After", std::to_string(retryAfter));
  res->send(std::move(r));
}

void handleSignup(AppContext& app, http::Request& req, const Principal& who,
                  const std::shared_ptr<http::Responder>& res) {
  if (!app.config.signupEnabled)
    throw http::forbidden("sign-up is disabled on this server: ask its administrator for an account");
  auto body = parseSignInBody(req);
  std::string email = accounts::normalizeEmail(stringField(body, "email"));
  std::string password = stringField(body, "password");
  if (auto e = accounts::emailError(email); !e.empty()) throw http::unprocessable(e);
  if (auto e = auth::passwordPolicyError(password); !e.empty()) throw http::unprocessable(e);
  accounts::ProvisionedUser made;
  try {
    made = accounts::provisionUser(app.store, app.vault.get(), email, password, "", false);
  } catch (const store::ConflictError&) {
    throw http::conflict("an account with this email already exists");
  }
  spdlog::info("signup: created user {}", made.user.id);
  auto r = userAnswer(made.user, 201);
  startSession(app, made.user.id, r);
  res->send(std::move(r));
}

void handleLogin(AppContext& app, LoginLimiter& limiter, http::Request& req, const Principal& who,
                 const std::shared_ptr<http::Responder>& res) {
  auto body = parseSignInBody(req);
  std::string email = accounts::normalizeEmail(stringField(body, "email"));
  std::string password = stringField(body, "password");
  if (email.empty() || password.empty()) throw http::unprocessable("email and password are required");
  if (password.size() > 1024) throw http::unauthorized(kBadCredentials);
  if (auto wait = limiter.retryAfter(email, req.remoteIp); wait > 0) return sendRateLimited(wait, res);
  auto user = app.store.userByEmail(email);
  bool ok = false;
  if (user) {
    ok = auth::verifyPassword(password, app.store.passwordHash(user->id));
  } else {
    auth::dummyVerifyPassword(password);  // same cost as a real check
  }
  if (!ok) {
    limiter.recordFailure(email, req.remoteIp);
    spdlog::info("login failed from {}", req.remoteIp);
    throw http::unauthorized(kBadCredentials);
  }
  limiter.recordSuccess(email, req.remoteIp);
  auto r = userAnswer(*user, 200);
  startSession(app, user->id, r);
  res->send(std::move(r));
}

void handleLogout(AppContext& app, http::Request& req, const Principal& who,
                  const std::shared_ptr<http::Responder>& res) {
  std::string sessionId = req.cookie(kSessionCookie);
  // Ending a session needs the CSRF token too, so another site cannot sign the user out.
  if (!sessionId.empty() && csrfMatches(req)) app.store.deleteSession(auth::hashSecret(sessionId));
  auto r = jsonOk(nlohmann::json{{"ok", true}});
  clearSessionCookies(app, r);
  res->send(std::move(r));
}

void handlePassword(AppContext& app, LoginLimiter& limiter, http::Request& req, const Principal& who,
                    const std::shared_ptr<http::Responder>& res) {
  auto body = parseJsonObject(req);
  std::string current = stringField(body, "current");
  std::string next = stringField(body, "new");
  if (auto wait = limiter.retryAfter(who.user.email, req.remoteIp); wait > 0)
    return sendRateLimited(wait, res);
  std::string hash = app.store.passwordHash(who.user.id);
  // An account made by the CLI or OIDC has no password yet: its authenticated owner may set one.
  if (!hash.empty() && !auth::verifyPassword(current, hash)) {
    limiter.recordFailure(who.user.email, req.remoteIp);
    throw http::unprocessable("current password is wrong");
  }
  if (auto e = auth::passwordPolicyError(next); !e.empty()) throw http::unprocessable(e);
  app.store.setPasswordHash(who.user.id, auth::hashPassword(next));
  // Every session ends (a stolen one included); the caller's browser gets a fresh one.
  app.store.deleteSessionsOfUser(who.user.id);
  auto r = jsonOk(nlohmann::json{{"ok", true}});
  if (who.via == Principal::Via::Session) startSession(app, who.user.id, r);
  res->send(std::move(r));
}

void handleMe(AppContext& app, http::Request& req, const Principal& who,
              const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto j = userJson(user);
  j["callCount"] = app.store.countCalls(user.id);
  res->send(jsonOk(j));
}

}  // namespace

void registerAuthRoutes(Routes& routes, AppContext& app) {
  auto limiter = std::make_shared<LoginLimiter>(app.config.loginLimits);
  routes.add("POST", "/api/auth/signup",
             offHttpThreads(app, [&app](http::Request& req, const Principal& who,
                                        const auto& res) { handleSignup(app, req, who, res); }),
             Access::publicRoute(RateLimit::SignIn));
  routes.add(
      "POST", "/api/auth/login",
      offHttpThreads(app, [&app, limiter](http::Request& req, const Principal& who,
                                          const auto& res) { handleLogin(app, *limiter, req, who, res); }),
      Access::publicRoute(RateLimit::SignIn));
  routes.add(
      "POST", "/api/auth/logout",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleLogout(app, req, who, res);
      },
      Access::publicRoute(RateLimit::SignIn));
  routes.add(
      "POST", "/api/auth/password",
      offHttpThreads(app, [&app, limiter](http::Request& req, const Principal& who,
                                          const auto& res) { handlePassword(app, *limiter, req, who, res); }),
      Access::user(RateLimit::SignIn));
  routes.add(
      "GET", "/api/me",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleMe(app, req, who, res);
      },
      Access::user());
}

}  // namespace vm::api
