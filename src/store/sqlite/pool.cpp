#include "store/sqlite/pool.hpp"

#include <algorithm>

namespace vm::store::sqlite {

Pool::Pool(const std::string& path, int size) {
  for (int i = 0; i < std::max(size, 1); ++i) {
    // Opened read-write so that a reader can take part in WAL recovery and shared-memory setup like any
    // connection; query_only makes any write through it an error.
    auto connection = std::make_unique<Connection>(path, SQLITE_OPEN_READWRITE);
    connection->exec("PRAGMA query_only = ON");
    connection->exec("PRAGMA busy_timeout = 5000");
    connection->exec("PRAGMA temp_store = MEMORY");
    free_.push_back(std::move(connection));
  }
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<Connection> connection = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(connection));
}

void Pool::giveBack(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(connection));
  }
  available_.notify_one();
}

}  // namespace vm::store::sqlite
