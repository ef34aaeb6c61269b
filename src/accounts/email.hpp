// The email rules every way of making or finding an account shares (sign-up, sign-in, OIDC, the CLI).
#pragma once

#include <string>

namespace vm::accounts {

// Trimmed and lower-cased.
std::string normalizeEmail(std::string email);
// "" when `email` (normalized) is acceptable, otherwise the message for the client (422).
std::string emailError(const std::string& email);

}  // namespace vm::accounts
