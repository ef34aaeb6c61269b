// The analytics tables in PostgreSQL. A batch collects the contributions its calls add and remove in an
// AnalyticsDelta and writes them once, in key order, at the end of its transaction: fewer statements, and
// two instances committing batches at once lock analytics rows in the same order (no deadlock).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/analytics.hpp"
#include "store/postgres/connection.hpp"

namespace vm::store::postgres {

// One day's totals in stored units (integers, see migrations.cpp).
struct DayTotals {
  std::int64_t calls = 0, successful = 0, durationMs = 0, costMicros = 0, satisfactionMilli = 0,
               satisfactionCount = 0;
  void add(const domain::Contribution& c, int sign);
  bool zero() const;
};

class AnalyticsDelta {
 public:
  // Adds (sign = +1) or subtracts (sign = -1) one call's contribution.
  void add(const std::string& userId, const domain::Contribution& c, int sign);
  void merge(const AnalyticsDelta& other);
  bool empty() const { return days_.empty() && intents_.empty(); }
  // Adds the collected totals to the stored rows, inside the caller's transaction.
  void write(Connection& db) const;
  // The same statements, in the same order, handed to `run` (e.g. to queue them in a Pipeline).
  void write(const std::function<void(const char* sql, const Params& params)>& run) const;

 private:
  std::map<std::pair<std::string, std::string>, DayTotals> days_;
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> intents_;
};

// Deletes and recomputes the analytics rows of `userId` ("" = every user) from the calls, inside the
// caller's transaction.
void rebuildAnalyticsRows(Connection& db, const std::string& userId);

// Day rows with from <= date <= to and at least one call, ascending, with their top 5 intents.
std::vector<domain::AnalyticsDay> readAnalytics(Connection& db, const std::string& userId,
                                                const std::string& from, const std::string& to);

}  // namespace vm::store::postgres
