// The resumable position of a user's call sync, stored as SyncState::cursor (JSON text).
//
// GET /call has no page token (REFERENCE.md §4), so a walk goes backwards in time: each page asks for
// calls with createdAt <= `upper` (the oldest createdAt seen so far) and skips the ids already applied
// at exactly that timestamp, because calls with equal createdAt can straddle two pages. `filterGt` is
// the walk's fixed lower bound: createdAtGt for the first (back-fill) sync, updatedAtGt for incremental
// ones. The cursor is saved after every committed page, so a crash resumes at the last committed page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vm::sync {

struct CallCursor {
  bool walking = false;                  // a walk is in progress (resume it)
  bool incremental = false;              // filterGt applies to updatedAt (else createdAt)
  std::string filterGt;                  // ISO; the walk's lower bound
  std::string upper;                     // ISO; createdAtLe of the next page, "" = from the newest
  std::vector<std::string> boundaryIds;  // ids with createdAt == upper already applied
  std::int64_t walkStartMs = 0;          // our clock when the walk began
  std::int64_t syncedInWalk = 0;         // ended calls applied by this walk so far
  // Our clock at the start of the last completed walk: everything updated before it has been seen.
  std::int64_t highWaterMs = 0;  // 0 = no walk completed yet (back-fill needed)

  std::string toJson() const;
  // Empty or unreadable text -> a fresh cursor (the next sync back-fills; merging makes that safe).
  static CallCursor parse(const std::string& text);
};

}  // namespace vm::sync
