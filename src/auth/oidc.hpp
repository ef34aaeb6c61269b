// External identity (OIDC): verifies RS256 JWTs from one issuer (Cognito user pools, Auth0, Keycloak)
// against the issuer's JWKS. The JWKS URI comes from <issuer>/.well-known/openid-configuration; keys are
// cached by kid and refetched when a token names an unknown kid (at most once per refresh interval, so
// tokens with made-up kids cannot make the server hammer the issuer).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace vm::auth {

struct JwtIdentity {
  std::string subject;
  std::string email;  // "" when the token has none
};

// GET `url` -> body, or nullopt on any failure. The default uses libcurl with a short timeout.
using HttpGet = std::function<std::optional<std::string>(const std::string& url)>;
HttpGet curlHttpGet(long timeoutMs = 3000);

// A token of the form header.payload.signature (so Bearer API tokens and JWTs can be told apart).
bool looksLikeJwt(std::string_view token);

class OidcVerifier {
 public:
  OidcVerifier(std::string issuer, std::string audience, HttpGet get = curlHttpGet(),
               std::chrono::seconds minRefreshInterval = std::chrono::seconds(30));
  ~OidcVerifier();

  // Replaces the cached keys with a JWKS document (also how the fetched one is loaded). false when the
  // document holds no usable RSA key.
  bool loadJwks(std::string_view jwksJson);
  // The identity of a valid token: RS256, known kid, signature, iss, aud, exp, nbf; nullopt otherwise.
  std::optional<JwtIdentity> verify(std::string_view jwt, std::int64_t nowMs);

  const std::string& issuer() const { return issuer_; }

 private:
  struct Key;
  std::shared_ptr<Key> keyFor(const std::string& kid);
  bool refresh();

  const std::string issuer_;
  const std::string audience_;
  HttpGet get_;
  const std::chrono::seconds minRefreshInterval_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Key>> keys_;
  std::string jwksUri_;
  std::optional<std::chrono::steady_clock::time_point> lastRefresh_;
  std::mutex refreshMutex_;  // one fetch at a time; verifications of cached kids never wait for it
};

}  // namespace vm::auth
