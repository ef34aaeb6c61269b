// Settings of the VAPI -> store sync, shared by `voicematrix sync`, the scheduler and POST /api/sync.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "vapi/key_lookup.hpp"
#include "vapi/rest_client.hpp"

namespace vm::sync {

using KeyLookup = vapi::KeyLookup;

struct SyncOptions {
  vapi::RestClientOptions client;
  int backfillDays = 90;              // the first sync fetches calls created this far back
  int pageLimit = 100;                // GET /call limit per page (VAPI allows up to 1000)
  std::chrono::seconds overlap{600};  // incremental syncs re-read this much before the high-water mark
};

}  // namespace vm::sync
