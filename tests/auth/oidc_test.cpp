// RS256 JWT verification against a JWKS: keys made by the test, the JWKS served through an injected
// fetcher (the integration test serves it over HTTP).
#include "auth/oidc.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "jwt_util.hpp"

namespace vm::auth {
namespace {

using testing::TestSigner;
constexpr std::int64_t kNowMs = 1772323200000;
const std::string kIssuer = "https://issuer.example";

nlohmann::json claims(std::int64_t expOffset = 600) {
  return {{"iss", kIssuer},       {"aud", "vm-client"},
          {"sub", "user-123"},    {"email", "Ann@Example.com"},
          {"iat", kNowMs / 1000}, {"exp", kNowMs / 1000 + expOffset}};
}

struct FakeIssuer {
  std::string jwks;
  std::atomic<int> fetches{0};
  HttpGet get() {
    return [this](const std::string& url) -> std::optional<std::string> {
      ++fetches;
      if (url == kIssuer + "/.well-known/openid-configuration")
        return nlohmann::json{{"issuer", kIssuer}, {"jwks_uri", kIssuer + "/jwks"}}.dump();
      if (url == kIssuer + "/jwks") return jwks;
      return std::nullopt;
    };
  }
};

TEST(Oidc, AcceptsAValidTokenFetchedJwks) {
  TestSigner signer("k1");
  FakeIssuer issuer{signer.jwks()};
  OidcVerifier v(kIssuer, "vm-client", issuer.get());
  auto id = v.verify(signer.sign(claims()), kNowMs);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->subject, "user-123");
  EXPECT_EQ(id->email, "Ann@Example.com");
  EXPECT_EQ(issuer.fetches.load(), 2);  // configuration + JWKS, then cached
  EXPECT_TRUE(v.verify(signer.sign(claims()), kNowMs));
  EXPECT_EQ(issuer.fetches.load(), 2);
}

TEST(Oidc, RejectsBadClaimsSignatureAndAlgorithms) {
  TestSigner signer("k1");
  OidcVerifier v(kIssuer, "vm-client", [](const std::string&) { return std::nullopt; });
  ASSERT_TRUE(v.loadJwks(signer.jwks()));
  EXPECT_TRUE(v.verify(signer.sign(claims()), kNowMs));
  EXPECT_FALSE(v.verify(signer.sign(claims(-120)), kNowMs));  // expired beyond the leeway
  auto c = claims();
  c["aud"] = "someone-else";
  EXPECT_FALSE(v.verify(signer.sign(c), kNowMs));
  c = claims();
  c["aud"] = {"x", "vm-client"};
  EXPECT_TRUE(v.verify(signer.sign(c), kNowMs));
  c = claims();
  c["iss"] = "https://evil.example";
  EXPECT_FALSE(v.verify(signer.sign(c), kNowMs));
  c = claims();
  c["nbf"] = kNowMs / 1000 + 3600;
  EXPECT_FALSE(v.verify(signer.sign(c), kNowMs));
  c = claims();
  c.erase("exp");
  EXPECT_FALSE(v.verify(signer.sign(c), kNowMs));
  // Tampered payload: signature no longer matches.
  auto token = signer.sign(claims());
  auto dot1 = token.find('.'), dot2 = token.find('.', dot1 + 1);
  auto forged = claims();
  forged["sub"] = "admin";
  EXPECT_FALSE(
      v.verify(token.substr(0, dot1 + 1) + testing::base64Url(forged.dump()) + token.substr(dot2), kNowMs));
  // alg none / HS256 are refused whatever the signature.
  EXPECT_FALSE(v.verify(signer.sign(claims(), "none"), kNowMs));
  EXPECT_FALSE(v.verify(signer.sign(claims(), "HS256"), kNowMs));
  // Another key with the same kid.
  TestSigner other("k1");
  EXPECT_FALSE(v.verify(other.sign(claims()), kNowMs));
  EXPECT_FALSE(v.verify("not.a.jwt", kNowMs));
}

TEST(Oidc, UnknownKidRefreshesOnceThenRateLimits) {
  TestSigner first("k1"), rotated("k2");
  FakeIssuer issuer{first.jwks()};
  OidcVerifier v(kIssuer, "vm-client", issuer.get(), std::chrono::seconds(0));
  EXPECT_TRUE(v.verify(first.sign(claims()), kNowMs));
  issuer.jwks = rotated.jwks();  // the issuer rotated its key
  EXPECT_TRUE(v.verify(rotated.sign(claims()), kNowMs));

  OidcVerifier limited(kIssuer, "vm-client", issuer.get(), std::chrono::seconds(3600));
  EXPECT_TRUE(limited.verify(rotated.sign(claims()), kNowMs));
  int before = issuer.fetches.load();
  TestSigner stranger("k-unknown");
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limited.verify(stranger.sign(claims()), kNowMs));
  EXPECT_EQ(issuer.fetches.load(), before);  // made-up kids do not hammer the issuer
}

}  // namespace
}  // namespace vm::auth
