#include "store/postgres/pg_search_index.hpp"

#include "store/postgres/pg_pipeline.hpp"
#include "store/postgres/pg_search.hpp"

namespace vm::store::postgres {

// The chunk is chosen and locked in a subquery (LIMIT with SKIP LOCKED), then updated by key. In READ
// COMMITTED, FOR UPDATE re-checks `search IS NULL` on a row another transaction changed meanwhile, so a row
// indexed by someone else in between is not taken again.
const char* const kIndexPendingCalls =
    "WITH indexed AS (UPDATE calls AS c SET search = " VM_PG_SEARCH_VECTOR
    " FROM (SELECT user_id, call_id FROM calls WHERE search IS NULL LIMIT $1 FOR UPDATE SKIP LOCKED) AS p"
    " WHERE c.user_id = p.user_id AND c.call_id = p.call_id RETURNING 1)"
    " SELECT count(*) FROM indexed";

const char* const kIndexPendingCallsOfUser =
    "WITH indexed AS (UPDATE calls AS c SET search = " VM_PG_SEARCH_VECTOR
    " FROM (SELECT call_id FROM calls WHERE user_id = $1 AND search IS NULL FOR UPDATE SKIP LOCKED) AS p"
    " WHERE c.user_id = $1 AND c.call_id = p.call_id RETURNING 1)"
    " SELECT count(*) FROM indexed";

std::int64_t indexPendingCalls(Connection& db, std::int64_t limit) {
  Pipeline pipe(db);
  pipe.send("BEGIN");
  pipe.send("SET LOCAL synchronous_commit = off");
  pipe.send(kIndexPendingCalls, {param(limit)});
  pipe.send("COMMIT");
  std::vector<Result> results = pipe.sync();
  return results[2].integer(0, 0);
}

}  // namespace vm::store::postgres
