// `voicematrix user add`: makes a user and prints its webhook path, webhook secret and API token once.
#include <iostream>
#include <nlohmann/json.hpp>

#include "accounts/email.hpp"
#include "accounts/provision.hpp"
#include "auth/password.hpp"
#include "cli/command.hpp"
#include "cli/logging.hpp"
#include "cli/store_flags.hpp"
#include "cli/vault_flags.hpp"

namespace vm::cli {
namespace {

struct UserAddFlags {
  StoreFlags store;
  VaultFlags vault;
  std::string email;
  std::string orgId;
  std::string password;
};

int userAdd(const UserAddFlags& f) {
  std::string email = accounts::normalizeEmail(f.email);
  if (auto e = accounts::emailError(email); !e.empty()) throw std::runtime_error(e);
  if (!f.password.empty()) {
    if (auto e = auth::passwordPolicyError(f.password); !e.empty()) throw std::runtime_error(e);
  }
  auto vault = loadVault(f.vault, f.store);
  auto store = openStoreFrom(f.store);
  accounts::ProvisionedUser made;
  try {
    made = accounts::provisionUser(*store, vault.get(), email, f.password, f.orgId, true);
  } catch (const store::ConflictError& e) {
    store->close();
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  nlohmann::json out = {{"userId", made.user.id},
                        {"email", made.user.email},
                        {"webhookPath", "/webhook/vapi/" + made.user.hookId},
                        {"webhookSecret", made.webhookSecret},
                        {"apiToken", made.apiToken}};
  if (!f.orgId.empty()) out["vapiOrgId"] = f.orgId;
  std::cout << out.dump() << std::endl;
  store->close();
  return 0;
}

}  // namespace

Command addUserAddCommand(CLI::App& cli, std::string& logLevel) {
  auto flags = std::make_shared<UserAddFlags>();
  auto* user = cli.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* cmd = user->add_subcommand("add", "Create a user; prints its webhook path, secret and API token");
  addStoreFlags(cmd, flags->store);
  addLogLevelFlag(cmd, logLevel);
  addVaultFlags(cmd, flags->vault);
  cmd->add_option("--email", flags->email, "The user's email")->required();
  cmd->add_option("--vapi-org-id", flags->orgId, "The user's VAPI org id");
  cmd->add_option("--password", flags->password, "Dashboard password (optional; else sign in by token)")
      ->envname("VM_USER_PASSWORD");
  return {cmd, [flags] { return userAdd(*flags); }};
}

}  // namespace vm::cli
