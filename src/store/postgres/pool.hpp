// Connections for reads and short administrative writes, opened on demand up to a limit and reused, so
// their prepared statements are reused too. A connection that broke is dropped, not returned.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

class Pool {
 public:
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Pool(std::string url, int maxConnections);
  // Waits for a free connection when `maxConnections` are in use.
  Lease acquire();

 private:
  void release(std::unique_ptr<Connection> conn);

  const std::string url_;
  const int max_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

}  // namespace vm::store::postgres

namespace vm::store::postgres {

// Runs `work` in one transaction on a pooled connection: COMMIT when it returns, ROLLBACK when it throws
// (the exception goes on). A deadlock or serialization failure runs it again, a few times.
void transaction(Pool& pool, const std::function<void(Connection&)>& work);

}  // namespace vm::store::postgres
