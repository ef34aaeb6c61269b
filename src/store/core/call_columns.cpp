#include "store/core/call_columns.hpp"

#include "domain/time.hpp"

namespace vm::store {

std::int64_t timestampMs(const domain::CallRecord& call) {
  if (call.timestamp.empty()) return 0;
  return domain::parseIsoMs(call.timestamp).value_or(0);
}

}  // namespace vm::store
