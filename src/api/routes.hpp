// The API's route table: every route is registered with its Access, and this one dispatcher applies the
// declaration before the handler runs: the route's rate limit, then (for Access::user) authentication.
// Handlers receive the authenticated principal and never authenticate themselves.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/access.hpp"
#include "api/auth_guard.hpp"
#include "http/router.hpp"

namespace vm::api {

struct AppContext;

// `who` is the signed-in user for Access::user routes; Principal::anonymous() for the others.
using RouteHandler = std::function<void(http::Request& request, const Principal& who,
                                        const std::shared_ptr<http::Responder>& res)>;

struct RouteEntry {
  std::string method;
  std::string path;
  Access access;
};

class Routes {
 public:
  Routes(http::Router& router, AppContext& app) : router_(router), app_(app) {}
  void add(std::string method, std::string path, RouteHandler handler, Access access);
  // Every route added, in order: what the route table test walks.
  const std::vector<RouteEntry>& table() const { return table_; }

 private:
  http::Router& router_;
  AppContext& app_;
  std::vector<RouteEntry> table_;
};

}  // namespace vm::api
