// Sync leases for SQLite (Store::tryLockSync): a row in sync_leases claimed through the writer, so that
// two processes on one file (`serve` and `voicematrix sync`) and two threads of one process exclude each
// other alike. A row expires unless renewed, so a process that died holding one blocks that user's sync
// only until then.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "store/sqlite/writer.hpp"
#include "store/store.hpp"

namespace vm::store::sqlite {

// A held lease, or nullptr when another holder's unexpired lease exists. `writer` must outlive the lease.
std::unique_ptr<SyncLease> tryLockSync(Writer& writer, const std::string& userId, std::int64_t ttlMs);

}  // namespace vm::store::sqlite
