// voicematrix: the command line and the composition root. Each command (one file each) builds what it
// needs from its flags; nothing is process-wide.
#include <spdlog/spdlog.h>

#include <iostream>
#include <vector>

#include "cli/command.hpp"
#include "cli/logging.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Voice Matrix: a self-hosted dashboard backend for VAPI voice assistants"};
  cli.require_subcommand(1);
  std::string logLevel = "info";
  std::vector<vm::cli::Command> commands = {
      vm::cli::addServeCommand(cli, logLevel),       vm::cli::addUserAddCommand(cli, logLevel),
      vm::cli::addKeysRotateCommand(cli, logLevel),  vm::cli::addAnalyticsRebuildCommand(cli, logLevel),
      vm::cli::addSyncCommand(cli, logLevel),        vm::cli::addMigrateCommand(cli, logLevel),
      vm::cli::addMigrateDataCommand(cli, logLevel),
  };
  CLI11_PARSE(cli, argc, argv);
  try {
    vm::cli::setupLogging(logLevel);
    for (const auto& command : commands)
      if (command.app->parsed()) return command.run();
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
