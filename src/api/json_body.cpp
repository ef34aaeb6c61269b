#include "api/json_body.hpp"

#include <cctype>

#include "http/errors.hpp"

namespace vm::api {

bool isJsonContentType(std::string_view contentType) {
  if (contentType.empty()) return true;
  std::string media;
  for (char c : contentType.substr(0, contentType.find(';')))
    if (!std::isspace(static_cast<unsigned char>(c))) media += static_cast<char>(std::tolower(c));
  if (media == "application/json") return true;
  return media.rfind("application/", 0) == 0 && media.size() > 5 && media.ends_with("+json");
}

nlohmann::json parseJsonObject(const http::Request& request) {
  if (!isJsonContentType(request.header("content-type"))) throw http::unsupportedMediaType();
  // The parser callback caps nesting: deeply nested input is refused instead of recursing without bound.
  auto limitDepth = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > 64) throw http::badRequest("JSON nested too deeply");
    return true;
  };
  nlohmann::json body = nlohmann::json::parse(request.body, limitDepth, false);
  if (body.is_discarded()) throw http::badRequest("request body is not valid JSON");
  if (!body.is_object()) throw http::badRequest("request body must be a JSON object");
  return body;
}

http::Response jsonOk(const nlohmann::json& value, int status) {
  return http::jsonResponse(status, value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string stringField(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) throw http::unprocessable(std::string(name) + " must be a string");
  return it->get<std::string>();
}

nlohmann::json parseSignInBody(const http::Request& request) {
  if (request.header("content-type").empty()) throw http::unsupportedMediaType();
  return parseJsonObject(request);
}

}  // namespace vm::api
