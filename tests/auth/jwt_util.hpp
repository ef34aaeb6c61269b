// Test helper: an RSA key made in the test, its JWKS, and RS256 JWTs signed with it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace vm::auth::testing {

class TestSigner {
 public:
  explicit TestSigner(std::string kid);
  ~TestSigner();
  TestSigner(const TestSigner&) = delete;
  TestSigner& operator=(const TestSigner&) = delete;
  // {"keys":[{kty,kid,use,alg,n,e}]}
  nlohmann::json jwk() const;
  std::string jwks() const;
  // header.payload.signature with alg RS256 and this kid (or `alg` to forge other algorithms).
  std::string sign(const nlohmann::json& claims, const std::string& alg = "RS256") const;

 private:
  std::string kid_;
  void* pkey_;  // EVP_PKEY*
};

std::string base64Url(const std::string& raw);

}  // namespace vm::auth::testing
