// One file per command: each adds its subcommand (with its flags) to the command line and returns what
// runs it when it was the one given. Settings come from flags, then VM_* environment variables, then the
// defaults of the structs the flags fill (declared once, in the component that owns them).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace vm::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;  // the exit status
};

// `logLevel` is filled by every command's --log-level; main sets up logging with it before running.
Command addServeCommand(CLI::App& cli, std::string& logLevel);
Command addUserAddCommand(CLI::App& cli, std::string& logLevel);
Command addKeysRotateCommand(CLI::App& cli, std::string& logLevel);
Command addAnalyticsRebuildCommand(CLI::App& cli, std::string& logLevel);
Command addSyncCommand(CLI::App& cli, std::string& logLevel);
Command addMigrateCommand(CLI::App& cli, std::string& logLevel);
Command addMigrateDataCommand(CLI::App& cli, std::string& logLevel);

}  // namespace vm::cli
