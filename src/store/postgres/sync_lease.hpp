// Sync leases for PostgreSQL (Store::tryLockSync): a session-level advisory lock per user, held on a
// connection of its own for as long as the sync runs, so every instance on the database (and every thread
// of this one) sees it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace vm::store::postgres {

// The advisory lock key of "the sync of `userId`": the same on every instance and every build.
std::int64_t syncLockKey(const std::string& userId);

// The advisory lock every server holds shared and `keys rotate` exclusively, on a connection of its own;
// nullptr when the other kind holds it.
std::unique_ptr<ServingLock> lockServing(const std::string& url, bool exclusive);

// A held lease, or nullptr when another session holds the user's lock. Opens a connection to `url`.
std::unique_ptr<SyncLease> tryLockSync(const std::string& url, const std::string& userId);

}  // namespace vm::store::postgres
