#include "jwt_util.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <stdexcept>

namespace vm::auth::testing {

std::string base64Url(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

namespace {
std::string bnParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("bn param");
  std::string raw(BN_num_bytes(bn), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(raw.data()));
  BN_free(bn);
  return base64Url(raw);
}
}  // namespace

TestSigner::TestSigner(std::string kid) : kid_(std::move(kid)), pkey_(EVP_RSA_gen(2048)) {
  if (!pkey_) throw std::runtime_error("RSA keygen failed");
}
TestSigner::~TestSigner() { EVP_PKEY_free(static_cast<EVP_PKEY*>(pkey_)); }

nlohmann::json TestSigner::jwk() const {
  auto* key = static_cast<EVP_PKEY*>(pkey_);
  return {{"kty", "RSA"},
          {"kid", kid_},
          {"use", "sig"},
          {"alg", "RS256"},
          {"n", bnParam(key, OSSL_PKEY_PARAM_RSA_N)},
          {"e", bnParam(key, OSSL_PKEY_PARAM_RSA_E)}};
}

std::string TestSigner::jwks() const { return nlohmann::json{{"keys", {jwk()}}}.dump(); }

std::string TestSigner::sign(const nlohmann::json& claims, const std::string& alg) const {
  nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}, {"kid", kid_}};
  std::string input = base64Url(header.dump()) + "." + base64Url(claims.dump());
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  std::size_t len = 0;
  EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, static_cast<EVP_PKEY*>(pkey_));
  EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  std::string sig(len, '\0');
  EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  sig.resize(len);
  EVP_MD_CTX_free(md);
  return input + "." + base64Url(sig);
}

}  // namespace vm::auth::testing
