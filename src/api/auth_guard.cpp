#include "api/auth_guard.hpp"

#include <spdlog/spdlog.h>

#include "accounts/email.hpp"
#include "api/app.hpp"
#include "api/sessions.hpp"
#include "auth/oidc.hpp"
#include "auth/secrets.hpp"
#include "domain/time.hpp"
#include "http/errors.hpp"

namespace vm::api {
namespace {

// A session's last-seen time is written at most this often: a dashboard polling every few seconds must
// not turn every read into a write.
constexpr std::int64_t kTouchEveryMs = 60 * 1000;

bool changesState(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The user behind a verified OIDC identity, created on first sight.
domain::User userForIdentity(AppContext& app, const auth::JwtIdentity& id) {
  const std::string& issuer = app.oidc->issuer();
  if (auto user = app.store.userByExternalIdentity(issuer, id.subject)) return *user;
  std::string email = accounts::normalizeEmail(id.email);
  // The email claim is only a label here: an existing password account with it is never taken over.
  if (email.empty() || !accounts::emailError(email).empty() || app.store.userByEmail(email)) {
    email = auth::hashSecret(issuer + "\n" + id.subject).substr(0, 24) + "@oidc.invalid";
  }
  store::NewUser u;
  u.id = "usr_" + auth::randomToken(12);
  u.email = email;
  u.hookId = auth::randomToken(18);
  std::string secret = auth::randomToken(24);
  u.webhookSecretHash = auth::hashSecret(secret);
  try {
    auto user = app.store.createExternalUser(u, issuer, id.subject);
    spdlog::info("oidc: created user {} for a new identity", user.id);
    return user;
  } catch (const store::ConflictError&) {
    // Another request created it at the same moment.
    if (auto user = app.store.userByExternalIdentity(issuer, id.subject)) return *user;
    throw http::conflict("this identity's email already belongs to another account");
  }
}

}  // namespace

bool csrfMatches(const http::Request& request) {
  std::string cookie = request.cookie(kCsrfCookie);
  std::string_view header = request.header("x-csrf-token");
  return !cookie.empty() && auth::constantTimeEquals(auth::hashSecret(cookie), auth::hashSecret(header));
}

Principal authenticate(const http::Request& request, AppContext& app) {
  std::string_view authorization = request.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer) {
    auto token = authorization.substr(kBearer.size());
    if (app.oidc && auth::looksLikeJwt(token)) {
      auto identity = app.oidc->verify(token, domain::nowMs());
      if (!identity) throw http::unauthorized("invalid or expired identity token");
      return {userForIdentity(app, *identity), Principal::Via::Oidc, {}};
    }
    // Tokens are stored hashed; the lookup is by hash, so no stored token can be compared byte by byte.
    std::string tokenHash = auth::hashSecret(token);
    if (auto owner = app.store.apiTokenOwner(tokenHash)) {
      // Shown in the token list; written at most once a minute, as a session's last-seen time.
      const std::int64_t now = domain::nowMs();
      if (now - owner->lastUsedMs >= kTouchEveryMs) app.store.touchApiToken(tokenHash, now);
      return {std::move(owner->user), Principal::Via::ApiToken, {}};
    }
    throw http::unauthorized("invalid API token");
  }

  std::string sessionId = request.cookie(kSessionCookie);
  if (sessionId.empty()) throw http::unauthorized();
  std::string idHash = auth::hashSecret(sessionId);
  auto session = app.store.sessionByHash(idHash);
  const std::int64_t now = domain::nowMs();
  if (!session) throw http::unauthorized("session expired, please sign in again");
  if (now >= session->expiresAtMs || now - session->lastSeenMs >= app.config.sessionIdleSeconds * 1000) {
    app.store.deleteSession(idHash);
    throw http::unauthorized("session expired, please sign in again");
  }
  if (changesState(request.method) && !csrfMatches(request))
    throw http::forbidden("missing or invalid CSRF token (send the vm_csrf cookie's value in X-CSRF-Token)");
  auto user = app.store.userById(session->userId);
  if (!user) throw http::unauthorized();
  if (now - session->lastSeenMs >= kTouchEveryMs) app.store.touchSession(idHash, now);
  return {*user, Principal::Via::Session, idHash};
}

}  // namespace vm::api
