// Splitting a request target into a decoded path and query parameters.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vm::http {

// Percent-decodes `in` ('+' becomes a space when `plusIsSpace`); nullopt on a malformed escape.
std::optional<std::string> percentDecode(std::string_view in, bool plusIsSpace);
std::string percentEncode(std::string_view in);
// Fills path and query from a target like "/api/calls?limit=5"; false when it is malformed.
bool parseTarget(std::string_view target, std::string& path, std::map<std::string, std::string>& query);

}  // namespace vm::http
