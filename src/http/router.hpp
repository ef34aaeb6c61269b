// Maps (method, path pattern) to handlers. Patterns are literal segments and ":name" parameters,
// e.g. "/api/calls/:callId". Exceptions a handler throws synchronously become JSON errors.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace vm::http {

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // Runs for requests no route matches (e.g. the dashboard's static files); default: 404 JSON.
  void fallback(Handler handler) { fallback_ = std::move(handler); }
  void dispatch(Request& request, std::shared_ptr<Responder> responder) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& parts, Request& request);
  std::vector<Route> routes_;
  Handler fallback_;
};

// Sends the JSON error that fits the exception in flight (HttpError -> its status; anything else -> 500,
// logged without details to the client).
void sendCurrentException(const std::shared_ptr<Responder>& responder, const Request& request);

}  // namespace vm::http
