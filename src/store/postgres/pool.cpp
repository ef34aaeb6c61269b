#include "store/postgres/pool.hpp"

#include <algorithm>

namespace vm::store::postgres {

Pool::Pool(std::string url, int maxConnections) : url_(std::move(url)), max_(std::max(1, maxConnections)) {}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return !idle_.empty() || open_ < max_; });
  if (!idle_.empty()) {
    std::unique_ptr<Connection> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(conn));
  }
  ++open_;  // reserved before connecting, so waiting threads count it
  lock.unlock();
  try {
    auto conn = std::make_unique<Connection>(url_);
    // As on the writer's connection (store.cpp): a generic plan cached while a table was small would
    // outlive its size; the API's reads are planned with their values every time.
    conn->exec("SET plan_cache_mode = force_custom_plan");
    return Lease(*this, std::move(conn));
  } catch (...) {
    lock.lock();
    --open_;
    freed_.notify_one();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> conn) {
  // A connection left inside a transaction (an exception mid-way) is rolled back before reuse.
  bool usable = conn->ok();
  if (usable && conn->inTransaction()) {
    try {
      conn->exec("ROLLBACK");
    } catch (const std::exception&) {
      usable = false;
    }
  }
  std::lock_guard lock(mutex_);
  if (usable) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  freed_.notify_one();
}

}  // namespace vm::store::postgres

namespace vm::store::postgres {

void transaction(Pool& pool, const std::function<void(Connection&)>& work) {
  constexpr int kMaxAttempts = 4;
  for (int attempt = 1;; ++attempt) {
    auto db = pool.acquire();
    try {
      db->exec("BEGIN");
      work(*db);
      db->exec("COMMIT");
      return;
    } catch (const PgError& e) {
      if (db->ok() && db->inTransaction()) db->exec("ROLLBACK");
      if (!e.isRetryable() || attempt == kMaxAttempts) throw;
    } catch (...) {
      if (db->ok() && db->inTransaction()) db->exec("ROLLBACK");
      throw;
    }
  }
}

}  // namespace vm::store::postgres
