// Making a user with its secrets: shared by sign-up (POST /api/auth/signup) and `voicematrix user add`.
#pragma once

#include <string>

#include "domain/user.hpp"
#include "store/store.hpp"

namespace vm::auth {
class Vault;
}  // namespace vm::auth

namespace vm::accounts {

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

}  // namespace vm::accounts
