// Serves the built dashboard: files under a directory with cache headers and security headers, and
// index.html for any other GET that is not an API path (the single-page app routes in the browser).
#pragma once

#include <string>

#include "http/message.hpp"

namespace vm::http {

Handler staticFiles(const std::string& rootDir);
// Headers every dashboard response carries (CSP, no sniffing, no framing).
void addSecurityHeaders(Response& response);

}  // namespace vm::http
