#include "auth_client.hpp"

#include <sstream>

namespace vmtest {

std::string setCookieLine(const HttpResult& r, const std::string& name) {
  auto it = r.headers.find("set-cookie");
  if (it == r.headers.end()) return "";
  std::istringstream lines(it->second);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(name + "=", 0) == 0) return line;
  return "";
}

std::string setCookieValue(const HttpResult& r, const std::string& name) {
  std::string line = setCookieLine(r, name);
  if (line.empty()) return "";
  auto semi = line.find(';');
  return line.substr(name.size() + 1, semi == std::string::npos ? std::string::npos : semi - name.size() - 1);
}

HttpResult Browser::call(const std::string& method, const std::string& path, const std::string& body) {
  std::vector<std::string> headers = {"Content-Type: application/json"};
  std::string cookies;
  if (!session.empty()) cookies += "vm_session=" + session + "; ";
  if (!csrf.empty()) cookies += "vm_csrf=" + csrf;
  if (!cookies.empty()) headers.push_back("Cookie: " + cookies);
  if (sendCsrf && !csrf.empty()) headers.push_back("X-CSRF-Token: " + csrf);
  headers.insert(headers.end(), extraHeaders.begin(), extraHeaders.end());
  auto r = request(method, server->url(path), body, headers);
  if (!setCookieLine(r, "vm_session").empty()) session = setCookieValue(r, "vm_session");
  if (!setCookieLine(r, "vm_csrf").empty()) csrf = setCookieValue(r, "vm_csrf");
  return r;
}

HttpResult Browser::signup(const std::string& email, const std::string& password) {
  return call("POST", "/api/auth/signup", nlohmann::json{{"email", email}, {"password", password}}.dump());
}
HttpResult Browser::login(const std::string& email, const std::string& password) {
  return call("POST", "/api/auth/login", nlohmann::json{{"email", email}, {"password", password}}.dump());
}

}  // namespace vmtest
