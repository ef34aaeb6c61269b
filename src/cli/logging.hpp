// Log output of every command: stderr (so commands printing JSON keep stdout clean), UTC timestamps.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace vm::cli {

void addLogLevelFlag(CLI::App* command, std::string& level);
void setupLogging(const std::string& level);

}  // namespace vm::cli
