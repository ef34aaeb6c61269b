#include "api/errors.hpp"

#include <spdlog/spdlog.h>

#include "http/errors.hpp"
#include "store/errors.hpp"
#include "vapi/errors.hpp"

namespace vm::api {
namespace {

int statusOf(vapi::ErrorKind kind) {
  switch (kind) {
    case vapi::ErrorKind::Timeout:
      return 504;
    case vapi::ErrorKind::NotFound:
      return 404;
    case vapi::ErrorKind::Rejected:
    case vapi::ErrorKind::InvalidInput:
      return 422;
    case vapi::ErrorKind::Unreachable:
    case vapi::ErrorKind::Upstream:
    case vapi::ErrorKind::KeyRejected:
      return 502;  // VAPI's failure, not the client's: the client may retry or fix its key
  }
  return 502;
}

}  // namespace

ErrorAnswer answerFor(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const http::HttpError& e) {
    return {e.status, e.what(), false};
  } catch (const vapi::Error& e) {
    return {statusOf(e.kind), e.what(), false};
  } catch (const store::ConflictError& e) {
    return {409, e.what(), false};
  } catch (const store::NotFoundError& e) {
    return {404, e.what(), false};
  } catch (const store::InvalidInputError& e) {
    return {422, e.what(), false};
  } catch (...) {
    return {500, "internal error", true};
  }
}

void sendCurrentError(const std::shared_ptr<http::Responder>& responder, const http::Request& request) {
  sendCurrentError(responder, request.method + " " + request.route);
}

void sendCurrentError(const std::shared_ptr<http::Responder>& responder, const std::string& what) {
  auto error = std::current_exception();
  auto answer = answerFor(error);
  if (answer.unexpected) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      spdlog::error("{}: unhandled error: {}", what, e.what());
    } catch (...) {
      spdlog::error("{}: unhandled non-standard exception", what);
    }
  }
  responder->send(http::errorResponse(answer.status, answer.clientText));
}

}  // namespace vm::api
