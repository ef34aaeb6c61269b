// Settings of the VAPI -> store sync, shared by `voicematrix sync`, the scheduler and POST /api/sync.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "vapi/rest_client.hpp"

namespace vm::sync {

// The user's VAPI private key, or nullopt/"" when none is configured (same contract as
// api::VapiKeyLookup; repeated here so the sync does not depend on the HTTP layer).
using KeyLookup = std::function<std::optional<std::string>(const std::string& userId)>;

struct SyncOptions {
  vapi::RestClientOptions client;
  int backfillDays = 90;              // the first sync fetches calls created this far back
  int pageLimit = 100;                // GET /call limit per page (VAPI allows up to 1000)
  std::chrono::seconds overlap{600};  // incremental syncs re-read this much before the high-water mark
};

}  // namespace vm::sync
