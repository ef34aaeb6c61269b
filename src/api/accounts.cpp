#include "api/accounts.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "api/public_url.hpp"
#include "auth/password.hpp"
#include "auth/secrets.hpp"
#include "auth/vault.hpp"
#include "domain/time.hpp"

namespace vm::api {

std::string normalizeEmail(std::string email) {
  auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  email.erase(email.begin(), std::find_if(email.begin(), email.end(), notSpace));
  email.erase(std::find_if(email.rbegin(), email.rend(), notSpace).base(), email.end());
  for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return email;
}

std::string emailError(const std::string& email) {
  if (email.empty()) return "email is required";
  if (email.size() > 254) return "email is too long";
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos)
    return "email is not a valid address";
  std::string domain = email.substr(at + 1);
  auto dot = domain.find('.');
  if (domain.empty() || dot == std::string::npos || dot == 0 || domain.back() == '.')
    return "email is not a valid address";
  for (unsigned char c : email)
    if (c <= 0x20 || c == 0x7f || c == '"' || c == ',' || c == ';' || c == '<' || c == '>')
      return "email is not a valid address";
  return "";
}

ProvisionedUser provisionUser(store::Store& store, const auth::Vault* vault, const std::string& email,
                              const std::string& password, const std::string& orgId, bool withApiToken) {
  // Hash first (slow) so that a failure leaves nothing half-made.
  std::string passwordHash = password.empty() ? std::string() : auth::hashPassword(password);
  ProvisionedUser out;
  store::NewUser u;
  u.id = "usr_" + auth::randomToken(12);
  u.email = email;
  u.vapiOrgId = orgId;
  u.hookId = auth::randomToken(18);
  out.webhookSecret = auth::randomToken(24);
  u.webhookSecretHash = auth::hashSecret(out.webhookSecret);
  if (withApiToken) {
    out.apiToken = "vm_" + auth::randomToken(24);
    u.apiTokenHash = auth::hashSecret(out.apiToken);
  }
  out.user = store.createUser(u);
  if (!passwordHash.empty()) store.setPasswordHash(out.user.id, passwordHash);
  if (vault) store.setWebhookSecret(out.user.id, u.webhookSecretHash, vault->encrypt(out.webhookSecret), 0);
  return out;
}

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

VapiKeyLookup vaultKeyLookup(store::Store& store, std::shared_ptr<auth::Vault> vault) {
  return [&store, vault](const std::string& userId) -> std::optional<std::string> {
    auto credentials = store.vapiCredentials(userId);
    if (!credentials || !vault) return std::nullopt;
    auto key = vault->decrypt(credentials->keyCipher);
    if (!key) spdlog::error("VAPI key of user {} cannot be decrypted: wrong master key?", userId);
    return key;
  };
}

std::string webhookUrlFor(const AppContext& app, const http::Request& request, const domain::User& user) {
  return publicBaseUrl(app, request) + "/webhook/vapi/" + user.hookId;
}

std::string isoOrEmpty(std::int64_t ms) { return ms > 0 ? domain::formatIsoMs(ms) : std::string(); }

}  // namespace vm::api
