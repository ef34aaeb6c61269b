#include "api/public_url.hpp"

#include "api/app.hpp"

namespace vm::api {

std::string publicBaseUrl(const AppContext& app, const http::Request& request) {
  std::string base = app.config.publicUrl;
  if (base.empty()) {
    // A proxy's word only from a --trusted-proxy: anyone else could name any host.
    std::string host(request.viaTrustedProxy ? request.header("x-forwarded-host") : "");
    if (host.empty()) host = std::string(request.header("host"));
    if (host.empty()) return "";
    std::string proto(request.viaTrustedProxy ? request.header("x-forwarded-proto") : "");
    base = (proto == "https" ? "https://" : "http://") + host;
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string webhookUrlFor(const AppContext& app, const http::Request& request, const domain::User& user) {
  return publicBaseUrl(app, request) + "/webhook/vapi/" + user.hookId;
}

}  // namespace vm::api
