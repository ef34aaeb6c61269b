// The public base URL: Settings (the webhook URL shown to paste into VAPI) and Connect (the URL written
// into the assistant) must agree, behind a reverse proxy too.
#include "api/public_url.hpp"

#include <gtest/gtest.h>

#include "api/app.hpp"
#include "api/public_url.hpp"
#include "temp_app.hpp"

namespace vm::api {
namespace {

class PublicUrlTest : public ::testing::Test {
 protected:
  void SetUp() override { user.hookId = "hook123"; }
  http::Request requestWith(std::vector<std::pair<std::string, std::string>> headers) {
    http::Request req;
    req.method = "GET";
    req.headers = std::move(headers);
    return req;
  }

  testing::TempApp temp{"public-url"};
  AppContext& app = temp.app();
  domain::User user;
};

TEST_F(PublicUrlTest, SettingsAndConnectAgreeBehindAProxy) {
  auto req = requestWith(
      {{"host", "10.0.0.5:8080"}, {"x-forwarded-host", "vm.example.com"}, {"x-forwarded-proto", "https"}});
  req.viaTrustedProxy = true;
  EXPECT_EQ(publicBaseUrl(app, req), "https://vm.example.com");
  EXPECT_EQ(webhookUrlFor(app, req, user), "https://vm.example.com/webhook/vapi/hook123");
}

TEST_F(PublicUrlTest, ForwardedHeadersFromAnUntrustedPeerAreIgnored) {
  auto req = requestWith(
      {{"host", "10.0.0.5:8080"}, {"x-forwarded-host", "evil.example"}, {"x-forwarded-proto", "https"}});
  EXPECT_EQ(publicBaseUrl(app, req), "http://10.0.0.5:8080");
}

TEST_F(PublicUrlTest, UsesTheHostHeaderWithoutAProxy) {
  auto req = requestWith({{"host", "127.0.0.1:8080"}});
  EXPECT_EQ(webhookUrlFor(app, req, user), "http://127.0.0.1:8080/webhook/vapi/hook123");
}

TEST_F(PublicUrlTest, TheConfiguredPublicUrlWinsWithoutItsTrailingSlash) {
  app.config.publicUrl = "https://calls.agency.example/";
  auto req = requestWith({{"host", "10.0.0.5:8080"}, {"x-forwarded-host", "other.example"}});
  EXPECT_EQ(publicBaseUrl(app, req), "https://calls.agency.example");
  EXPECT_EQ(webhookUrlFor(app, req, user), "https://calls.agency.example/webhook/vapi/hook123");
}

TEST_F(PublicUrlTest, NothingToGoOnGivesAnEmptyBase) { EXPECT_EQ(publicBaseUrl(app, requestWith({})), ""); }

}  // namespace
}  // namespace vm::api
