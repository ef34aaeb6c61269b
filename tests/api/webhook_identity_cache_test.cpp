// The webhook identity cache: hits within the time to live, sees changes made elsewhere after it, sees
// changes made through this process at once (clear), and never caches an unknown id.
#include "api/webhook_identity_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "store/store.hpp"

namespace {

using vm::api::WebhookIdentityCache;
using namespace std::chrono_literals;

class WebhookIdentityCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vm-identity-cache-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    vm::store::StoreOptions options;
    options.url = (dir_ / "vm.db").string();
    store_ = vm::store::openStore(options);
  }
  void TearDown() override {
    store_->close();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void addUser(const std::string& id, const std::string& org, const std::string& hook,
               const std::string& hash) {
    store_->createUser({id, id + "@example.com", org, hook, hash, ""});
  }

  std::filesystem::path dir_;
  std::unique_ptr<vm::store::Store> store_;
};

TEST_F(WebhookIdentityCacheTest, FindsUsersByHookAndOrgWithTheirAuthSettings) {
  addUser("u1", "org-1", "hook-1", "hash-1");
  WebhookIdentityCache cache(*store_);
  auto byHook = cache.byHookId("hook-1");
  auto byOrg = cache.byOrgId("org-1");
  ASSERT_TRUE(byHook && byOrg);
  EXPECT_EQ(byHook->user.id, "u1");
  EXPECT_EQ(byOrg->user.webhookSecretHash, "hash-1");
  EXPECT_EQ(byOrg->auth.mode, "secret");
  EXPECT_EQ(cache.byHookId("hook-2"), nullptr);
  EXPECT_EQ(cache.byOrgId("org-2"), nullptr);
}

TEST_F(WebhookIdentityCacheTest, AnUnknownIdIsNotCachedSoANewUserIsFoundAtOnce) {
  WebhookIdentityCache cache(*store_, 1h);
  EXPECT_EQ(cache.byOrgId("org-9"), nullptr);
  addUser("u9", "org-9", "hook-9", "hash-9");
  auto identity = cache.byOrgId("org-9");
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->user.id, "u9");
}

TEST_F(WebhookIdentityCacheTest, AChangeMadeElsewhereIsSeenAfterTheTimeToLive) {
  addUser("u1", "org-1", "hook-1", "old-hash");
  WebhookIdentityCache cache(*store_, 150ms);
  ASSERT_EQ(cache.byHookId("hook-1")->user.webhookSecretHash, "old-hash");
  // Another instance (or the CLI) rotates the secret: this process is not told.
  store_->setWebhookSecret("u1", "new-hash", "", 0);
  EXPECT_EQ(cache.byHookId("hook-1")->user.webhookSecretHash, "old-hash");  // cached
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(cache.byHookId("hook-1")->user.webhookSecretHash, "new-hash");
}

TEST_F(WebhookIdentityCacheTest, ClearMakesAChangeMadeHereVisibleAtOnce) {
  addUser("u1", "org-1", "hook-1", "old-hash");
  WebhookIdentityCache cache(*store_, 1h);
  ASSERT_EQ(cache.byOrgId("org-1")->auth.mode, "secret");
  store_->setWebhookAuthMode("u1", "hmac");
  store_->setVapiOrgId("u1", "org-2");
  cache.clear();
  EXPECT_EQ(cache.byOrgId("org-1"), nullptr);
  auto moved = cache.byOrgId("org-2");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->auth.mode, "hmac");
}

}  // namespace
