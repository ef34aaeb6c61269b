// Assembling a page of listCalls from rows in list order, for every backend: the query fetches one row
// more than the page holds, and that row only tells that a next page exists.
#pragma once

#include <cstdint>

#include "domain/call.hpp"
#include "store/store.hpp"

namespace vm::store {

class PageBuilder {
 public:
  explicit PageBuilder(int requestedLimit);  // clamped to 1..500

  int limit() const { return limit_; }
  // The LIMIT of the query.
  int fetchLimit() const { return limit_ + 1; }
  // Called for each fetched row before reading it: true when it goes on the page, false for the extra row
  // (then the page has its next cursor, and reading should stop).
  bool acceptsRow();
  // `timestampMs` is the row's timestamp_ms column, the cursor's key.
  void add(domain::CallRecord call, std::int64_t timestampMs);
  CallPage take() { return std::move(page_); }

 private:
  const int limit_;
  std::int64_t lastTimestampMs_ = 0;
  CallPage page_;
};

}  // namespace vm::store
