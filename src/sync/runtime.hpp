// Process-wide state of the sync inside `voicematrix serve`: the options it was started with (so
// POST /api/sync walks like the scheduler does), the syncs POST /api/sync started in the background, and
// the shutdown flag every walk polls between pages.
#pragma once

#include <string>

#include "store/store.hpp"
#include "sync/sync_options.hpp"

namespace vm::sync {

void configure(const SyncOptions& options);
SyncOptions configuredOptions();

enum class StartResult { Started, AlreadyRunning, ShuttingDown };
// Takes the user's sync lock now (so the caller can answer 409 at once) and runs the sync on its own
// thread. `store` must outlive shutdownBackground().
StartResult startInBackground(store::Store& store, const std::string& userId, const std::string& apiKey);

bool shuttingDown();
// Refuses new background syncs, makes running walks stop after their current page, and joins them.
// Call before closing the store.
void shutdownBackground();

}  // namespace vm::sync
