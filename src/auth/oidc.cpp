#include "auth/oidc.hpp"

#include <curl/curl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "auth/secrets.hpp"

namespace vm::auth {
namespace {

std::optional<std::string> base64UrlDecode(std::string_view text) {
  ensureSodium();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::optional<nlohmann::json> decodeJsonPart(std::string_view part) {
  auto raw = base64UrlDecode(part);
  if (!raw) return std::nullopt;
  auto j = nlohmann::json::parse(*raw, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string withoutTrailingSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

size_t collect(char* data, size_t size, size_t n, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * n > 1024 * 1024) return 0;  // a JWKS is small: refuse anything huge
  body->append(data, size * n);
  return size * n;
}

}  // namespace

struct OidcVerifier::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

HttpGet curlHttpGet(long timeoutMs) {
  return [timeoutMs](const std::string& url) -> std::optional<std::string> {
    CURL* curl = curl_easy_init();
    if (!curl) return std::nullopt;
    std::string body;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK || status != 200) {
      spdlog::warn("oidc: fetching {} failed (curl {}, HTTP {})", url, static_cast<int>(rc), status);
      return std::nullopt;
    }
    return body;
  };
}

bool looksLikeJwt(std::string_view token) {
  auto first = token.find('.');
  if (first == std::string_view::npos) return false;
  auto second = token.find('.', first + 1);
  return second != std::string_view::npos && token.find('.', second + 1) == std::string_view::npos;
}

OidcVerifier::OidcVerifier(std::string issuer, std::string audience, HttpGet get,
                           std::chrono::seconds minRefreshInterval)
    : issuer_(withoutTrailingSlash(std::move(issuer))),
      audience_(std::move(audience)),
      get_(std::move(get)),
      minRefreshInterval_(minRefreshInterval) {}

OidcVerifier::~OidcVerifier() = default;

bool OidcVerifier::loadJwks(std::string_view jwksJson) {
  auto doc = nlohmann::json::parse(jwksJson, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array())
    return false;
  std::map<std::string, std::shared_ptr<Key>> keys;
  for (const auto& k : doc["keys"]) {
    if (!k.is_object() || k.value("kty", "") != "RSA" || !k.contains("n") || !k.contains("e")) continue;
    if (k.contains("use") && k.value("use", "") != "sig") continue;
    auto n = base64UrlDecode(k.value("n", ""));
    auto e = base64UrlDecode(k.value("e", ""));
    if (!n || !e || n->empty() || e->empty()) continue;
    BIGNUM* bn =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()), nullptr);
    BIGNUM* be =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()), nullptr);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be);
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    auto key = std::make_shared<Key>();
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &key->pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0) {
      key.reset();
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    BN_free(be);
    if (key) keys[k.value("kid", "")] = std::move(key);
  }
  if (keys.empty()) return false;
  std::lock_guard lock(mutex_);
  keys_ = std::move(keys);
  return true;
}

bool OidcVerifier::refresh() {
  std::lock_guard fetching(refreshMutex_);
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (lastRefresh_ && now - *lastRefresh_ < minRefreshInterval_) return false;
    lastRefresh_ = now;
  }
  if (jwksUri_.empty()) {
    auto config = get_(issuer_ + "/.well-known/openid-configuration");
    if (!config) return false;
    auto doc = nlohmann::json::parse(*config, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("jwks_uri") || !doc["jwks_uri"].is_string()) {
      spdlog::warn("oidc: the issuer's openid-configuration has no jwks_uri");
      return false;
    }
    jwksUri_ = doc["jwks_uri"].get<std::string>();
  }
  auto jwks = get_(jwksUri_);
  if (!jwks || !loadJwks(*jwks)) {
    spdlog::warn("oidc: no usable key in the issuer's JWKS");
    return false;
  }
  return true;
}

std::shared_ptr<OidcVerifier::Key> OidcVerifier::keyFor(const std::string& kid) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = keys_.find(kid); it != keys_.end()) return it->second;
  }
  // A miss: a first use or a rotated key at the issuer. Synchronous, short timeout, rate-limited.
  if (!refresh()) return nullptr;
  std::lock_guard lock(mutex_);
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : it->second;
}

std::optional<JwtIdentity> OidcVerifier::verify(std::string_view jwt, std::int64_t nowMs) {
  if (!looksLikeJwt(jwt) || jwt.size() > 16 * 1024) return std::nullopt;
  auto dot1 = jwt.find('.');
  auto dot2 = jwt.find('.', dot1 + 1);
  auto header = decodeJsonPart(jwt.substr(0, dot1));
  auto payload = decodeJsonPart(jwt.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64UrlDecode(jwt.substr(dot2 + 1));
  if (!header || !payload || !signature) return std::nullopt;
  // Only RS256: "none" and HMAC algorithms (key confusion with the public key) are refused.
  if (header->value("alg", "") != "RS256") return std::nullopt;
  std::string kid = (*header)["kid"].is_string() ? (*header)["kid"].get<std::string>() : "";
  auto key = keyFor(kid);
  if (!key) return std::nullopt;

  std::string_view signingInput = jwt.substr(0, dot2);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  bool valid =
      md && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key->pkey) == 1 &&
      EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature->data()), signature->size(),
                       reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size()) == 1;
  EVP_MD_CTX_free(md);
  if (!valid) return std::nullopt;

  auto& claims = *payload;  // non-const: a missing claim reads as null instead of asserting
  if (!claims["iss"].is_string() || withoutTrailingSlash(claims["iss"].get<std::string>()) != issuer_)
    return std::nullopt;
  bool audienceOk = false;
  if (claims.contains("aud")) {
    const auto& aud = claims["aud"];
    if (aud.is_string()) audienceOk = aud.get<std::string>() == audience_;
    if (aud.is_array())
      for (const auto& a : aud)
        audienceOk = audienceOk || (a.is_string() && a.get<std::string>() == audience_);
  } else if (claims["client_id"].is_string()) {
    audienceOk = claims["client_id"].get<std::string>() == audience_;  // Cognito access tokens
  }
  if (!audienceOk) return std::nullopt;
  constexpr std::int64_t kLeewaySeconds = 60;  // clock skew between the issuer and this server
  const std::int64_t now = nowMs / 1000;
  if (!claims["exp"].is_number() || claims["exp"].get<double>() + kLeewaySeconds < static_cast<double>(now))
    return std::nullopt;
  if (claims.contains("nbf") &&
      (!claims["nbf"].is_number() || claims["nbf"].get<double>() - kLeewaySeconds > static_cast<double>(now)))
    return std::nullopt;
  if (!claims["sub"].is_string() || claims["sub"].get<std::string>().empty()) return std::nullopt;

  JwtIdentity identity;
  identity.subject = claims["sub"].get<std::string>();
  if (claims["email"].is_string()) identity.email = claims["email"].get<std::string>();
  return identity;
}

}  // namespace vm::auth
