#include "cli/sync_flags.hpp"

namespace vm::cli {

void addSyncFlags(CLI::App* command, sync::SyncOptions& options) {
  command->add_option("--vapi-base-url", options.client.baseUrl, "VAPI REST API base URL")
      ->envname("VM_VAPI_BASE_URL")
      ->capture_default_str();
  command->add_option("--sync-backfill-days", options.backfillDays, "Days of calls the first sync fetches")
      ->envname("VM_SYNC_BACKFILL_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
}

}  // namespace vm::cli
