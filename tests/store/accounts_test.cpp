// The "accounts" section of Store: passwords, sessions, tokens, VAPI credentials, webhook auth, identities,
// and that each of them is scoped to its user.
#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

TEST_P(StoreTest, PasswordAndEmailLookup) {
  auto u = makeUser("pw");
  EXPECT_EQ(store_->passwordHash(u.id), "");
  store_->setPasswordHash(u.id, "$argon2id$x");
  EXPECT_EQ(store_->passwordHash(u.id), "$argon2id$x");
  ASSERT_TRUE(store_->userByEmail(u.email));
  EXPECT_EQ(store_->userByEmail(u.email)->id, u.id);
  EXPECT_FALSE(store_->userByEmail(prefix_ + "nobody@example.com"));
}

TEST_P(StoreTest, SessionsAreCreatedTouchedAndDeletedPerUser) {
  auto a = makeUser("sa");
  auto b = makeUser("sb");
  store_->createSession({prefix_ + "s1", a.id, 1000, 1000, 9000});
  store_->createSession({prefix_ + "s2", a.id, 1000, 1000, 9000});
  store_->createSession({prefix_ + "s3", b.id, 1000, 1000, 9000});
  store_->touchSession(prefix_ + "s1", 2000);
  auto s1 = store_->sessionByHash(prefix_ + "s1");
  ASSERT_TRUE(s1);
  EXPECT_EQ(s1->userId, a.id);
  EXPECT_EQ(s1->lastSeenMs, 2000);
  EXPECT_EQ(s1->expiresAtMs, 9000);
  store_->deleteSession(prefix_ + "s2");
  EXPECT_FALSE(store_->sessionByHash(prefix_ + "s2"));
  store_->deleteSessionsOfUser(a.id);
  EXPECT_FALSE(store_->sessionByHash(prefix_ + "s1"));
  EXPECT_TRUE(store_->sessionByHash(prefix_ + "s3"));
}

TEST_P(StoreTest, TokensAreListedAndRevokedOnlyByTheirOwner) {
  auto a = makeUser("ta");
  auto b = makeUser("tb");
  const std::string hash = prefix_ + "0123456789abcdef0123";
  store_->addApiToken(a.id, hash, "ci");
  auto tokens = store_->listApiTokens(a.id);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].id, apiTokenIdFor(hash));
  EXPECT_EQ(tokens[0].name, "ci");
  EXPECT_TRUE(store_->listApiTokens(b.id).empty());
  EXPECT_FALSE(store_->deleteApiToken(b.id, tokens[0].id));
  EXPECT_TRUE(tokenUser(hash));
  EXPECT_TRUE(store_->deleteApiToken(a.id, tokens[0].id));
  EXPECT_FALSE(tokenUser(hash));
}

TEST_P(StoreTest, ATokensLastUseOnlyMovesForward) {
  auto a = makeUser("tu");
  const std::string hash = prefix_ + "fedcba9876543210fedc";
  store_->addApiToken(a.id, hash, "script");
  EXPECT_EQ(store_->listApiTokens(a.id).at(0).lastUsedMs, 0);
  EXPECT_EQ(store_->apiTokenOwner(hash)->lastUsedMs, 0);
  store_->touchApiToken(hash, 5000);
  EXPECT_EQ(store_->listApiTokens(a.id).at(0).lastUsedMs, 5000);
  auto owner = store_->apiTokenOwner(hash);  // what authentication reads to decide whether to write again
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->user.id, a.id);
  EXPECT_EQ(owner->lastUsedMs, 5000);
  store_->touchApiToken(hash, 4000);  // a late or skewed writer never moves it back
  EXPECT_EQ(store_->listApiTokens(a.id).at(0).lastUsedMs, 5000);
  store_->touchApiToken(prefix_ + "no-such-token-hash-00", 9000);  // unknown: nothing happens
  EXPECT_EQ(store_->listApiTokens(a.id).at(0).lastUsedMs, 5000);
}

