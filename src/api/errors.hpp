// The one table from every layer's error kinds to an HTTP answer (status + text for the client), after
// userver's HandlerErrorCode: handlers and the layers below throw their own kinds (http::HttpError for
// what the request itself got wrong, store::*Error, vapi::Error), and only this file knows their statuses.
// The client text never carries internals; anything unexpected is logged in full and answered 500.
#pragma once

#include <exception>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace vm::api {

struct ErrorAnswer {
  int status;
  std::string clientText;
  bool unexpected;  // a bug or a failing database: logged with the request
};

ErrorAnswer answerFor(std::exception_ptr error);

// Answers the exception being handled (call inside a catch block) and logs it when unexpected.
// `what` names the request in the log ("GET /api/calls").
void sendCurrentError(const std::shared_ptr<http::Responder>& responder, const std::string& what);
void sendCurrentError(const std::shared_ptr<http::Responder>& responder, const http::Request& request);

}  // namespace vm::api
