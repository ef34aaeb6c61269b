// Each connection holds a descriptor: the server's connection cap must fit the process's file limit.
#pragma once

namespace vm::cli {

// Raises the soft RLIMIT_NOFILE to the hard one (Debian's soft default of 1024 would cap idle connections
// far below --max-connections) and returns the connection cap that fits under it.
int raiseFileLimit(int maxConnections);

}  // namespace vm::cli
