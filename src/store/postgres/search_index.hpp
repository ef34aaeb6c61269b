// Filling search vectors after a call is committed (migration 3). A call is stored with search NULL
// ("pending") so that a webhook never waits for PostgreSQL to tokenize its ~2 KB transcript; these
// statements fill pending vectors later, from the row's current text, in the same form the generated column
// had (VM_PG_SEARCH_VECTOR).
//
// Safe with several instances on one database: each statement locks the pending rows it takes with
// FOR UPDATE SKIP LOCKED, so two indexers never take the same row (nor wait for each other), and a row a
// writer is updating right now is left to a later pass. The vector is computed inside the UPDATE from the
// row it updates, so it is never an older text's: a writer that changes the text after that sets search
// back to NULL (call_row.hpp), one that changed it before is seen by the UPDATE.
#pragma once

#include <cstdint>
#include <string>

#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

// One statement (parameter $1: the most calls to index) returning one row, the number of calls indexed:
// pending calls of any user. For the writer's background indexing, a maintenance task over the whole table.
extern const char* const kIndexPendingCalls;

// The same for one user (parameter $1: the user id), every pending call of that user not locked by another
// transaction: what a search runs before reading, in the same transaction.
extern const char* const kIndexPendingCallsOfUser;

// Runs kIndexPendingCalls in its own transaction without waiting for the flush: nobody waits on it, and a
// lost commit only leaves its calls pending. Returns the number of calls indexed.
std::int64_t indexPendingCalls(Connection& db, std::int64_t limit);

}  // namespace vm::store::postgres
