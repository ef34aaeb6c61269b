// A thin SQLite VFS over the platform's default that writes a transaction's WAL frames with one pwrite
// instead of two per frame.
//
// Why: SQLite writes each WAL frame as two writes, its 24-byte header and then the page, at offsets that
// are not page-aligned, so every frame costs two system calls and three page-cache page updates. A
// webhook batch writes ~40 frames per commit: in perf that was a fifth of the writer thread's time.
//
// How, and why nothing changes for SQLite: writes to a WAL file that continue the previous one are kept
// in a buffer (at most kMaxBuffered bytes) and written together when
// - the page of a commit frame (its header names the database size) has been added: the commit's frames
//   reach the file before SQLite fsyncs them or publishes the commit to other connections (both happen
//   after this write returns);
// - or SQLite does anything else with the file: a write elsewhere, a read, a sync, a size or truncate,
//   a file control, closing it. Order is kept, and SQLite never sees the file without its own writes.
// Other connections read only frames of published commits. A crash can lose buffered frames only of a
// transaction whose commit frame was not written yet, which SQLite discards on recovery anyway.
#pragma once

#include <cstdint>

namespace vm::store::sqlite {

// Registers the VFS as the process default (idempotent). Call before opening connections.
void installWalWriteVfs();

// Writes SQLite asked for on WAL files, and writes made to the files for them (process totals; tests).
struct WalWriteCounts {
  std::uint64_t requested = 0;
  std::uint64_t issued = 0;
};
WalWriteCounts walWriteCounts();

}  // namespace vm::store::sqlite
