#include "routes.hpp"

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "domain/time.hpp"

namespace fakevapi {
namespace {

using nlohmann::json;
using vm::http::Request;
using vm::http::Responder;
using vm::http::Response;

const char* reasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// NestJS's error shape, as VAPI answers (REFERENCE.md §4 Errors).
Response nestError(int status, const json& message) {
  return vm::http::jsonResponse(
      status, json{{"statusCode", status}, {"message", message}, {"error", reasonPhrase(status)}}.dump());
}

Response ok(const json& body, int status = 200) { return vm::http::jsonResponse(status, body.dump()); }

using Handler = std::function<Response(Request&)>;

// Wraps a VAPI route: counts it, applies an injected fault, checks the key, then runs `handler`.
vm::http::Handler vapiRoute(FakeState& state, const std::string& key, std::string route, Handler handler) {
  return [&state, key, route, handler](Request& req, std::shared_ptr<Responder> res) {
    auto fault = state.onRequest(req.method, route, req.path, req.target);
    if (fault.delayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault.delayMs));
    if (fault.status > 0) {
      auto r =
          nestError(fault.status, fault.status == 429 ? "Too many requests, slow down" : "Injected failure");
      if (fault.retryAfterSeconds > 0) r.header("Retry-After", std::to_string(fault.retryAfterSeconds));
      res->send(std::move(r));
      return;
    }
    if (req.header("authorization") != "Bearer " + key) {
      res->send(nestError(401,
                          "Invalid Key. Hot tip, you may be using the private key instead of the public key, "
                          "or vice versa."));
      return;
    }
    res->send(handler(req));
  };
}

std::optional<std::int64_t> timeParam(const Request& req, const char* name,
                                      std::vector<std::string>& errors) {
  auto v = req.queryParam(name);
  if (v.empty()) return std::nullopt;
  auto ms = vm::domain::parseIsoMs(v);
  if (!ms) errors.push_back(std::string(name) + " must be a valid ISO 8601 date string");
  return ms;
}

std::vector<std::string> validateAssistant(const json& body) {
  std::vector<std::string> errors;
  if (body.contains("name")) {
    if (!body["name"].is_string())
      errors.push_back("name must be a string");
    else if (body["name"].get<std::string>().size() > 40)
      errors.push_back("name must be shorter than or equal to 40 characters");
  }
  if (body.contains("maxDurationSeconds") && !body["maxDurationSeconds"].is_number())
    errors.push_back("maxDurationSeconds must be a number conforming to the specified constraints");
  return errors;
}

Response listCalls(FakeState& state, Request& req) {
  CallFilter f;
  std::vector<std::string> errors;
  if (auto l = req.queryParam("limit"); !l.empty()) {
    try {
      f.limit = std::stoi(l);
    } catch (const std::exception&) {
      errors.push_back("limit must be a number");
    }
    if (f.limit < 0) errors.push_back("limit must not be less than 0");
    if (f.limit > 1000) errors.push_back("limit must not be greater than 1000");
  }
  f.createdGt = timeParam(req, "createdAtGt", errors);
  f.createdLt = timeParam(req, "createdAtLt", errors);
  f.createdGe = timeParam(req, "createdAtGe", errors);
  f.createdLe = timeParam(req, "createdAtLe", errors);
  f.updatedGt = timeParam(req, "updatedAtGt", errors);
  f.updatedLt = timeParam(req, "updatedAtLt", errors);
  f.updatedGe = timeParam(req, "updatedAtGe", errors);
  f.updatedLe = timeParam(req, "updatedAtLe", errors);
  f.assistantId = req.queryParam("assistantId");
  if (!errors.empty()) return nestError(400, errors);
  return vm::http::jsonResponse(200, state.listCalls(f));
}

json parseBody(const Request& req) {
  auto j = json::parse(req.body, nullptr, false);
  return j.is_discarded() ? json() : j;
}

}  // namespace

