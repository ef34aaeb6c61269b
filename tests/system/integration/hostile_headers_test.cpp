// Security review, from the outside: the dashboard's responses carry the headers that stop script
// injection, MIME sniffing and framing; secrets never come back in error bodies nor land in the log.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness.hpp"

using namespace vmtest;

namespace {

TEST(SecurityHeaders, DashboardResponsesCarryCspNosniffAndFrameAncestors) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  std::string web = dir.path() + "/web";
  std::filesystem::create_directories(web + "/assets");
  std::ofstream(web + "/index.html") << "<!doctype html><title>vm</title>";
  std::ofstream(web + "/assets/app.js") << "console.log(1)";
  addUser(db, "headers@example.com");
  ServerProcess server(db, {"--web-dir", web});
  for (auto path : {"/", "/index.html", "/assets/app.js", "/calls/some-client-route"}) {
    auto r = request("GET", server.url(path));
    ASSERT_EQ(r.status, 200) << path;
    auto csp = r.headers["content-security-policy"];
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path << ": " << csp;
    EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << path << ": " << csp;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << path;
  }
}

// API answers too: a JSON body must never be sniffed into HTML, framed, or run as a document.
TEST(SecurityHeaders, ApiAnswersCarryNosniffAndANoneCsp) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  auto user = addUser(db, "api-headers@example.com");
  ServerProcess server(db);
  for (auto [path, auth] : {std::pair{"/api/me", true}, std::pair{"/api/me", false},
                            std::pair{"/healthz", false}, std::pair{"/no/such/route", false}}) {
    std::vector<std::string> headers;
    if (auth) headers.push_back("Authorization: Bearer " + user.apiToken);
    auto r = request("GET", server.url(path), "", headers);
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << path << " " << r.status;
    EXPECT_NE(r.headers["content-security-policy"].find("default-src 'none'"), std::string::npos)
        << path << " " << r.status;
  }
}

TEST(SecurityHeaders, SecretsStayOutOfErrorBodiesAndTheLog) {
  TempDir dir;
  std::string db = dir.path() + "/vm.db";
  auto user = addUser(db, "secrets@example.com");
  ServerProcess server(db, {"--log-level", "debug"});
  // A wrong secret, a right secret with a bad body, a wrong token, the right token: none is echoed.
  auto body = exampleWithCallId("05-end-of-call-report-customer-ended.json", "sec-1");
  std::vector<HttpResult> answers = {
      request("POST", server.url(user.webhookPath), body, {"X-Vapi-Secret: wrong-" + user.webhookSecret}),
      request("POST", server.url(user.webhookPath), "{bad", {"X-Vapi-Secret: " + user.webhookSecret}),
      postWebhook(server, user, body),
      request("GET", server.url("/api/calls"), "", {"Authorization: Bearer " + user.apiToken + "x"}),
      apiGet(server, user, "/api/calls?limit=bogus"),
      apiGet(server, user, "/api/calls"),
  };
  EXPECT_EQ(answers[0].status, 401);
  EXPECT_EQ(answers[2].status, 200);
  EXPECT_EQ(answers[3].status, 401);
  EXPECT_EQ(answers.back().status, 200);
  for (const auto& a : answers) {
    EXPECT_EQ(a.body.find(user.webhookSecret), std::string::npos) << a.body;
    EXPECT_EQ(a.body.find(user.apiToken), std::string::npos) << a.body;
  }
  ASSERT_EQ(server.stop(), 0);
  auto log = readFile(server.logPath());
  EXPECT_EQ(log.find(user.webhookSecret), std::string::npos) << "webhook secret in the log";
  EXPECT_EQ(log.find(user.apiToken), std::string::npos) << "API token in the log";
  EXPECT_EQ(log.find(user.webhookPath), std::string::npos) << "hook id (a capability) in the log";
}

}  // namespace
