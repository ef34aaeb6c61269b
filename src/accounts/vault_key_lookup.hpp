// Where a user's VAPI key comes from: its stored ciphertext, decrypted by the vault. `serve` and
// `voicematrix sync` both hand this to the sync (and serve to the assistant routes).
#pragma once

#include <memory>

#include "store/store.hpp"
#include "vapi/key_lookup.hpp"

namespace vm::auth {
class Vault;
}  // namespace vm::auth

namespace vm::accounts {

// `store` must outlive the lookup.
vapi::KeyLookup vaultKeyLookup(store::Store& store, std::shared_ptr<auth::Vault> vault);

}  // namespace vm::accounts
