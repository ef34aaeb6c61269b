// `voicematrix keys rotate --new-key-file F`: re-encrypts every stored secret under the key in F (created
// when missing) in one transaction, then makes F's key the master key file's content.
#include <iostream>
#include <nlohmann/json.hpp>

#include "auth/secrets.hpp"
#include "cli/command.hpp"
#include "cli/logging.hpp"
#include "cli/store_flags.hpp"
#include "cli/vault_flags.hpp"

namespace vm::cli {
namespace {

struct KeysRotateFlags {
  StoreFlags store;
  VaultFlags vault;
  std::string newKeyFile;
};

int keysRotate(const KeysRotateFlags& f) {
  auto oldVault = loadVault(f.vault, f.store);
  auto newKey = auth::loadOrCreateKeyFile(f.newKeyFile);
  auth::Vault newVault(newKey);
  auto store = openStoreFrom(f.store);
  // A running server keeps the old key in memory: what it saves afterwards would not decrypt after its
  // restart. Held until the key file is replaced, so no server starts in between.
  auto noServers = store->tryExcludeServers();
  if (!noServers) {
    store->close();
    std::cerr << "error: a voicematrix server is running on this database: stop every server on it, then "
                 "rotate (it would keep encrypting new secrets with the old key)\n";
    return 3;
  }
  auto count = store->reencryptSecrets([&](const std::string& cipher) {
    auto plain = oldVault->decrypt(cipher);
    if (!plain) throw std::runtime_error("a stored secret does not decrypt with the current master key");
    return newVault.encrypt(*plain);
  });
  // Committed: from now on only the new key reads the secrets. With a key file, install it there.
  bool fromEnv = masterKeyFromEnvironment();
  if (!fromEnv) auth::writeKeyFile(masterKeyPath(f.vault, f.store), newKey);
  noServers.reset();
  store->close();
  nlohmann::json out = {{"reencrypted", count}, {"newKeyFile", f.newKeyFile}};
  if (fromEnv) out["note"] = "set VM_MASTER_KEY to the new key (base64) before restarting";
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace

Command addKeysRotateCommand(CLI::App& cli, std::string& logLevel) {
  auto flags = std::make_shared<KeysRotateFlags>();
  auto* keys = cli.add_subcommand("keys", "Master key maintenance");
  keys->require_subcommand(1);
  auto* cmd = keys->add_subcommand("rotate", "Re-encrypt every stored secret under a new master key");
  addStoreFlags(cmd, flags->store);
  addLogLevelFlag(cmd, logLevel);
  addVaultFlags(cmd, flags->vault);
  cmd->add_option("--new-key-file", flags->newKeyFile, "New key file (created 0600 if missing)")->required();
  return {cmd, [flags] { return keysRotate(*flags); }};
}

}  // namespace vm::cli
