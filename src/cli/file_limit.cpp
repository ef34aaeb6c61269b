#include "cli/file_limit.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

namespace vm::cli {

int raiseFileLimit(int maxConnections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return maxConnections;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  // Descriptors beyond the connections: the database, its WAL, logs, outbound VAPI calls.
  const rlim_t reserve = 64;
  if (limit.rlim_cur != RLIM_INFINITY && static_cast<rlim_t>(maxConnections) + reserve > limit.rlim_cur) {
    int capped = limit.rlim_cur > reserve ? static_cast<int>(limit.rlim_cur - reserve) : 1;
    spdlog::info("open file limit {} allows only {} connections (asked for {}): raise `ulimit -n` for more",
                 static_cast<unsigned long long>(limit.rlim_cur), capped, maxConnections);
    return capped;
  }
  return maxConnections;
}

}  // namespace vm::cli
