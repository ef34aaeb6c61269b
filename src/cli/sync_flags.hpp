// How commands reach VAPI and walk its calls: the flags that fill sync::SyncOptions (and the VAPI client
// options inside it), with the defaults those structs declare.
#pragma once

#include <CLI/CLI.hpp>

#include "sync/sync_options.hpp"

namespace vm::cli {

// --vapi-base-url and --sync-backfill-days.
void addSyncFlags(CLI::App* command, sync::SyncOptions& options);

}  // namespace vm::cli
