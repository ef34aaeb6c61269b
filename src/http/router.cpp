#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include "http/errors.hpp"

namespace vm::http {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route r{std::move(method), pattern, {}, std::move(handler)};
  for (auto part : splitPath(pattern)) r.segments.emplace_back(part);
  routes_.push_back(std::move(r));
}

bool Router::match(const Route& route, const std::vector<std::string_view>& parts, Request& request) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = route.segments[i];
    if (!seg.empty() && seg[0] == ':') continue;
    if (seg != parts[i]) return false;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = route.segments[i];
    if (!seg.empty() && seg[0] == ':') request.params[seg.substr(1)] = std::string(parts[i]);
  }
  return true;
}

void Router::dispatch(Request& request, std::shared_ptr<Responder> responder) const {
  auto parts = splitPath(request.path);
  bool pathMatched = false;
  try {
    for (const auto& route : routes_) {
      if (!match(route, parts, request)) continue;
      pathMatched = true;
      if (route.method != request.method && !(route.method == "GET" && request.method == "HEAD")) {
        request.params.clear();
        continue;
      }
      request.route = route.pattern;
      route.handler(request, responder);
      return;
    }
    if (pathMatched) throw HttpError(405, "method not allowed");
    request.route = "fallback";
    if (fallback_) {
      fallback_(request, responder);
      return;
    }
    throw notFound();
  } catch (...) {
    sendCurrentException(responder, request);
  }
}

void sendCurrentException(const std::shared_ptr<Responder>& responder, const Request& request) {
  try {
    throw;
  } catch (const HttpError& e) {
    responder->send(errorResponse(e.status, e.what()));
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unhandled error: {}", request.method, request.route, e.what());
    responder->send(errorResponse(500, "internal error"));
  } catch (...) {
    spdlog::error("{} {}: unhandled non-standard exception", request.method, request.route);
    responder->send(errorResponse(500, "internal error"));
  }
}

}  // namespace vm::http
