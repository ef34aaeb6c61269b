// The analytics tables in PostgreSQL. A batch collects the contributions its calls add and remove in an
// AnalyticsDelta (store/core/analytics_delta.hpp) and writes them once, in key order, at the end of its
// transaction: fewer statements, and two instances committing batches at once lock analytics rows in the
// same order (no deadlock).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "domain/analytics.hpp"
#include "store/core/analytics_delta.hpp"
#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

// The statements that add `delta` to the stored rows, in key order, handed to `run` (e.g. to queue them in
// a Pipeline).
void writeAnalytics(const AnalyticsDelta& delta,
                    const std::function<void(const char* sql, const Params& params)>& run);

// Deletes and recomputes the analytics rows of `userId` ("" = every user) from the calls, inside the
// caller's transaction.
void rebuildAnalyticsRows(Connection& db, const std::string& userId);

// Day rows with from <= date <= to and at least one call, ascending, with their top 5 intents.
std::vector<domain::AnalyticsDay> readAnalytics(Connection& db, const std::string& userId,
                                                const std::string& from, const std::string& to);

}  // namespace vm::store::postgres
