// Read connections of a SQLite store. In WAL mode readers see the last committed state and never block
// the writer (nor it them); each connection is used by one thread at a time, handed out from a free list.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

class Pool {
 public:
  // Opens `size` connections to an existing database file.
  Pool(const std::string& path, int size);

  // A connection borrowed for one call; returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.giveBack(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Waits for a free connection.
  Lease acquire();

 private:
  void giveBack(std::unique_ptr<Connection> connection);

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> free_;
};

}  // namespace vm::store::sqlite
