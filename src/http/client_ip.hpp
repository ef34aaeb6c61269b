// Who the client is behind a reverse proxy. Only a peer named by --trusted-proxy may say, in
// X-Forwarded-For or Forwarded, whom it forwards for; from anyone else those headers are ignored, so a
// client cannot pick the address the rate limits and logs see.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace vm::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // CIDRs ("10.0.0.0/8", "fd00::/8") or single addresses; std::invalid_argument names a bad one.
  explicit TrustedProxies(const std::vector<std::string>& cidrs);
  bool empty() const { return networks_.empty(); }
  bool contains(std::string_view ip) const;

 private:
  struct Network {
    std::array<std::uint8_t, 16> address{};  // IPv4 as IPv4-mapped IPv6
    int prefixBits = 128;
  };
  std::vector<Network> networks_;
};

// The client's address for `request` (whose remoteIp is the socket peer): the peer itself unless it is a
// trusted proxy; then the right-most address of X-Forwarded-For (else Forwarded's for=) that is not a
// trusted proxy. A malformed or missing header leaves the proxy's own address.
std::string clientIp(const Request& request, const TrustedProxies& proxies);

// Applies clientIp to `request`: remoteIp becomes the client, viaTrustedProxy says whether a trusted
// proxy forwarded it (and so whether its X-Forwarded-Host/-Proto may be believed).
void resolveClient(Request& request, const TrustedProxies& proxies);

}  // namespace vm::http
