// Parsing and validating query parameters shared by the read APIs (422 with the parameter's name).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/message.hpp"
#include "store/store.hpp"

namespace vm::api {

// A time bound: ISO-8601 date-time or a "YYYY-MM-DD" day (UTC midnight). `endOfDay` makes a bare day
// mean the end of that day (exclusive upper bound). nullopt when absent; 422 when malformed.
std::optional<std::int64_t> timeParam(const http::Request& request, const std::string& name, bool endOfDay);
// An integer within [min, max]; `fallback` when absent; 422 otherwise.
int intParam(const http::Request& request, const std::string& name, int fallback, int min, int max);
// The call filters common to listing and exporting calls (an export always starts from the top).
store::CallQuery callQueryFrom(const http::Request& request);
// The decoded `cursor` of a listing; nullopt when absent; 422 when it is not a cursor the API gave out.
std::optional<store::PageCursor> cursorParam(const http::Request& request);

}  // namespace vm::api
