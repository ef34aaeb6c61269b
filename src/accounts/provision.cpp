#include "accounts/provision.hpp"

#include "auth/password.hpp"
#include "auth/secrets.hpp"
#include "auth/vault.hpp"

namespace vm::accounts {

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

}  // namespace vm::accounts
