#include "cli/vault_flags.hpp"

#include <cstdlib>
#include <filesystem>

#include "auth/secrets.hpp"

namespace vm::cli {

void addVaultFlags(CLI::App* command, VaultFlags& flags) {
  command
      ->add_option("--master-key-file", flags.masterKeyFile,
                   "32-byte master key file (created 0600 if missing; default: master.key next to the "
                   "database); VM_MASTER_KEY (base64) overrides it")
      ->envname("VM_MASTER_KEY_FILE");
}

bool masterKeyFromEnvironment() {
  const char* env = std::getenv("VM_MASTER_KEY");
  return env && *env;
}

std::string masterKeyPath(const VaultFlags& flags, const StoreFlags& store) {
  if (!flags.masterKeyFile.empty()) return flags.masterKeyFile;
  auto dbPath = store::sqlitePathOf(store.db);
  if (!dbPath) return "./data/master.key";
  return (std::filesystem::path(*dbPath).parent_path() / "master.key").string();
}

std::shared_ptr<auth::Vault> loadVault(const VaultFlags& flags, const StoreFlags& store) {
  if (masterKeyFromEnvironment())
    return std::make_shared<auth::Vault>(auth::keyFromBase64(std::getenv("VM_MASTER_KEY")));
  return std::make_shared<auth::Vault>(auth::loadOrCreateKeyFile(masterKeyPath(flags, store)));
}

}  // namespace vm::cli
