// The writer's fast path: a whole batch in two round trips, whatever its size (see writer.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/call_row.hpp"
#include "store/postgres/writer.hpp"

namespace vm::store::postgres {
namespace {

// Locks in ascending key order, as every instance does. The ORDER BY sits in a subquery, which PostgreSQL
// never flattens into the outer query, so the aggregate above it, which calls the function, sees the keys
// in that order (EXPLAIN: Aggregate over Sort over the unnest).
constexpr const char* kLockCalls =
    "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS "
    "sorted";

// The stored rows of the batch's calls, by (user, call) pairs: $1 and $2 are parallel arrays.
constexpr const char* kSelectCalls = "SELECT " VM_CALL_COLUMNS
                                     " FROM calls WHERE (user_id, call_id) IN"
                                     " (SELECT * FROM unnest($1::text[], $2::text[]))";

// One call of the batch as the transaction knows it.
struct CallState {
  std::optional<domain::CallRecord> current;  // stored, then merged with each event in turn
  bool stored = false;                        // a row exists: UPDATE, else INSERT
  bool changed = false;                       // an event changed it: write it
};

using CallKey = std::pair<std::string, std::string>;  // (user id, call id)

}  // namespace

void Writer::tryBatchFast(std::vector<Job*>& ordered) {
  std::map<CallKey, CallState> calls;
  std::vector<CallState*> callOf;  // parallel to `ordered`
  std::vector<std::string> userIds, callIds;
  std::vector<std::int64_t> keys;  // ascending and distinct, as `ordered` is sorted by key
  callOf.reserve(ordered.size());
  for (Job* job : ordered) {
    auto [it, added] = calls.try_emplace(CallKey(job->userId, storedCallId(job->event.vapiCallId)));
    if (added) {
      userIds.push_back(it->first.first);
      callIds.push_back(it->first.second);
    }
    callOf.push_back(&it->second);
    if (keys.empty() || keys.back() != job->lockKey) keys.push_back(job->lockKey);
  }

  Pipeline pipe(*db_);
  // Locks before the read, in one transaction: in READ COMMITTED the SELECT, a later statement, sees what
  // another instance committed before releasing a lock this batch waited for.
  pipe.send("BEGIN");
  pipe.send(kLockCalls, {bigintArray(keys)});
  pipe.send(kSelectCalls, {textArray(userIds), textArray(callIds)});
  std::vector<Result> results = pipe.sync();
  const Result& rows = results.back();
  for (int row = 0; row < rows.rows(); ++row) {
    domain::CallRecord call = readCall(rows, row);
    CallState& state = calls.at(CallKey(call.userId, call.callId));
    state.current = std::move(call);
    state.stored = true;
  }

  // In memory, in arrival order within each call, exactly as the slow path would apply them one by one.
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    Job& job = *ordered[i];
    job.clearOutcome();
    try {
      mergeJob(job, callOf[i]->current);
      callOf[i]->changed |= job.result.changed;
    } catch (...) {
      job.error = std::current_exception();  // this event alone: the call keeps its state so far
    }
  }
  // Each changed call written once, in its final state, and all of them in two statements: the server's
  // cost is per statement as much as per row.
  std::vector<const domain::CallRecord*> inserts, updates;
  for (const auto& [key, state] : calls) {
    if (state.changed) (state.stored ? updates : inserts).push_back(&*state.current);
  }
  if (!inserts.empty()) pipe.send(kInsertCalls, callArrayParams(inserts));
  if (!updates.empty()) pipe.send(kUpdateCalls, callArrayParams(updates));
  // New calls are pending for search, updated ones when their text changed: an upper bound is enough.
  searchBacklog_ += static_cast<std::int64_t>(inserts.size() + updates.size());
  commitBatch(pipe, ordered);
}

}  // namespace vm::store::postgres
