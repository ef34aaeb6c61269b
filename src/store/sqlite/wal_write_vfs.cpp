#include "store/sqlite/wal_write_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <new>
#include <vector>

namespace vm::store::sqlite {
namespace {

constexpr const char* kVfsName = "vm-wal-write";
constexpr std::size_t kMaxBuffered = 1 << 20;  // a large transaction writes its frames in 1 MiB pieces
constexpr int kFrameHeaderBytes = 24;
// The unix VFS writes at most 128 KiB - 1 per call (it masks the length to 17 bits); larger pieces fail.
constexpr std::size_t kMaxWrite = 64 << 10;

sqlite3_vfs* gBase = nullptr;  // the platform default this VFS wraps

// Our file object; the wrapped VFS's file object follows it in the same allocation (szOsFile).
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  bool wal;
  // WAL writes not passed on yet: `buffer` belongs at `bufferOffset`. Null for other files (and for a
  // WAL file if the allocation failed: its writes then go straight through).
  std::vector<unsigned char>* buffer;
  sqlite3_int64 bufferOffset;
  sqlite3_int64 commitPageOffset;  // where the page of the last commit frame header goes; -1: none
};

// The WAL file whose buffer holds writes, on this thread (a connection is used by one thread at a time;
// a buffer holds writes only inside a transaction, so a connection moves between threads with none).
// A commit becomes visible to other connections through the shared-memory index, which SQLite updates
// with xShm* calls on the database file after writing the frames: those calls flush this first, so no
// connection ever finds a frame that is still in a buffer, whatever the frame headers look like.
thread_local File* tPending = nullptr;

std::atomic<std::uint64_t> gRequested{0};
std::atomic<std::uint64_t> gIssued{0};

File* self(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
sqlite3_file* real(sqlite3_file* f) { return self(f)->real; }

int flush(File* file) {
  if (tPending == file) tPending = nullptr;
  if (!file->buffer || file->buffer->empty()) return SQLITE_OK;
  int rc = SQLITE_OK;
  const auto size = file->buffer->size();
  for (std::size_t done = 0; done < size && rc == SQLITE_OK; done += kMaxWrite) {
    const auto piece = static_cast<int>(std::min(kMaxWrite, size - done));
    gIssued.fetch_add(1, std::memory_order_relaxed);
    rc = file->real->pMethods->xWrite(file->real, file->buffer->data() + done, piece,
                                      file->bufferOffset + static_cast<sqlite3_int64>(done));
  }
  file->buffer->clear();
  return rc;
}

int flushPending() {
  File* pending = tPending;
  return pending ? flush(pending) : SQLITE_OK;
}

std::uint32_t bigEndian32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

int bufferWrite(File* file, const void* data, int amount, sqlite3_int64 offset) {
  gRequested.fetch_add(1, std::memory_order_relaxed);
  if (tPending && tPending != file) {
    if (int rc = flushPending(); rc != SQLITE_OK) return rc;
  }
  auto& buffer = *file->buffer;
  const bool continues =
      !buffer.empty() && offset == file->bufferOffset + static_cast<sqlite3_int64>(buffer.size());
  if (!continues || buffer.size() + static_cast<std::size_t>(amount) > kMaxBuffered) {
    if (int rc = flush(file); rc != SQLITE_OK) return rc;
    file->bufferOffset = offset;
  }
  const auto* bytes = static_cast<const unsigned char*>(data);
  buffer.insert(buffer.end(), bytes, bytes + amount);
  tPending = file;
  // A frame header: bytes 4-7 are the database size after the commit for a commit frame, else 0.
  if (amount == kFrameHeaderBytes && bigEndian32(bytes + 4) != 0) file->commitPageOffset = offset + amount;
  if (offset == file->commitPageOffset) {  // the commit's last page: out it goes
    file->commitPageOffset = -1;
    return flush(file);
  }
  return SQLITE_OK;
}

int xClose(sqlite3_file* f) {
  int flushed = flush(self(f));
  int rc = real(f)->pMethods->xClose(real(f));
  delete self(f)->buffer;
  self(f)->buffer = nullptr;
  f->pMethods = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}
int xRead(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  if (int rc = flush(self(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xRead(real(f), out, amount, offset);
}
int xWrite(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  File* file = self(f);
  if (file->wal && file->buffer) return bufferWrite(file, data, amount, offset);
  return real(f)->pMethods->xWrite(real(f), data, amount, offset);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = flush(self(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xTruncate(real(f), size);
}
int xSync(sqlite3_file* f, int flags) {
  if (int rc = flush(self(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xSync(real(f), flags);
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) {
  if (int rc = flush(self(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xFileSize(real(f), size);
}
int xLock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int xUnlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int xCheckReservedLock(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int xFileControl(sqlite3_file* f, int op, void* arg) {
  if (int rc = flush(self(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int xSectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int xDeviceCharacteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
// The shared-memory index lives with the database file; see tPending.
int xShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  if (int rc = flushPending(); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) {
  if (int rc = flushPending(); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void xShmBarrier(sqlite3_file* f) {
  flushPending();  // no way to report an error here; a failed write fails the next flush or the sync
  real(f)->pMethods->xShmBarrier(real(f));
}
int xShmUnmap(sqlite3_file* f, int deleteFlag) {
  if (int rc = flushPending(); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xShmUnmap(real(f), deleteFlag);
}
int xFetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  if (int rc = flush(self(f)); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xFetch(real(f), offset, amount, out);
}
int xUnfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
  return real(f)->pMethods->xUnfetch(real(f), offset, page);
}

const sqlite3_io_methods kMethods = {
    3,
    xClose,
    xRead,
    xWrite,
    xTruncate,
    xSync,
    xFileSize,
    xLock,
    xUnlock,
    xCheckReservedLock,
    xFileControl,
    xSectorSize,
    xDeviceCharacteristics,
    xShmMap,
    xShmLock,
    xShmBarrier,
    xShmUnmap,
    xFetch,
    xUnfetch,
};

int xOpen(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* outFlags) {
  auto* file = self(f);
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  file->wal = (flags & SQLITE_OPEN_WAL) != 0;
  file->buffer = nullptr;
  file->bufferOffset = 0;
  file->commitPageOffset = -1;
  int rc = gBase->xOpen(gBase, name, file->real, flags, outFlags);
  // WAL needs version-3 methods (xShm*); the platform's files have them.
  if (rc == SQLITE_OK && file->real->pMethods && file->real->pMethods->iVersion < 3) {
    file->real->pMethods->xClose(file->real);
    rc = SQLITE_CANTOPEN;
  }
  if (rc == SQLITE_OK && file->wal) {
    file->buffer = new (std::nothrow) std::vector<unsigned char>();
    if (file->buffer) file->buffer->reserve(64 << 10);
  }
  file->base.pMethods = rc == SQLITE_OK ? &kMethods : nullptr;
  return rc;
}

}  // namespace

WalWriteCounts walWriteCounts() { return {gRequested.load(), gIssued.load()}; }

void installWalWriteVfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    gBase = sqlite3_vfs_find(nullptr);
    static sqlite3_vfs vfs;
    // Everything but opening a file is the platform VFS's own: the unix VFS's functions use only the
    // fields copied with them (mxPathname, pAppData).
    vfs = *gBase;
    vfs.zName = kVfsName;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + gBase->szOsFile;
    vfs.xOpen = xOpen;
    vfs.pNext = nullptr;
    sqlite3_vfs_register(&vfs, 1);
  });
}

}  // namespace vm::store::sqlite
