#include "api/query_params.hpp"

#include <charconv>

#include "domain/time.hpp"
#include "http/errors.hpp"

namespace vm::api {

std::optional<std::int64_t> timeParam(const http::Request& request, const std::string& name, bool endOfDay) {
  auto value = request.queryParam(name);
  if (value.empty()) return std::nullopt;
  auto ms = domain::parseIsoMs(value);
  if (!ms) throw http::unprocessable(name + " must be an ISO-8601 date-time or YYYY-MM-DD");
  if (endOfDay && value.size() == 10) *ms += 24LL * 3600 * 1000;
  return ms;
}

int intParam(const http::Request& request, const std::string& name, int fallback, int min, int max) {
  auto value = request.queryParam(name);
  if (value.empty()) return fallback;
  int parsed = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (ec != std::errc() || end != value.data() + value.size() || parsed < min || parsed > max)
    throw http::unprocessable(name + " must be an integer from " + std::to_string(min) + " to " +
                              std::to_string(max));
  return parsed;
}

store::CallQuery callQueryFrom(const http::Request& request) {
  store::CallQuery q;
  q.fromMs = timeParam(request, "from", false);
  q.toMs = timeParam(request, "to", true);
  q.assistantId = request.queryParam("assistantId");
  q.outcome = request.queryParam("outcome");
  if (!q.outcome.empty() && q.outcome != "completed" && q.outcome != "not-connected" &&
      q.outcome != "error" && q.outcome != "in-progress")
    throw http::unprocessable("outcome must be one of completed, not-connected, error, in-progress");
  q.search = request.queryParam("q");
  if (q.search.size() > 200) throw http::unprocessable("q must be at most 200 characters");
  q.limit = intParam(request, "limit", 50, 1, 500);
  if (request.queryParam("cursor").size() > 512) throw http::unprocessable("cursor is invalid");
  return q;
}

std::optional<store::PageCursor> cursorParam(const http::Request& request) {
  std::string text = request.queryParam("cursor");
  if (text.empty()) return std::nullopt;
  std::optional<store::PageCursor> cursor = store::decodeCursor(text);
  if (!cursor) throw http::unprocessable("cursor is invalid");
  return cursor;
}

}  // namespace vm::api
