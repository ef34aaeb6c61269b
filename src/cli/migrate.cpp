// `voicematrix migrate`: creates or upgrades the schema (opening a store runs its migrations).
#include <iostream>

#include "cli/command.hpp"
#include "cli/logging.hpp"
#include "cli/store_flags.hpp"

namespace vm::cli {

Command addMigrateCommand(CLI::App& cli, std::string& logLevel) {
  auto flags = std::make_shared<StoreFlags>();
  auto* cmd = cli.add_subcommand("migrate", "Create or upgrade the database schema, then exit");
  addStoreFlags(cmd, *flags);
  addLogLevelFlag(cmd, logLevel);
  return {cmd, [flags] {
            openStoreFrom(*flags)->close();
            std::cout << R"({"migrated":true})" << std::endl;
            return 0;
          }};
}

}  // namespace vm::cli
