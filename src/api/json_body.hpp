// Reading JSON request bodies for the /api routes, with the errors the API promises.
#pragma once

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace vm::api {

// Parses the body as a JSON object: 415 for a non-JSON Content-Type, 400 for bad JSON or a non-object.
nlohmann::json parseJsonObject(const http::Request& request);
// True when the Content-Type is absent or JSON (application/json, application/*+json), any charset.
bool isJsonContentType(std::string_view contentType);
// The body of sign-up and sign-in, the two state-changing routes no CSRF token guards: as parseJsonObject,
// and a missing Content-Type is refused (415) too. A bare body without one is what a cross-site fetch
// sends without a CORS preflight, so accepting it would let another site sign a browser in to the
// attacker's account.
nlohmann::json parseSignInBody(const http::Request& request);
// A 200 (or `status`) response with `value` serialized; invalid UTF-8 in strings is replaced, never thrown.
http::Response jsonOk(const nlohmann::json& value, int status = 200);
// Optional string field: absent or null -> "", a non-string -> 422 naming the field.
std::string stringField(const nlohmann::json& object, const char* name);

}  // namespace vm::api
