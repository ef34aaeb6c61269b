#include "api/sessions.hpp"

#include "auth/secrets.hpp"
#include "domain/time.hpp"

namespace vm::api {
namespace {

std::string cookieAttributes(const AppContext& app, std::int64_t maxAgeSeconds) {
  std::string attrs = "; Path=/; SameSite=Lax; Max-Age=" + std::to_string(maxAgeSeconds);
  if (app.config.publicUrl.starts_with("https://")) attrs += "; Secure";
  return attrs;
}

}  // namespace

void startSession(AppContext& app, const std::string& userId, http::Response& response) {
  std::string id = auth::randomToken(32);
  std::string csrf = auth::randomToken(24);
  const std::int64_t now = domain::nowMs();
  app.store.createSession(
      {auth::hashSecret(id), userId, now, now, now + app.config.sessionMaxSeconds * 1000});
  auto attrs = cookieAttributes(app, app.config.sessionMaxSeconds);
  response.header("Set-Cookie", std::string(kSessionCookie) + "=" + id + attrs + "; HttpOnly");
  // Readable by the dashboard's script, which echoes it in X-CSRF-Token (double submit).
  response.header("Set-Cookie", std::string(kCsrfCookie) + "=" + csrf + attrs);
  response.header("Cache-Control", "no-store");
}

void clearSessionCookies(AppContext& app, http::Response& response) {
  auto attrs = cookieAttributes(app, 0);
  response.header("Set-Cookie", std::string(kSessionCookie) + "=" + attrs + "; HttpOnly");
  response.header("Set-Cookie", std::string(kCsrfCookie) + "=" + attrs);
}

}  // namespace vm::api
