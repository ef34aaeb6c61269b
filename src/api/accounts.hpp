// Shared pieces of the account routes (auth.cpp, settings.cpp, tokens.cpp) and the CLI: email rules,
// provisioning a new user with its secrets, sessions and their cookies, and the vault-backed key lookup.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/app.hpp"
#include "domain/user.hpp"
#include "http/message.hpp"
#include "store/store.hpp"

namespace vm::api {

inline constexpr const char* kSessionCookie = "vm_session";
inline constexpr const char* kCsrfCookie = "vm_csrf";

// Trimmed and lower-cased.
std::string normalizeEmail(std::string email);
// "" when `email` (normalized) is acceptable, otherwise the message for the client (422).
std::string emailError(const std::string& email);

// A user made with fresh secrets; the clear secrets are returned once, to show to their owner.
struct ProvisionedUser {
  domain::User user;
  std::string webhookSecret;
  std::string apiToken;  // "" when none was made
};
// Creates the user (ConflictError on a taken email or org), its password hash when `password` is not
// empty, and the webhook secret's ciphertext when a vault is given (HMAC needs the secret back).
ProvisionedUser provisionUser(store::Store& store, const auth::Vault* vault, const std::string& email,
                              const std::string& password, const std::string& orgId, bool withApiToken);

// Starts a session for `userId` and adds its two cookies to `response`.
void startSession(AppContext& app, const std::string& userId, http::Response& response);
// Cookies that make the browser forget the session.
void clearSessionCookies(AppContext& app, http::Response& response);

// The VAPI key lookup the VAPI client and the sync use: the stored ciphertext, decrypted by the vault.
VapiKeyLookup vaultKeyLookup(store::Store& store, std::shared_ptr<auth::Vault> vault);

// The user's webhook URL as VAPI must call it: --public-url, else the request's Host.
std::string webhookUrlFor(const AppContext& app, const http::Request& request, const domain::User& user);

// JSON of a user for the auth answers.
std::string isoOrEmpty(std::int64_t ms);

}  // namespace vm::api