void registerRoutes(vm::http::Router& router, FakeState& state, const std::string& key) {
  router.add("GET", "/call",
             vapiRoute(state, key, "/call", [&state](Request& req) { return listCalls(state, req); }));
  router.add("GET", "/call/:id", vapiRoute(state, key, "/call/:id", [&state](Request& req) {
               auto call = state.getCall(req.params["id"]);
               return call ? vm::http::jsonResponse(200, *call) : nestError(404, "Call not found");
             }));
  router.add("GET", "/assistant", vapiRoute(state, key, "/assistant", [&state](Request& req) {
               auto l = req.queryParam("limit");
               int limit = 100;
               try {
                 if (!l.empty()) limit = std::stoi(l);
               } catch (const std::exception&) {
               }
               return ok(state.listAssistants(limit));
             }));
  router.add("POST", "/assistant", vapiRoute(state, key, "/assistant", [&state](Request& req) {
               auto body = parseBody(req);
               if (!body.is_object()) return nestError(400, "body must be a JSON object");
               if (auto errors = validateAssistant(body); !errors.empty()) return nestError(400, errors);
               static std::mt19937_64 rng(std::random_device{}());
               char id[40];
               std::snprintf(id, sizeof id, "%08llx-0000-4000-8000-%012llx",
                             static_cast<unsigned long long>(rng() & 0xffffffffULL),
                             static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
               auto now = vm::domain::formatIsoMs(vm::domain::nowMs());
               body["id"] = id;
               body["orgId"] = state.orgId();
               body["createdAt"] = now;
               body["updatedAt"] = now;
               state.putAssistant(body);
               return ok(body, 201);
             }));
  router.add("GET", "/assistant/:id", vapiRoute(state, key, "/assistant/:id", [&state](Request& req) {
               auto a = state.getAssistant(req.params["id"]);
               return a ? ok(*a) : nestError(404, "Assistant not found");
             }));
  router.add("PATCH", "/assistant/:id", vapiRoute(state, key, "/assistant/:id", [&state](Request& req) {
               auto body = parseBody(req);
               if (!body.is_object()) return nestError(400, "body must be a JSON object");
               if (auto errors = validateAssistant(body); !errors.empty()) return nestError(400, errors);
               auto a = state.patchAssistant(req.params["id"], body, vm::domain::nowMs());
               return a ? ok(*a) : nestError(404, "Assistant not found");
             }));
  router.add("DELETE", "/assistant/:id", vapiRoute(state, key, "/assistant/:id", [&state](Request& req) {
               auto a = state.deleteAssistant(req.params["id"]);
               return a ? ok(*a) : nestError(404, "Assistant not found");
             }));

  // --- admin (tests only, no auth) ---
  router.add("POST", "/__admin/faults", [&state](Request& req, std::shared_ptr<Responder> res) {
    auto body = parseBody(req);
    if (!body.is_object()) return res->send(nestError(400, "body must be a JSON object"));
    Fault f;
    f.status = body.value("status", 0);
    f.delayMs = body.value("delayMs", 0);
    f.count = body.value("count", (f.status || f.delayMs) ? 1 : 0);
    f.after = body.value("after", 0);
    f.retryAfterSeconds = body.value("retryAfter", 0);
    f.pathPrefix = body.value("path", std::string());
    state.setFault(f);
    res->send(ok(json{{"ok", true}}));
  });
  router.add("POST", "/__admin/calls", [&state](Request& req, std::shared_ptr<Responder> res) {
    auto body = parseBody(req);
    json calls = body.is_object() && body.contains("calls") ? body["calls"] : body;
    if (!calls.is_array()) return res->send(nestError(400, "expected {\"calls\":[...]} or an array"));
    auto count = state.upsertCalls(calls, vm::domain::nowMs());
    res->send(ok(json{{"calls", count}}));
  });
  router.add("GET", "/__admin/stats",
             [&state](Request&, std::shared_ptr<Responder> res) { res->send(ok(state.stats())); });
}

}  // namespace fakevapi
