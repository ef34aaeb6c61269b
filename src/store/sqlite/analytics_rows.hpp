// The analytics tables: adding/subtracting one call's contribution, rebuilding from calls, reading days.
#pragma once

#include <string>
#include <vector>

#include "domain/analytics.hpp"
#include "store/sqlite/connection.hpp"

namespace vm::store::sqlite {

// Adds (sign = +1) or subtracts (sign = -1) one call's contribution to its (user, day) rows. Runs inside
// the caller's transaction.
void addContribution(Connection& db, const std::string& userId, const domain::Contribution& c, int sign);

// Deletes and recomputes the analytics rows of `userId` ("" = every user) from the calls, inside the
// caller's transaction, with the same arithmetic as addContribution.
void rebuildAnalyticsRows(Connection& db, const std::string& userId);

// Day rows with from <= date <= to and at least one call, ascending, with their top 5 intents.
std::vector<domain::AnalyticsDay> readAnalytics(Connection& db, const std::string& userId,
                                                const std::string& from, const std::string& to);

}  // namespace vm::store::sqlite
