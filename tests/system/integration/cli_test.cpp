// The command line's handling of where things live: a sqlite:// URL is a SQLite file like a plain path
// (its directory is made, master.key goes beside it), and the renamed durability flag is accepted.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness.hpp"

using namespace vmtest;

namespace {

TEST(Cli, SqliteUrlIsAPathItsDirectoryIsMadeAndTheKeyLivesBesideIt) {
  TempDir dir;
  const std::string nested = dir.path() + "/nested/deeper";
  // From inside `dir`, so a master key wrongly put in ./data would show up there.
  auto out = nlohmann::json::parse(runCommand("cd '" + dir.path() + "' && " + std::string(VM_BINARY) +
                                              " user add --log-level warn --email url@example.com --db "
                                              "'sqlite://" +
                                              nested + "/vm.db'"));
  EXPECT_TRUE(out.contains("apiToken")) << out.dump();
  EXPECT_TRUE(std::filesystem::exists(nested + "/vm.db"));
  EXPECT_TRUE(std::filesystem::exists(nested + "/master.key"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/data"));
}

TEST(Cli, SqliteSynchronousNormalIsAccepted) {
  TempDir dir;
  auto out = nlohmann::json::parse(runCommand(std::string(VM_BINARY) +
                                              " migrate --log-level warn --sqlite-synchronous normal --db '" +
                                              dir.path() + "/vm.db'"));
  EXPECT_EQ(out, nlohmann::json({{"migrated", true}}));
}

}  // namespace
