// The master key that encrypts stored secrets (VAPI keys, HMAC webhook secrets): VM_MASTER_KEY (base64),
// else --master-key-file, else master.key next to the SQLite database (./data/ for PostgreSQL), created
// 0600 on first use.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "auth/vault.hpp"
#include "cli/store_flags.hpp"

namespace vm::cli {

struct VaultFlags {
  std::string masterKeyFile;  // "" = the default place (see above)
};

void addVaultFlags(CLI::App* command, VaultFlags& flags);
bool masterKeyFromEnvironment();
std::string masterKeyPath(const VaultFlags& flags, const StoreFlags& store);
std::shared_ptr<auth::Vault> loadVault(const VaultFlags& flags, const StoreFlags& store);

}  // namespace vm::cli
