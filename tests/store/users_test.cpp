// Users, API tokens and sync state.
#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

TEST_P(StoreTest, UsersAreFoundByEveryKey) {
  NewUser n;
  n.id = prefix_ + "u1";
  n.email = prefix_ + "u1@example.com";
  n.vapiOrgId = prefix_ + "org-1";
  n.hookId = prefix_ + "hook-1";
  n.webhookSecretHash = "secret-hash";
  n.apiTokenHash = prefix_ + "token-hash-1";
  domain::User created = store_->createUser(n);
  EXPECT_GT(created.createdAtMs, 0);

  for (auto found : {store_->userById(n.id), store_->userByHookId(n.hookId), store_->userByOrgId(n.vapiOrgId),
                     tokenUser(n.apiTokenHash)}) {
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, n.id);
    EXPECT_EQ(found->email, n.email);
    EXPECT_EQ(found->vapiOrgId, n.vapiOrgId);
    EXPECT_EQ(found->hookId, n.hookId);
    EXPECT_EQ(found->webhookSecretHash, "secret-hash");
    EXPECT_EQ(found->createdAtMs, created.createdAtMs);
  }
  EXPECT_FALSE(store_->userById(prefix_ + "nobody"));
  EXPECT_FALSE(tokenUser(prefix_ + "other"));
  EXPECT_FALSE(store_->userByOrgId(""));

  store_->addApiToken(n.id, prefix_ + "token-hash-2", "ci");
  EXPECT_EQ(tokenUser(prefix_ + "token-hash-2")->id, n.id);
  EXPECT_THROW(store_->addApiToken(n.id, prefix_ + "token-hash-2", "again"), ConflictError);
}

TEST_P(StoreTest, TakenEmailHookOrOrgIsAConflict) {
  NewUser first;
  first.id = prefix_ + "u1";
  first.email = prefix_ + "u1@example.com";
  first.vapiOrgId = prefix_ + "org";
  first.hookId = prefix_ + "hook-1";
  first.webhookSecretHash = "h";
  store_->createUser(first);

  NewUser sameEmail = first;
  sameEmail.id = prefix_ + "u2";
  sameEmail.vapiOrgId = "";
  sameEmail.hookId = prefix_ + "hook-2";
  EXPECT_THROW(store_->createUser(sameEmail), ConflictError);

  NewUser sameHook = first;
  sameHook.id = prefix_ + "u3";
  sameHook.email = prefix_ + "u3@example.com";
  sameHook.vapiOrgId = "";
  EXPECT_THROW(store_->createUser(sameHook), ConflictError);

  NewUser sameOrg = first;
  sameOrg.id = prefix_ + "u4";
  sameOrg.email = prefix_ + "u4@example.com";
  sameOrg.hookId = prefix_ + "hook-4";
  EXPECT_THROW(store_->createUser(sameOrg), ConflictError);

  // Any number of users may have no organization yet.
  for (int i = 5; i < 8; ++i) {
    NewUser noOrg;
    noOrg.id = prefix_ + "u" + std::to_string(i);
    noOrg.email = noOrg.id + "@example.com";
    noOrg.hookId = noOrg.id + "-hook";
    noOrg.webhookSecretHash = "h";
    EXPECT_NO_THROW(store_->createUser(noOrg));
  }
  // A failed create leaves nothing behind, and the store keeps working.
  EXPECT_FALSE(store_->userById(prefix_ + "u2"));
  int mine = 0;
  for (const auto& user : store_->listUsers()) mine += user.id.starts_with(prefix_);
  EXPECT_EQ(mine, 4);
}

TEST_P(StoreTest, SyncStateIsSavedPerUserAndType) {
  auto alice = makeUser("alice");
  auto bob = makeUser("bob");
  EXPECT_TRUE(store_->syncStates(alice.id).empty());
  SyncState calls;
  calls.syncType = "calls";
  calls.syncStatus = "running";
  calls.lastSyncTimestampMs = 123;
  store_->saveSyncState(alice.id, calls);
  calls.syncStatus = "failed";
  calls.errorMessage = "VAPI answered 503";
  calls.syncedCount = 40;
  calls.cursor = "createdAtLt=2026-03-01";
  store_->saveSyncState(alice.id, calls);
  SyncState assistants;
  assistants.syncType = "assistants";
  assistants.syncStatus = "success";
  store_->saveSyncState(alice.id, assistants);

  auto states = store_->syncStates(alice.id);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].syncType, "assistants");
  EXPECT_EQ(states[1].syncType, "calls");
  EXPECT_EQ(states[1].syncStatus, "failed");
  EXPECT_EQ(states[1].errorMessage, "VAPI answered 503");
  EXPECT_EQ(states[1].syncedCount, 40);
  EXPECT_EQ(states[1].lastSyncTimestampMs, 123);
  EXPECT_EQ(states[1].cursor, "createdAtLt=2026-03-01");
  EXPECT_TRUE(store_->syncStates(bob.id).empty());
}

}  // namespace
}  // namespace vm::store::testing
