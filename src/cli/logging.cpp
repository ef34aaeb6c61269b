#include "cli/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace vm::cli {

void addLogLevelFlag(CLI::App* command, std::string& level) {
  command->add_option("--log-level", level, "trace|debug|info|warn|error|off")
      ->envname("VM_LOG_LEVEL")
      ->capture_default_str();
}

void setupLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("vm");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
}

}  // namespace vm::cli
