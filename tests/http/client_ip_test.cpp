// The client address behind trusted proxies: only a trusted peer's forwarding headers count.
#include "http/client_ip.hpp"

#include <gtest/gtest.h>

namespace vm::http {
namespace {

Request from(std::string peer, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.remoteIp = std::move(peer);
  r.headers = std::move(headers);
  return r;
}

TEST(TrustedProxies, MatchesCidrsOfBothFamilies) {
  TrustedProxies proxies({"10.0.0.0/8", "192.168.1.7", "fd00::/8"});
  EXPECT_TRUE(proxies.contains("10.200.3.4"));
  EXPECT_TRUE(proxies.contains("::ffff:10.1.1.1"));
  EXPECT_TRUE(proxies.contains("192.168.1.7"));
  EXPECT_FALSE(proxies.contains("192.168.1.8"));
  EXPECT_TRUE(proxies.contains("fd12::1"));
  EXPECT_FALSE(proxies.contains("fe80::1"));
  EXPECT_FALSE(proxies.contains("11.0.0.1"));
  EXPECT_FALSE(proxies.contains("not an ip"));
}

TEST(TrustedProxies, RefusesWhatIsNotACidr) {
  EXPECT_THROW(TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"example.com"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"10.0.0.0/"}), std::invalid_argument);
}

TEST(ClientIp, AnUntrustedPeerCannotChooseItsAddress) {
  TrustedProxies proxies({"10.0.0.0/8"});
  EXPECT_EQ(clientIp(from("203.0.113.9", {{"x-forwarded-for", "1.2.3.4"}}), proxies), "203.0.113.9");
}

TEST(ClientIp, ATrustedProxyNamesTheClientRightToLeft) {
  TrustedProxies proxies({"10.0.0.0/8"});
  // The client put a fake address first; the proxies appended what they saw.
  auto r = from("10.0.0.2", {{"x-forwarded-for", "6.6.6.6, 198.51.100.4, 10.0.0.1"}});
  EXPECT_EQ(clientIp(r, proxies), "198.51.100.4");
}

TEST(ClientIp, ForwardedHeaderWhenNoXForwardedFor) {
  TrustedProxies proxies({"10.0.0.0/8"});
  auto r = from("10.0.0.2", {{"forwarded", R"(for=192.0.2.60;proto=https, For="[2001:db8::17]:4711")"}});
  EXPECT_EQ(clientIp(r, proxies), "2001:db8::17");
}

TEST(ClientIp, GarbageKeepsTheProxysOwnAddress) {
  TrustedProxies proxies({"10.0.0.0/8"});
  EXPECT_EQ(clientIp(from("10.0.0.2", {{"x-forwarded-for", "unknown"}}), proxies), "10.0.0.2");
  EXPECT_EQ(clientIp(from("10.0.0.2"), proxies), "10.0.0.2");
}

TEST(ResolveClient, MarksRequestsATrustedProxyForwarded) {
  TrustedProxies proxies({"127.0.0.1"});
  auto r = from("127.0.0.1", {{"x-forwarded-for", "198.51.100.4"}});
  resolveClient(r, proxies);
  EXPECT_EQ(r.remoteIp, "198.51.100.4");
  EXPECT_TRUE(r.viaTrustedProxy);
  auto direct = from("198.51.100.5", {{"x-forwarded-for", "1.1.1.1"}});
  resolveClient(direct, proxies);
  EXPECT_EQ(direct.remoteIp, "198.51.100.5");
  EXPECT_FALSE(direct.viaTrustedProxy);
}

}  // namespace
}  // namespace vm::http
