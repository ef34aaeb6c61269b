#include "http/client_ip.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace vm::http {
namespace {

using Address = std::array<std::uint8_t, 16>;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An IPv4 or IPv6 address (IPv4 stored IPv4-mapped, so "::ffff:10.0.0.1" and "10.0.0.1" are one).
std::optional<Address> parseAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string s(text);
  Address out{};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

bool isMappedV4(const Address& a) {
  return std::all_of(a.begin(), a.begin() + 10, [](auto b) { return b == 0; }) && a[10] == 0xff &&
         a[11] == 0xff;
}

// An address as a forwarding header writes it: bare, "[v6]", "[v6]:port", "v4:port", or "\"...\"".
std::string_view stripNode(std::string_view node) {
  node = trim(node);
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') node = node.substr(1, node.size() - 2);
  if (!node.empty() && node.front() == '[') {
    auto close = node.find(']');
    return close == std::string_view::npos ? std::string_view() : node.substr(1, close - 1);
  }
  if (std::count(node.begin(), node.end(), ':') == 1) node = node.substr(0, node.find(':'));
  return node;
}

// The addresses a header lists, left (the original client) to right (the last proxy).
std::vector<std::string> forwardedChain(const Request& request) {
  std::vector<std::string> chain;
  auto split = [](std::string_view list, char separator, auto&& each) {
    while (!list.empty()) {
      auto cut = list.find(separator);
      each(list.substr(0, cut));
      if (cut == std::string_view::npos) break;
      list.remove_prefix(cut + 1);
    }
  };
  if (auto xff = request.header("x-forwarded-for"); !xff.empty()) {
    split(xff, ',', [&](std::string_view node) { chain.emplace_back(stripNode(node)); });
    return chain;
  }
  split(request.header("forwarded"), ',', [&](std::string_view element) {
    split(element, ';', [&](std::string_view pair) {
      pair = trim(pair);
      std::string name(pair.substr(0, 4));
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (pair.size() > 4 && name == "for=") chain.emplace_back(stripNode(pair.substr(4)));
    });
  });
  return chain;
}

std::string canonical(const Address& a) {
  char text[INET6_ADDRSTRLEN] = {};
  if (isMappedV4(a)) return inet_ntop(AF_INET, a.data() + 12, text, sizeof text) ? text : "";
  return inet_ntop(AF_INET6, a.data(), text, sizeof text) ? text : "";
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& cidrs) {
  for (const auto& cidr : cidrs) {
    std::string_view text = trim(cidr);
    auto slash = text.find('/');
    auto address = parseAddress(text.substr(0, slash));
    if (!address)
      throw std::invalid_argument("--trusted-proxy: \"" + cidr + "\" is not an IP address or CIDR");
    Network network{*address, 128};
    if (slash != std::string_view::npos) {
      std::string bits(text.substr(slash + 1));
      const bool v4 = isMappedV4(*address) && text.substr(0, slash).find(':') == std::string_view::npos;
      const int max = v4 ? 32 : 128;
      int n = -1;
      if (!bits.empty() && bits.size() <= 3 &&
          std::all_of(bits.begin(), bits.end(), [](unsigned char c) { return std::isdigit(c); }))
        n = std::stoi(bits);
      if (n < 0 || n > max)
        throw std::invalid_argument("--trusted-proxy: \"" + cidr + "\" has a bad prefix length");
      network.prefixBits = v4 ? 96 + n : n;
    }
    networks_.push_back(network);
  }
}

bool TrustedProxies::contains(std::string_view ip) const {
  auto address = parseAddress(ip);
  if (!address) return false;
  for (const auto& network : networks_) {
    int bits = network.prefixBits;
    bool match = true;
    for (int i = 0; i < 16 && bits > 0 && match; ++i, bits -= 8) {
      std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
      match = ((*address)[i] & mask) == (network.address[i] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string clientIp(const Request& request, const TrustedProxies& proxies) {
  if (!proxies.contains(request.remoteIp)) return request.remoteIp;
  auto chain = forwardedChain(request);
  std::string client = request.remoteIp;
  // Right to left: each trusted hop vouches for the one before it; the first untrusted one is the client.
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    auto address = parseAddress(*it);
    if (!address) break;  // garbage in the chain: believe nothing further left
    client = canonical(*address);
    if (!proxies.contains(client)) break;
  }
  return client;
}

void resolveClient(Request& request, const TrustedProxies& proxies) {
  if (proxies.empty()) return;
  request.viaTrustedProxy = proxies.contains(request.remoteIp);
  if (request.viaTrustedProxy) request.remoteIp = clientIp(request, proxies);
}

}  // namespace vm::http
