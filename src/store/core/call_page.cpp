#include "store/core/call_page.hpp"

#include <algorithm>
#include <utility>

namespace vm::store {

PageBuilder::PageBuilder(int requestedLimit) : limit_(std::clamp(requestedLimit, 1, 500)) {}

bool PageBuilder::acceptsRow() {
  if (static_cast<int>(page_.calls.size()) < limit_) return true;
  page_.nextCursor = PageCursor{lastTimestampMs_, page_.calls.back().callId};
  return false;
}

void PageBuilder::add(domain::CallRecord call, std::int64_t timestampMs) {
  lastTimestampMs_ = timestampMs;
  page_.calls.push_back(std::move(call));
}

}  // namespace vm::store
