// How the VAPI client's users (the sync, the assistant routes) get a user's VAPI private key without
// knowing where it is kept: the accounts layer provides it from the vault.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace vm::vapi {

// The user's decrypted VAPI private key, or nullopt (or "") when none is configured.
using KeyLookup = std::function<std::optional<std::string>(const std::string& userId)>;

}  // namespace vm::vapi
