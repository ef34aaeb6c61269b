#include "accounts/vault_key_lookup.hpp"

#include <spdlog/spdlog.h>

#include "auth/vault.hpp"

namespace vm::accounts {

vapi::KeyLookup vaultKeyLookup(store::Store& store, std::shared_ptr<auth::Vault> vault) {
  return [&store, vault](const std::string& userId) -> std::optional<std::string> {
    auto credentials = store.vapiCredentials(userId);
    if (!credentials || !vault) return std::nullopt;
    auto key = vault->decrypt(credentials->keyCipher);
    if (!key) spdlog::error("VAPI key of user {} cannot be decrypted: wrong master key?", userId);
    return key;
  };
}

}  // namespace vm::accounts
