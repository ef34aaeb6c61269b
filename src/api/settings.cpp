// The user's VAPI settings: GET/PUT/DELETE /api/settings/vapi (the key is stored encrypted and never
// returned), POST /api/settings/webhook-secret/rotate, PUT /api/settings/webhook {mode}. The answer says
// exactly what to enter in VAPI for the chosen webhook authentication.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "api/app.hpp"
#include "api/auth_guard.hpp"
#include "api/json_body.hpp"
#include "api/public_url.hpp"
#include "auth/secrets.hpp"
#include "auth/vault.hpp"
#include "domain/time.hpp"
#include "http/errors.hpp"

namespace vm::api {
namespace {

// Webhooks are authenticated from a short-lived cache: a change made here must be seen by the next one.
void webhookIdentityChanged(AppContext& app) {
  if (app.webhookIdentities) app.webhookIdentities->clear();
}

auth::Vault& requireVault(AppContext& app) {
  if (!app.vault) throw http::unavailable("the credential vault is not configured (no master key)");
  return *app.vault;
}

nlohmann::json settingsJson(AppContext& app, const http::Request& req, const domain::User& user) {
  auto credentials = app.store.vapiCredentials(user.id);
  auto webhook = app.store.webhookAuth(user.id);
  std::string url = webhookUrlFor(app, req, user);
  nlohmann::json vapi;
  if (webhook.mode == "hmac") {
    vapi = {{"serverUrl", url},
            {"credential", "custom credential, authenticationPlan type \"hmac\""},
            {"secretKey", "your webhook secret (shown once when rotated)"},
            {"algorithm", "sha256"},
            {"signatureHeader", "x-signature"},
            {"timestampHeader", "x-timestamp"},
            {"payloadFormat", "{timestamp}.{body}"},
            {"signatureEncoding", "hex"},
            {"signaturePrefix", "none, or \"sha256=\""},
            {"maxClockSkewSeconds", webhook.hmacToleranceSeconds}};
  } else {
    vapi = {{"serverUrl", url},
            {"credential",
             "custom credential, authenticationPlan type \"bearer\" with headerName "
             "\"X-Vapi-Secret\" and bearerPrefixEnabled false (or the default Authorization: Bearer)"},
            {"headerName", "X-Vapi-Secret"},
            {"token", "your webhook secret (shown once when rotated)"}};
  }
  nlohmann::json j = {{"orgId", user.vapiOrgId},
                      {"hasApiKey", credentials.has_value()},
                      {"keyHint", credentials ? credentials->keyHint : std::string()},
                      {"webhookUrl", url},
                      {"webhookSecretSet", !user.webhookSecretHash.empty()},
                      {"webhookAuth", webhook.mode},
                      {"vapiSetup", vapi}};
  if (!webhook.previousSecretHash.empty() && webhook.previousValidUntilMs > domain::nowMs())
    j["previousSecretValidUntil"] = domain::formatIsoMs(webhook.previousValidUntilMs);
  return j;
}

std::string keyHint(const std::string& key) {
  // "…" + the last 4 characters: enough to recognize a key, far too little to use it.
  return "\u2026" + (key.size() > 4 ? key.substr(key.size() - 4) : std::string());
}

void handleGet(AppContext& app, http::Request& req, const Principal& who,
               const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  res->send(jsonOk(settingsJson(app, req, user)));
}

void handlePut(AppContext& app, http::Request& req, const Principal& who,
               const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto body = parseJsonObject(req);
  if (body.contains("apiKey") && !body["apiKey"].is_null()) {
    std::string key = stringField(body, "apiKey");
    if (key.size() < 8 || key.size() > 512) throw http::unprocessable("apiKey must be 8 to 512 characters");
    for (unsigned char c : key)
      if (c <= 0x20 || c >= 0x7f)
        throw http::unprocessable("apiKey contains characters a VAPI key never has");
    app.store.setVapiCredentials(user.id, {requireVault(app).encrypt(key), keyHint(key), domain::nowMs()});
    spdlog::info("settings: user {} stored a VAPI key", user.id);
  }
  if (body.contains("orgId") && !body["orgId"].is_null()) {
    std::string orgId = stringField(body, "orgId");
    if (orgId.size() > 128) throw http::unprocessable("orgId is too long");
    try {
      app.store.setVapiOrgId(user.id, orgId);
      webhookIdentityChanged(app);
    } catch (const store::ConflictError&) {
      throw http::conflict("this VAPI organization already belongs to another account");
    }
  }
  auto updated = app.store.userById(user.id);
  if (!updated) throw http::unauthorized();
  res->send(jsonOk(settingsJson(app, req, *updated)));
}

void handleDelete(AppContext& app, http::Request& req, const Principal& who,
                  const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  app.store.deleteVapiCredentials(user.id);
  app.store.setVapiOrgId(user.id, "");
  webhookIdentityChanged(app);
  res->send(jsonOk(nlohmann::json{{"ok", true}}));
}

void handleRotate(AppContext& app, http::Request& req, const Principal& who,
                  const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto& vault = requireVault(app);
  std::string secret = auth::randomToken(24);
  const std::int64_t validUntil =
      app.config.webhookGraceSeconds > 0 ? domain::nowMs() + app.config.webhookGraceSeconds * 1000 : 0;
  app.store.setWebhookSecret(user.id, auth::hashSecret(secret), vault.encrypt(secret), validUntil);
  webhookIdentityChanged(app);
  spdlog::info("settings: user {} rotated the webhook secret", user.id);
  auto r = jsonOk(
      nlohmann::json{{"webhookSecret", secret},
                     {"previousValidUntil",
                      validUntil > 0 ? nlohmann::json(domain::formatIsoMs(validUntil)) : nlohmann::json()}});
  r.header("Cache-Control", "no-store");
  res->send(std::move(r));
}

void handleWebhookMode(AppContext& app, http::Request& req, const Principal& who,
                       const std::shared_ptr<http::Responder>& res) {
  const auto& user = who.user;
  auto body = parseJsonObject(req);
  std::string mode = stringField(body, "mode");
  if (mode != "secret" && mode != "hmac") throw http::unprocessable("mode must be \"secret\" or \"hmac\"");
  if (mode == "hmac" && app.store.webhookAuth(user.id).secretCipher.empty()) {
    // HMAC needs the secret itself; accounts made before the vault only have its hash.
    throw http::conflict("rotate the webhook secret first: HMAC needs a secret this server can read");
  }
  app.store.setWebhookAuthMode(user.id, mode);
  webhookIdentityChanged(app);
  res->send(jsonOk(settingsJson(app, req, user)));
}

}  // namespace

void registerSettingsRoutes(Routes& routes, AppContext& app) {
  routes.add(
      "GET", "/api/settings/vapi",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleGet(app, req, who, res);
      },
      Access::user());
  routes.add(
      "PUT", "/api/settings/vapi",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handlePut(app, req, who, res);
      },
      Access::user());
  routes.add(
      "DELETE", "/api/settings/vapi",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleDelete(app, req, who, res);
      },
      Access::user());
  routes.add(
      "POST", "/api/settings/webhook-secret/rotate",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleRotate(app, req, who, res);
      },
      Access::user());
  routes.add(
      "PUT", "/api/settings/webhook",
      [&app](http::Request& req, const Principal& who, const std::shared_ptr<http::Responder>& res) {
        handleWebhookMode(app, req, who, res);
      },
      Access::user());
}

}  // namespace vm::api
