// The serving lock (Store::holdServing / tryExcludeServers): servers share it, `keys rotate` needs it
// alone. On both backends: a file lock beside the SQLite database, an advisory lock on PostgreSQL.
#include "store_fixture.hpp"

namespace vm::store::testing {
namespace {

TEST_P(StoreTest, ServersShareTheServingLockAndExcludeARotation) {
  auto first = store_->holdServing();
  auto second = store_->holdServing();  // a second instance on the same database
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(store_->tryExcludeServers(), nullptr) << "a rotation must not run beside a server";
  first.reset();
  EXPECT_EQ(store_->tryExcludeServers(), nullptr) << "one server is still running";
  second.reset();
  auto rotation = store_->tryExcludeServers();
  EXPECT_NE(rotation, nullptr) << "no server left: the rotation may run";
  EXPECT_THROW(store_->holdServing(), std::runtime_error) << "no server starts during a rotation";
  rotation.reset();
  EXPECT_NE(store_->holdServing(), nullptr);
}

}  // namespace
}  // namespace vm::store::testing
