#include "api/webhook_auth.hpp"

#include <spdlog/spdlog.h>

#include "api/app.hpp"
#include "auth/hmac.hpp"
#include "auth/secrets.hpp"
#include "auth/vault.hpp"
#include "domain/time.hpp"
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

void checkHmac(const http::Request& request, const domain::User& user, const store::WebhookAuth& settings,
               AppContext& app) {
  std::optional<std::string> secret;
  if (app.vault && !settings.secretCipher.empty()) secret = app.vault->decrypt(settings.secretCipher);
  if (!secret) {
    spdlog::error("webhook: user {} chose HMAC but the secret cannot be decrypted", user.id);
    throw http::unauthorized("webhook HMAC is not available: rotate the webhook secret");
  }
  switch (auth::verifyWebhookHmac(*secret, request.body, request.header("x-signature"),
                                  request.header("x-timestamp"), domain::nowMs(),
                                  settings.hmacToleranceSeconds)) {
    case auth::HmacResult::Ok:
      return;
    case auth::HmacResult::Missing:
      throw http::unauthorized("missing x-signature or x-timestamp header");
    case auth::HmacResult::Stale:
      throw http::unauthorized("x-timestamp is missing, malformed or too far from the server's clock");
    case auth::HmacResult::BadSignature:
      throw http::unauthorized("invalid webhook signature");
  }
}
}  // namespace

void checkWebhookAuth(const http::Request& request, const WebhookIdentity& identity, AppContext& app) {
  const domain::User& user = identity.user;
  const store::WebhookAuth& settings = identity.auth;
  if (settings.mode == "hmac") return checkHmac(request, user, settings, app);

  auto secret = presentedSecret(request);
  if (secret.empty()) throw http::unauthorized("missing webhook secret");
  // Both sides are fixed-length hashes, so the comparison leaks neither length nor content.
  std::string presented = auth::hashSecret(secret);
  if (auth::constantTimeEquals(presented, user.webhookSecretHash)) return;
  if (!settings.previousSecretHash.empty() && domain::nowMs() < settings.previousValidUntilMs &&
      auth::constantTimeEquals(presented, settings.previousSecretHash)) {
    return;  // the old secret, within the grace period after a rotation
  }
  throw http::unauthorized("invalid webhook secret");
}

}  // namespace vm::api
