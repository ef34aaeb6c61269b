// Password hashing for accounts: Argon2id (libsodium crypto_pwhash_str, interactive limits), and the
// password policy the API enforces.
#pragma once

#include <string>
#include <string_view>

namespace vm::auth {

// An encoded Argon2id hash ("$argon2id$v=19$m=...") with its own random salt and parameters.
std::string hashPassword(std::string_view password);
// True when `password` matches `encoded`; false for a mismatch or a malformed hash.
bool verifyPassword(std::string_view password, const std::string& encoded);
// Costs the same as one verifyPassword, for unknown accounts, so response time does not tell whether an
// email exists.
void dummyVerifyPassword(std::string_view password);
// "" when acceptable, otherwise the message for the client (422).
std::string passwordPolicyError(std::string_view password);

}  // namespace vm::auth
