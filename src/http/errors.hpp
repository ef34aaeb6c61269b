// What a request itself got wrong (or the server cannot take now), thrown by the http layer and the
// handlers: the status is the kind. api/errors.cpp answers these and every other layer's kinds as JSON
// {"error": message}. The message is written for the client: no secrets, no internals.
#pragma once

#include <stdexcept>
#include <string>

namespace vm::http {

struct HttpError : std::runtime_error {
  int status;
  HttpError(int status, const std::string& message) : std::runtime_error(message), status(status) {}
};

inline HttpError badRequest(const std::string& m) { return {400, m}; }
inline HttpError unauthorized(const std::string& m = "authentication required") { return {401, m}; }
inline HttpError forbidden(const std::string& m = "forbidden") { return {403, m}; }
inline HttpError notFound(const std::string& m = "not found") { return {404, m}; }
inline HttpError conflict(const std::string& m) { return {409, m}; }
inline HttpError payloadTooLarge(const std::string& m = "request body too large") { return {413, m}; }
inline HttpError unsupportedMediaType(const std::string& m = "Content-Type must be application/json") {
  return {415, m};
}
inline HttpError unprocessable(const std::string& m) { return {422, m}; }
inline HttpError unavailable(const std::string& m = "service unavailable") { return {503, m}; }

}  // namespace vm::http
