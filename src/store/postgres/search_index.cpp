#include "store/postgres/search_index.hpp"

#include "store/postgres/pipeline.hpp"
#include "store/postgres/search.hpp"

namespace vm::store::postgres {

// The chunk is chosen and locked in a subquery (LIMIT with SKIP LOCKED), then updated by row address (a join
// back by key was planned as a sequential scan when the plan was made on an empty table). A row locked FOR
// UPDATE keeps its address until this transaction ends, and in READ COMMITTED FOR UPDATE re-checks `search IS
// NULL` on a row another transaction changed meanwhile, so a row indexed by someone else in between is not
// taken again. No other condition in the UPDATE itself: one that an index could serve would let the planner
// scan that index instead of fetching the addresses; the writer plans each execution (store.cpp), so it
// gets the TID scan. A search's catch-up runs on pooled connections, which may keep a plan made on an empty
// table (then a sequential scan): it repeats its user's condition, so its worst plan reads only that user's
// pending calls from the partial index.
const char* const kIndexPendingCalls =
    "WITH indexed AS (UPDATE calls SET search = " VM_PG_SEARCH_VECTOR
    " WHERE ctid = ANY(ARRAY(SELECT ctid FROM calls WHERE search IS NULL LIMIT $1 FOR UPDATE SKIP LOCKED))"
    " RETURNING 1)"
    " SELECT count(*) FROM indexed";

const char* const kIndexPendingCallsOfUser =
    "WITH indexed AS (UPDATE calls SET search = " VM_PG_SEARCH_VECTOR
    " WHERE ctid = ANY(ARRAY(SELECT ctid FROM calls WHERE user_id = $1 AND search IS NULL FOR UPDATE SKIP "
    "LOCKED))"
    " AND user_id = $1 AND search IS NULL RETURNING 1)"
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
