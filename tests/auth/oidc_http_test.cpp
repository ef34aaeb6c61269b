// OIDC with the real fetcher: the issuer's discovery document and JWKS served over HTTP by an in-process
// server, as an identity provider would, including a key rotation the verifier must pick up by itself.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "auth/oidc.hpp"
#include "domain/time.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "jwt_util.hpp"

namespace vm::auth {
namespace {

using testing::TestSigner;

class HttpIssuer {
 public:
  HttpIssuer() {
    router_.add("GET", "/.well-known/openid-configuration",
                [this](http::Request&, std::shared_ptr<http::Responder> res) {
                  ++fetches;
                  res->send(http::jsonResponse(
                      200, nlohmann::json{{"issuer", url()}, {"jwks_uri", url() + "/keys"}}.dump()));
                });
    router_.add("GET", "/keys", [this](http::Request&, std::shared_ptr<http::Responder> res) {
      ++fetches;
      std::lock_guard lock(mutex_);
      res->send(http::jsonResponse(200, jwks_));
    });
    http::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    server_ = std::make_unique<http::Server>(options, router_, metrics_);
    server_->listen();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~HttpIssuer() {
    server_->stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  void serve(std::string jwks) {
    std::lock_guard lock(mutex_);
    jwks_ = std::move(jwks);
  }
  std::atomic<int> fetches{0};

 private:
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::mutex mutex_;
  std::string jwks_ = R"({"keys":[]})";
};

nlohmann::json claims(const std::string& issuer) {
  const std::int64_t now = domain::nowMs() / 1000;
  return {{"iss", issuer}, {"aud", "vm-client"}, {"sub", "user-http"}, {"email", "http@example.com"},
          {"iat", now},    {"exp", now + 600}};
}

TEST(OidcOverHttp, FetchesTheJwksAndFollowsAKeyRotation) {
  HttpIssuer issuer;
  TestSigner first("key-1");
  issuer.serve(first.jwks());
  // The default fetcher (libcurl); keys refetched at most once a second.
  OidcVerifier verifier(issuer.url(), "vm-client", curlHttpGet(), std::chrono::seconds(1));
  auto id = verifier.verify(first.sign(claims(issuer.url())), domain::nowMs());
  ASSERT_TRUE(id);
  EXPECT_EQ(id->subject, "user-http");
  EXPECT_EQ(issuer.fetches.load(), 2);  // discovery, then the keys

  // The provider rotates its signing key. Right away the new kid is not fetched (refetches are rate
  // limited, so made-up kids cannot hammer the provider); a moment later it is.
  TestSigner second("key-2");
  issuer.serve(second.jwks());
  EXPECT_FALSE(verifier.verify(second.sign(claims(issuer.url())), domain::nowMs()));
  EXPECT_EQ(issuer.fetches.load(), 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_TRUE(verifier.verify(second.sign(claims(issuer.url())), domain::nowMs()));
  EXPECT_EQ(issuer.fetches.load(), 3);  // only the keys: the discovery document is kept
  // A token signed by a key the provider never published is refused.
  TestSigner stranger("key-2");
  EXPECT_FALSE(verifier.verify(stranger.sign(claims(issuer.url())), domain::nowMs()));
}

}  // namespace
}  // namespace vm::auth
