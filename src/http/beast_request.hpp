// Converting a parsed Beast request into the plain vm::http::Request the router and handlers see.
// Shared by the server and the HTTP fuzz target so that the fuzzer exercises the very code that runs.
// Includes Beast: include it only from server.cpp and tests, never from other headers.
#pragma once

#include <boost/beast/http.hpp>
#include <cctype>
#include <string>

#include "http/message.hpp"
#include "http/url.hpp"

namespace vm::http {

// Moves method, target, headers (names lower-cased) and body into a Request and splits the target into
// path and query. Returns false when the target is malformed (the caller answers 400).
inline bool fromBeastRequest(boost::beast::http::request<boost::beast::http::string_body>& raw,
                             Request& req) {
  req.method = std::string(raw.method_string());
  req.target = std::string(raw.target());
  for (auto& field : raw) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  req.body = std::move(raw.body());
  return parseTarget(req.target, req.path, req.query);
}

}  // namespace vm::http
