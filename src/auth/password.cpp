#include "auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "auth/secrets.hpp"

namespace vm::auth {

std::string hashPassword(std::string_view password) {
  ensureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool verifyPassword(std::string_view password, const std::string& encoded) {
  ensureSodium();
  if (encoded.empty()) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void dummyVerifyPassword(std::string_view password) {
  // Made once with the same limits as real hashes, so the work done matches a real verify.
  static const std::string dummy = hashPassword("voicematrix-dummy-password");
  (void)verifyPassword(password, dummy);
}

std::string passwordPolicyError(std::string_view password) {
  if (password.size() < 10) return "password must be at least 10 characters";
  if (password.size() > 1024) return "password must be at most 1024 characters";
  if (password.find_first_not_of(password[0]) == std::string_view::npos)
    return "password must not repeat a single character";
  return "";
}

}  // namespace vm::auth
