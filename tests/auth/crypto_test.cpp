// Password hashing, the vault, and HMAC webhook signatures.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "auth/hmac.hpp"
#include "auth/password.hpp"
#include "auth/secrets.hpp"
#include "auth/vault.hpp"

namespace vm::auth {
namespace {

TEST(Password, HashVerifiesOnlyTheSamePassword) {
  auto hash = hashPassword("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verifyPassword("correct horse battery", hash));
  EXPECT_FALSE(verifyPassword("correct horse batterx", hash));
  EXPECT_FALSE(verifyPassword("correct horse battery", ""));
  EXPECT_NE(hashPassword("correct horse battery"), hash);  // salted
}

TEST(Password, Policy) {
  EXPECT_NE(passwordPolicyError("short"), "");
  EXPECT_NE(passwordPolicyError("aaaaaaaaaaaa"), "");
  EXPECT_NE(passwordPolicyError(std::string(1025, 'x') + "y"), "");
  EXPECT_EQ(passwordPolicyError("a good long passphrase"), "");
}

std::string key(char fill) { return std::string(32, fill); }

TEST(Vault, RoundTripsAndDetectsTamperingAndOtherKeys) {
  Vault vault(key('k'));
  auto c = vault.encrypt("sk-live-1234");
  EXPECT_TRUE(c.starts_with("v1:"));
  EXPECT_EQ(c.find("sk-live"), std::string::npos);
  EXPECT_EQ(vault.decrypt(c), "sk-live-1234");
  EXPECT_NE(vault.encrypt("sk-live-1234"), c);  // random nonce
  Vault other(key('o'));
  EXPECT_FALSE(other.decrypt(c));
  std::string tampered = c;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(vault.decrypt(tampered));
  EXPECT_FALSE(vault.decrypt("garbage"));
  EXPECT_THROW(Vault("short"), std::invalid_argument);
}

TEST(Vault, RotationReencryptsUnderTheNewKey) {
  Vault oldVault(key('a')), newVault(key('b'));
  auto c = oldVault.encrypt("secret");
  auto rotated = newVault.encrypt(*oldVault.decrypt(c));
  EXPECT_EQ(newVault.decrypt(rotated), "secret");
  EXPECT_FALSE(oldVault.decrypt(rotated));
}

TEST(Vault, KeyFileIsCreatedPrivateAndReadBack) {
  auto dir = std::filesystem::temp_directory_path() / ("vm-vault-" + randomToken(6));
  auto path = (dir / "master.key").string();
  auto k1 = loadOrCreateKeyFile(path);
  EXPECT_EQ(k1.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(loadOrCreateKeyFile(path), k1);
  ::chmod(path.c_str(), 0644);
  EXPECT_THROW(loadOrCreateKeyFile(path), std::runtime_error);
  std::filesystem::remove_all(dir);
  EXPECT_THROW(keyFromBase64("c2hvcnQ="), std::runtime_error);
}

constexpr std::int64_t kNowMs = 1772323200000;

TEST(Hmac, AcceptsAGoodSignatureInSecondsOrMsWithOrWithoutPrefix) {
  std::string body = R"({"message":{"type":"status-update"}})";
  std::string ts = std::to_string(kNowMs / 1000);
  auto sig = webhookSignature("whsec", ts, body);
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, sig, ts, kNowMs), HmacResult::Ok);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, "sha256=" + sig, ts, kNowMs), HmacResult::Ok);
  std::string tsMs = std::to_string(kNowMs - 1000);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, webhookSignature("whsec", tsMs, body), tsMs, kNowMs),
            HmacResult::Ok);
}

TEST(Hmac, RejectsWrongStaleAndMissing) {
  std::string body = "{}";
  std::string ts = std::to_string(kNowMs / 1000);
  auto sig = webhookSignature("whsec", ts, body);
  EXPECT_EQ(verifyWebhookHmac("other", body, sig, ts, kNowMs), HmacResult::BadSignature);
  EXPECT_EQ(verifyWebhookHmac("whsec", "{ }", sig, ts, kNowMs), HmacResult::BadSignature);
  std::string old = std::to_string(kNowMs / 1000 - 301);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, webhookSignature("whsec", old, body), old, kNowMs),
            HmacResult::Stale);
  std::string future = std::to_string(kNowMs / 1000 + 301);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, webhookSignature("whsec", future, body), future, kNowMs),
            HmacResult::Stale);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, sig, "12abc", kNowMs), HmacResult::Stale);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, "", ts, kNowMs), HmacResult::Missing);
  EXPECT_EQ(verifyWebhookHmac("whsec", body, sig, "", kNowMs), HmacResult::Missing);
}

}  // namespace
}  // namespace vm::auth
