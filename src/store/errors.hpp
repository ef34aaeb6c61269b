// The errors the store throws about what a caller asked, as opposed to a database that fails: the api
// layer maps each kind to an answer. Every kind is a std::runtime_error, so code that only reports
// failures needs to know none of them.
#pragma once

#include <stdexcept>

namespace vm::store {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A unique value (email, VAPI organization, webhook id, API token, identity) is taken. The message is
// meant for the client (409).
struct ConflictError : Error {
  using Error::Error;
};

// The user a write names does not exist.
struct NotFoundError : Error {
  using Error::Error;
};

// A call event the store cannot apply: it names no user or no call.
struct InvalidInputError : Error {
  using Error::Error;
};

}  // namespace vm::store
