// `voicematrix analytics rebuild`: recomputes the analytics contributions from the stored calls.
#include <iostream>

#include "cli/command.hpp"
#include "cli/logging.hpp"
#include "cli/store_flags.hpp"

namespace vm::cli {

Command addAnalyticsRebuildCommand(CLI::App& cli, std::string& logLevel) {
  struct Flags {
    StoreFlags store;
    std::string userId;  // "" = every user
  };
  auto flags = std::make_shared<Flags>();
  auto* analytics = cli.add_subcommand("analytics", "Analytics maintenance");
  analytics->require_subcommand(1);
  auto* cmd = analytics->add_subcommand("rebuild", "Recompute analytics from the stored calls");
  addStoreFlags(cmd, flags->store);
  addLogLevelFlag(cmd, logLevel);
  cmd->add_option("--user", flags->userId, "Only this user id");
  return {cmd, [flags] {
            auto store = openStoreFrom(flags->store);
            store->rebuildAnalytics(flags->userId);
            store->close();
            std::cout << R"({"rebuilt":true})" << std::endl;
            return 0;
          }};
}

}  // namespace vm::cli
