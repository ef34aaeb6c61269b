// Several statements sent together and their results read together: one network round trip where one
// statement at a time costs a round trip each (libpq pipeline mode). For statements that do not need each
// other's results on the client, e.g. the writes of a batch once it has merged its calls in memory.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

class Pipeline {
 public:
  // Puts `db` in pipeline mode until the destructor (which syncs what is still unsynced); plain Connection
  // calls must wait until then.
  explicit Pipeline(Connection& db);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Queues `sql` as a prepared statement (prepared on first use, as Connection::query does).
  void send(const std::string& sql, const Params& params = {});
  // Sends what is queued, waits, and returns one Result per statement in the order sent. A failed statement
  // makes the server skip the rest up to this point: then every result is read (the pipeline stays usable)
  // and that statement's PgError is thrown.
  std::vector<Result> sync();

 private:
  struct Pending {
    std::string sql;     // the statement text, for a Parse (to forget it if the Parse never ran)
    bool parse = false;  // a Parse, whose result is not returned
  };
  Connection& db_;
  std::vector<Pending> pending_;
};

}  // namespace vm::store::postgres
