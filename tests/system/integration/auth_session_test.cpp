// Accounts end to end: sign-up, login, cookies, CSRF, logout, password change, rate limiting, --no-signup.
#include <gtest/gtest.h>

#include "auth_client.hpp"
#include "harness.hpp"

using namespace vmtest;

namespace {

const std::string kPassword = "correct horse battery staple";

class AuthSessionTest : public ::testing::Test {
 protected:
  void SetUp() override { server = std::make_unique<ServerProcess>(dir.path() + "/vm.db"); }
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
};

TEST_F(AuthSessionTest, SignupSetsSafeCookiesAndMeWorks) {
  Browser b{server.get()};
  auto r = b.signup("  Ann@Example.COM ", kPassword);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["user"]["email"], "ann@example.com");
  auto session = setCookieLine(r, "vm_session");
  EXPECT_NE(session.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(session.find("Path=/"), std::string::npos);
  EXPECT_EQ(session.find("Secure"), std::string::npos);  // no https public URL
  auto csrf = setCookieLine(r, "vm_csrf");
  EXPECT_FALSE(csrf.empty());
  EXPECT_EQ(csrf.find("HttpOnly"), std::string::npos);  // the dashboard must read it
  auto me = b.call("GET", "/api/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["email"], "ann@example.com");
  EXPECT_EQ(me.json()["callCount"], 0);
}

TEST_F(AuthSessionTest, SignupValidation) {
  Browser b{server.get()};
  EXPECT_EQ(b.signup("not-an-email", kPassword).status, 422);
  auto weak = b.signup("weak@example.com", "short");
  EXPECT_EQ(weak.status, 422);
  EXPECT_NE(weak.json()["error"].get<std::string>().find("10"), std::string::npos);
  EXPECT_EQ(b.signup("same@example.com", "aaaaaaaaaaaaaa").status, 422);
  EXPECT_EQ(b.signup("taken@example.com", kPassword).status, 201);
  Browser other{server.get()};
  EXPECT_EQ(other.signup("TAKEN@example.com", kPassword).status, 409);
}

TEST_F(AuthSessionTest, CsrfIsRequiredForCookieWrites) {
  Browser b{server.get()};
  ASSERT_EQ(b.signup("csrf@example.com", kPassword).status, 201);
  b.sendCsrf = false;
  auto r = b.call("POST", "/api/tokens", R"({"name":"x"})");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(b.call("GET", "/api/tokens").status, 200);  // reads need no token
  b.sendCsrf = true;
  EXPECT_EQ(b.call("POST", "/api/tokens", R"({"name":"x"})").status, 201);
}

TEST_F(AuthSessionTest, LoginLogoutAndPasswordChangeEndSessions) {
  Browser first{server.get()};
  ASSERT_EQ(first.signup("pat@example.com", kPassword).status, 201);
  Browser second{server.get()};
  auto bad = second.login("pat@example.com", "wrong password!!");
  EXPECT_EQ(bad.status, 401);
  auto unknown = second.login("nobody@example.com", "wrong password!!");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(bad.json()["error"], unknown.json()["error"]);  // does not reveal which
  ASSERT_EQ(second.login("PAT@example.com", kPassword).status, 200);
  EXPECT_EQ(second.call("GET", "/api/me").status, 200);

  // Logout ends that session only.
  std::string oldSession = second.session;
  ASSERT_EQ(second.call("POST", "/api/auth/logout").status, 200);
  second.session = oldSession;
  EXPECT_EQ(second.call("GET", "/api/me").status, 401);
  EXPECT_EQ(first.call("GET", "/api/me").status, 200);

  // A password change ends every session, except that the caller gets a fresh one.
  Browser third{server.get()};
  ASSERT_EQ(third.login("pat@example.com", kPassword).status, 200);
  auto wrong = first.call("POST", "/api/auth/password",
                          R"({"current":"nope nope nope","new":"another good password"})");
  EXPECT_EQ(wrong.status, 422);
  auto changed = first.call("POST", "/api/auth/password",
                            nlohmann::json{{"current", kPassword}, {"new", "another good password"}}.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(third.call("GET", "/api/me").status, 401);
  EXPECT_EQ(first.call("GET", "/api/me").status, 200);
  Browser fourth{server.get()};
  EXPECT_EQ(fourth.login("pat@example.com", kPassword).status, 401);
  EXPECT_EQ(fourth.login("pat@example.com", "another good password").status, 200);
}

TEST_F(AuthSessionTest, FailedLoginsAreRateLimitedPerAccount) {
  Browser b{server.get()};
  ASSERT_EQ(b.signup("rl@example.com", kPassword).status, 201);
  Browser attacker{server.get()};
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(attacker.login("rl@example.com", "guess number " + std::to_string(i)).status, 401);
  auto limited = attacker.login("rl@example.com", kPassword);  // even the right password now waits
  EXPECT_EQ(limited.status, 429);
  ASSERT_TRUE(limited.headers.count("retry-after"));
  EXPECT_GT(std::stoi(limited.headers["retry-after"]), 0);
}

// Behind a trusted proxy, a stranger guessing an account's password from their address delays only
// themselves: the owner, from another address, signs in at once (before, the account was locked for all).
TEST(AuthBehindProxy, GuessingFromOneAddressDoesNotLockTheOwnerOut) {
  TempDir dir;
  ServerProcess server(dir.path() + "/vm.db", {"--trusted-proxy", "127.0.0.1/32"});
  Browser owner{&server};
  owner.extraHeaders = {"X-Forwarded-For: 198.51.100.7"};
  ASSERT_EQ(owner.signup("owner@example.com", kPassword).status, 201);
  Browser attacker{&server};
  attacker.extraHeaders = {"X-Forwarded-For: 203.0.113.66"};
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(attacker.login("owner@example.com", "guess number " + std::to_string(i)).status, 401);
  EXPECT_EQ(attacker.login("owner@example.com", "one more guess").status, 429);
  EXPECT_EQ(owner.login("owner@example.com", kPassword).status, 200);
}

TEST(AuthNoSignup, SignupIsForbiddenWithAClearMessage) {
  TempDir dir;
  ServerProcess server(dir.path() + "/vm.db", {"--no-signup", "--public-url", "https://vm.example.com"});
  Browser b{&server};
  auto r = b.signup("x@example.com", kPassword);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.json()["error"].get<std::string>().find("disabled"), std::string::npos);
}

TEST(AuthSecureCookie, HttpsPublicUrlMakesCookiesSecure) {
  TempDir dir;
  ServerProcess server(dir.path() + "/vm.db", {"--public-url", "https://vm.example.com"});
  Browser b{&server};
  auto r = b.signup("secure@example.com", kPassword);
  ASSERT_EQ(r.status, 201);
  EXPECT_NE(setCookieLine(r, "vm_session").find("Secure"), std::string::npos);
  EXPECT_NE(setCookieLine(r, "vm_csrf").find("Secure"), std::string::npos);
}

}  // namespace
