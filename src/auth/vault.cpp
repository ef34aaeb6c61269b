#include "auth/vault.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "auth/secrets.hpp"

namespace vm::auth {
namespace {

constexpr std::string_view kPrefix = "v1:";

std::string toBase64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> fromBase64(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        " \r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

}  // namespace

Vault::Vault(std::string key) : key_(std::move(key)) {
  ensureSodium();
  if (key_.size() != crypto_secretbox_KEYBYTES) throw std::invalid_argument("master key must be 32 bytes");
}

Vault::~Vault() { sodium_memzero(key_.data(), key_.size()); }

std::string Vault::encrypt(std::string_view plain) const {
  std::string buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);  // 192-bit random nonces never repeat in practice
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return std::string(kPrefix) + toBase64(nonce, buf.size());
}

std::optional<std::string> Vault::decrypt(std::string_view cipher) const {
  if (!cipher.starts_with(kPrefix)) return std::nullopt;
  auto raw = fromBase64(cipher.substr(kPrefix.size()));
  if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  std::size_t boxSize = raw->size() - crypto_secretbox_NONCEBYTES;
  std::string plain(boxSize - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box, boxSize, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return std::nullopt;
  }
  return plain;
}

std::string keyFromBase64(std::string_view base64) {
  ensureSodium();
  auto key = fromBase64(base64);
  if (!key || key->size() != crypto_secretbox_KEYBYTES)
    throw std::runtime_error("the master key must be 32 bytes, base64-encoded");
  return *key;
}

void writeKeyFile(const std::string& path, const std::string& key) {
  ensureSodium();
  auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create key file " + path);
  std::string text = toBase64(reinterpret_cast<const unsigned char*>(key.data()), key.size()) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write key file " + path);
  }
}

std::string loadOrCreateKeyFile(const std::string& path) {
  ensureSodium();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    std::string key(crypto_secretbox_KEYBYTES, '\0');
    randombytes_buf(key.data(), key.size());
    writeKeyFile(path, key);
    return key;
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw std::runtime_error("master key file " + path + " is readable by others: chmod 600 it");
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.size() == crypto_secretbox_KEYBYTES) return text;  // raw bytes
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return keyFromBase64(text);
}

}  // namespace vm::auth
