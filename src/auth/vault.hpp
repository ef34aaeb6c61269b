// The credential vault: secrets the server must read back (users' VAPI keys, webhook secrets for HMAC)
// are stored encrypted with libsodium secretbox (XSalsa20-Poly1305) under a 32-byte master key.
// Ciphertext text: "v1:" + base64(nonce || box). The master key comes from a file (created 0600 on first
// run) or VM_MASTER_KEY (base64); never from a flag.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vm::auth {

class Vault {
 public:
  explicit Vault(std::string key);  // exactly 32 bytes
  ~Vault();
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  std::string encrypt(std::string_view plain) const;
  // nullopt when the text is malformed or was not made with this key (tampered, other key).
  std::optional<std::string> decrypt(std::string_view cipher) const;

 private:
  std::string key_;
};

// Reads a 32-byte key file (raw or base64 text), creating it with a fresh random key and mode 0600 when
// missing. Refuses a key file that others can read.
std::string loadOrCreateKeyFile(const std::string& path);
// Decodes VM_MASTER_KEY's base64; throws when it is not 32 bytes.
std::string keyFromBase64(std::string_view base64);
// Writes `key` as base64 to `path` (0600), atomically (temp file + rename).
void writeKeyFile(const std::string& path, const std::string& key);

}  // namespace vm::auth
