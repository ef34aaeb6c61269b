#include "api/webhook_auth.hpp"

#include "api/app.hpp"
#include "auth/secrets.hpp"
#include "http/errors.hpp"

namespace vm::api {

namespace {
std::string_view presentedSecret(const http::Request& request) {
  if (auto secret = request.header("x-vapi-secret"); !secret.empty()) return secret;
  std::string_view authorization = request.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer)
    return authorization.substr(kBearer.size());
  return {};
}
}  // namespace

void checkWebhookAuth(const http::Request& request, const domain::User& user, AppContext& app) {
  auto secret = presentedSecret(request);
  if (secret.empty()) throw http::unauthorized("missing webhook secret");
  // Both sides are fixed-length hashes, so the comparison leaks neither length nor content.
  if (!auth::constantTimeEquals(auth::hashSecret(secret), user.webhookSecretHash))
    throw http::unauthorized("invalid webhook secret");
}

}  // namespace vm::api
