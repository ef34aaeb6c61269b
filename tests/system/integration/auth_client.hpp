// Test helper: a browser-like client for the account routes (keeps the session and CSRF cookies).
#pragma once

#include <string>
#include <vector>

#include "harness.hpp"

namespace vmtest {

// The value of cookie `name` from a response's Set-Cookie lines, and that cookie's whole line.
std::string setCookieValue(const HttpResult& r, const std::string& name);
std::string setCookieLine(const HttpResult& r, const std::string& name);

struct Browser {
  const ServerProcess* server;
  std::string session, csrf;
  bool sendCsrf = true;
  std::vector<std::string> extraHeaders;  // e.g. X-Forwarded-For, to act as a client behind a proxy

  // Remembers cookies the answer sets.
  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "");
  HttpResult signup(const std::string& email, const std::string& password);
  HttpResult login(const std::string& email, const std::string& password);
};

}  // namespace vmtest
