// Random identifiers and secrets (libsodium), their storage hashes, and constant-time comparison.
#pragma once

#include <string>
#include <string_view>

namespace vm::auth {

// Calls sodium_init() once; safe to call from anywhere, any number of times.
void ensureSodium();
// `bytes` random bytes as unpadded base64url (16 bytes = 128 bits -> 22 characters).
std::string randomToken(std::size_t bytes = 24);
// Hex BLAKE2b-256 of a high-entropy secret (API tokens, webhook secrets, session ids). Such secrets
// need no slow hash: guessing 128+ random bits is the hard part, not inverting the hash.
std::string hashSecret(std::string_view secret);
// Equal length and content, in time independent of where they differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace vm::auth
