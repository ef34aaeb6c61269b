#include "sync/call_cursor.hpp"

#include <nlohmann/json.hpp>

namespace vm::sync {

std::string CallCursor::toJson() const {
  nlohmann::json j = {{"v", 1}, {"highWaterMs", highWaterMs}};
  if (walking) {
    j["walk"] = {{"incremental", incremental}, {"filterGt", filterGt},       {"upper", upper},
                 {"boundaryIds", boundaryIds}, {"walkStartMs", walkStartMs}, {"synced", syncedInWalk}};
  }
  return j.dump();
}

CallCursor CallCursor::parse(const std::string& text) {
  CallCursor c;
  if (text.empty()) return c;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return c;
  try {
    c.highWaterMs = j.value("highWaterMs", std::int64_t{0});
    if (auto w = j.find("walk"); w != j.end() && w->is_object()) {
      c.walking = true;
      c.incremental = w->value("incremental", false);
      c.filterGt = w->value("filterGt", std::string());
      c.upper = w->value("upper", std::string());
      c.boundaryIds = w->value("boundaryIds", std::vector<std::string>());
      c.walkStartMs = w->value("walkStartMs", std::int64_t{0});
      c.syncedInWalk = w->value("synced", std::int64_t{0});
    }
  } catch (const nlohmann::json::exception&) {
    return CallCursor{};
  }
  return c;
}

}  // namespace vm::sync