TEST_P(StoreTest, VapiCredentialsAndOrgId) {
  auto a = makeUser("va");
  auto b = makeUser("vb");
  EXPECT_FALSE(store_->vapiCredentials(a.id));
  store_->setVapiCredentials(a.id, {"cipher-1", "…abcd", 0});
  store_->setVapiCredentials(a.id, {"cipher-2", "…wxyz", 0});
  auto c = store_->vapiCredentials(a.id);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->keyCipher, "cipher-2");
  EXPECT_EQ(c->keyHint, "…wxyz");
  EXPECT_FALSE(store_->vapiCredentials(b.id));
  store_->setVapiOrgId(a.id, prefix_ + "org-a");
  EXPECT_EQ(store_->userById(a.id)->vapiOrgId, prefix_ + "org-a");
  EXPECT_THROW(store_->setVapiOrgId(b.id, prefix_ + "org-a"), ConflictError);
  EXPECT_FALSE(store_->deleteVapiCredentials(b.id));
  EXPECT_TRUE(store_->deleteVapiCredentials(a.id));
  EXPECT_FALSE(store_->vapiCredentials(a.id));
}

TEST_P(StoreTest, WebhookSecretRotationKeepsThePreviousHash) {
  auto a = makeUser("wa");
  auto defaults = store_->webhookAuth(a.id);
  EXPECT_EQ(defaults.mode, "secret");
  EXPECT_EQ(defaults.previousSecretHash, "");
  store_->setWebhookSecret(a.id, "hash-2", "cipher-2", 5000);
  auto auth = store_->webhookAuth(a.id);
  EXPECT_EQ(store_->userById(a.id)->webhookSecretHash, "hash-2");
  EXPECT_EQ(auth.previousSecretHash, "hash-wa");
  EXPECT_EQ(auth.previousValidUntilMs, 5000);
  EXPECT_EQ(auth.secretCipher, "cipher-2");
  store_->setWebhookAuthMode(a.id, "hmac");
  EXPECT_EQ(store_->webhookAuth(a.id).mode, "hmac");
  EXPECT_EQ(store_->webhookAuth(a.id).secretCipher, "cipher-2");
  store_->setWebhookSecret(a.id, "hash-3", "cipher-3", 0);
  EXPECT_EQ(store_->webhookAuth(a.id).previousSecretHash, "");
  EXPECT_EQ(store_->webhookAuth(a.id).mode, "hmac");
}

TEST_P(StoreTest, ReencryptReplacesEveryCiphertext) {
  auto a = makeUser("ra");
  store_->setVapiCredentials(a.id, {"k", "…1234", 0});
  store_->setWebhookSecret(a.id, "h", "s", 0);
  EXPECT_GE(store_->reencryptSecrets([](const std::string& c) { return "new:" + c; }), 2);
  EXPECT_EQ(store_->vapiCredentials(a.id)->keyCipher, "new:k");
  EXPECT_EQ(store_->webhookAuth(a.id).secretCipher, "new:s");
  // All or nothing: a failure leaves every ciphertext as it was.
  EXPECT_ANY_THROW(
      store_->reencryptSecrets([](const std::string&) -> std::string { throw std::runtime_error("x"); }));
  EXPECT_EQ(store_->vapiCredentials(a.id)->keyCipher, "new:k");
}

TEST_P(StoreTest, ExternalIdentityMapsToOneUser) {
  NewUser n;
  n.id = prefix_ + "ext";
  n.email = prefix_ + "ext@example.com";
  n.hookId = prefix_ + "ext-hook";
  n.webhookSecretHash = "h";
  store_->createExternalUser(n, "https://issuer", prefix_ + "sub-1");
  auto found = store_->userByExternalIdentity("https://issuer", prefix_ + "sub-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, n.id);
  EXPECT_FALSE(store_->userByExternalIdentity("https://other", prefix_ + "sub-1"));
  NewUser again = n;
  again.id = prefix_ + "ext2";
  again.email = prefix_ + "ext2@example.com";
  again.hookId = prefix_ + "ext2-hook";
  EXPECT_THROW(store_->createExternalUser(again, "https://issuer", prefix_ + "sub-1"), ConflictError);
  EXPECT_FALSE(store_->userById(again.id));  // the user insert was rolled back with the identity
}

}  // namespace
}  // namespace vm::store::testing
