// Accounts: POST /api/auth/signup, /login, /logout, /password and GET /api/me; sessions and CSRF.
#include "api_harness.hpp"

namespace vm::api::testing {
namespace {

const Headers kJson = {{"Content-Type", "application/json"}};

std::string credentials(const std::string& email, const std::string& password) {
  return nlohmann::json{{"email", email}, {"password", password}}.dump();
}

// The Cookie header of the session a sign-in answer started.
std::string sessionCookie(const http::Response& r) {
  return std::string("vm_session=") + setCookie(r, "vm_session") + "; vm_csrf=" + setCookie(r, "vm_csrf");
}

class AuthApi : public ::testing::Test {
 protected:
  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com", "", ApiHarness::kPassword);
};

TEST_F(AuthApi, SignupCreatesTheUserAndASession) {
  auto r = api.call("POST", "/api/auth/signup", credentials(" New@Example.com ", "a long password"), kJson);
  ASSERT_EQ(r.status, 201) << r.body;
  auto user = json(r)["user"];
  EXPECT_EQ(user["email"], "new@example.com");
  EXPECT_TRUE(user["id"].is_string());
  EXPECT_FALSE(setCookie(r, "vm_session").empty());
  EXPECT_FALSE(setCookie(r, "vm_csrf").empty());
  auto me = api.call("GET", "/api/me", "", {{"Cookie", sessionCookie(r)}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json(me)["email"], "new@example.com");
}

TEST_F(AuthApi, SignupErrors) {
  expectError(api.call("POST", "/api/auth/signup", credentials("x@example.com", "a long password"),
                       {{"Content-Type", "text/plain"}}),
              415, "Content-Type must be application/json");
  expectError(api.call("POST", "/api/auth/signup", "{", kJson), 400, "request body is not valid JSON");
  expectError(api.call("POST", "/api/auth/signup", "[]", kJson), 400, "request body must be a JSON object");
  expectError(api.call("POST", "/api/auth/signup", R"({"password":"a long password"})", kJson), 422,
              "email is required");
  expectError(api.call("POST", "/api/auth/signup", credentials("not-an-email", "a long password"), kJson),
              422, "email is not a valid address");
  expectError(api.call("POST", "/api/auth/signup", R"({"email":5,"password":"a long password"})", kJson), 422,
              "email must be a string");
  expectError(api.call("POST", "/api/auth/signup", credentials("x@example.com", "short"), kJson), 422,
              "password must be at least 10 characters");
  expectError(api.call("POST", "/api/auth/signup", credentials("x@example.com", "aaaaaaaaaaaa"), kJson), 422,
              "password must not repeat a single character");
  expectError(
      api.call("POST", "/api/auth/signup", credentials("ALICE@example.com", "a long password"), kJson), 409,
      "an account with this email already exists");
  api.app().config.signupEnabled = false;
  expectError(api.call("POST", "/api/auth/signup", credentials("y@example.com", "a long password"), kJson),
              403, "sign-up is disabled on this server: ask its administrator for an account");
}

TEST_F(AuthApi, LoginStartsASession) {
  auto r =
      api.call("POST", "/api/auth/login", credentials("Alice@Example.com", ApiHarness::kPassword), kJson);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r)["user"]["email"], "alice@example.com");
  EXPECT_EQ(json(r)["user"]["id"], alice.user.id);
  auto me = api.call("GET", "/api/me", "", {{"Cookie", sessionCookie(r)}});
  EXPECT_EQ(me.status, 200) << me.body;
}

TEST_F(AuthApi, LoginErrors) {
  expectError(api.call("POST", "/api/auth/login", credentials("alice@example.com", ApiHarness::kPassword),
                       {{"Content-Type", "application/x-www-form-urlencoded"}}),
              415, "Content-Type must be application/json");
  // No Content-Type at all is what a cross-site fetch of a bare body sends without a preflight: refused,
  // so another site cannot sign a browser in to the attacker's account.
  expectError(
      api.call("POST", "/api/auth/login", credentials("alice@example.com", ApiHarness::kPassword), {}), 415,
      "Content-Type must be application/json");
  expectError(api.call("POST", "/api/auth/login", "nope", kJson), 400, "request body is not valid JSON");
  expectError(api.call("POST", "/api/auth/login", R"({"email":"alice@example.com"})", kJson), 422,
              "email and password are required");
  // Unknown email and wrong password: the same answer.
  expectError(api.call("POST", "/api/auth/login", credentials("nobody@example.com", "whatever123"), kJson),
              401, "invalid email or password");
  for (int i = 0; i < 5; ++i)
    expectError(
        api.call("POST", "/api/auth/login", credentials("alice@example.com", "wrong password"), kJson), 401,
        "invalid email or password");
  // Five failures for the account: even the right password waits now.
  auto limited =
      api.call("POST", "/api/auth/login", credentials("alice@example.com", ApiHarness::kPassword), kJson);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(json(limited)["error"].get<std::string>().rfind("too many failed sign-in attempts, retry in ", 0),
            0u)
      << limited.body;
}

TEST_F(AuthApi, LogoutEndsTheSession) {
  auto login =
      api.call("POST", "/api/auth/login", credentials("alice@example.com", ApiHarness::kPassword), kJson);
  ASSERT_EQ(login.status, 200);
  const std::string cookie = sessionCookie(login);
  // Without the CSRF token the session stays (another site cannot sign the user out), the answer is 200.
  auto r = api.call("POST", "/api/auth/logout", "", {{"Cookie", cookie}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(api.call("GET", "/api/me", "", {{"Cookie", cookie}}).status, 200);

  r = api.call("POST", "/api/auth/logout", "",
               {{"Cookie", cookie}, {"X-CSRF-Token", setCookie(login, "vm_csrf")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json(r), (nlohmann::json{{"ok", true}}));
  EXPECT_EQ(setCookie(r, "vm_session"), "");
  bool cleared = false;
  for (const auto& [name, value] : r.headers)
    cleared = cleared || (name == "Set-Cookie" && value.find("vm_session=;") == 0 &&
                          value.find("Max-Age=0") != std::string::npos);
  EXPECT_TRUE(cleared);
  expectError(api.call("GET", "/api/me", "", {{"Cookie", cookie}}), 401,
              "session expired, please sign in again");
  // Without any session it answers 200 too.
  EXPECT_EQ(api.call("POST", "/api/auth/logout").status, 200);
}

TEST_F(AuthApi, PasswordChangeTakesEffect) {
  auto r =
      api.call("POST", "/api/auth/password",
               nlohmann::json{{"current", ApiHarness::kPassword}, {"new", "another long password"}}.dump(),
               ApiHarness::bearer(alice.apiToken));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r), (nlohmann::json{{"ok", true}}));
  expectError(
      api.call("POST", "/api/auth/login", credentials("alice@example.com", ApiHarness::kPassword), kJson),
      401, "invalid email or password");
  EXPECT_EQ(
      api.call("POST", "/api/auth/login", credentials("alice@example.com", "another long password"), kJson)
          .status,
      200);

  // Through a session (with its CSRF token) the caller gets a fresh session; the old one ends.
  auto login =
      api.call("POST", "/api/auth/login", credentials("alice@example.com", "another long password"), kJson);
  r = api.call("POST", "/api/auth/password",
               nlohmann::json{{"current", "another long password"}, {"new", "a third long password"}}.dump(),
               {{"Cookie", sessionCookie(login)}, {"X-CSRF-Token", setCookie(login, "vm_csrf")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(setCookie(r, "vm_session").empty());
  EXPECT_EQ(api.call("GET", "/api/me", "", {{"Cookie", sessionCookie(login)}}).status, 401);
  EXPECT_EQ(api.call("GET", "/api/me", "", {{"Cookie", sessionCookie(r)}}).status, 200);
}

// An account made by the CLI or OIDC has no password: its signed-in owner sets one without a current one.
TEST_F(AuthApi, PasswordCanBeSetWhenThereIsNone) {
  auto bob = api.makeUser("bob@example.com");
  auto r = api.call("POST", "/api/auth/password", R"({"new":"bobs new password"})",
                    ApiHarness::bearer(bob.apiToken));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(
      api.call("POST", "/api/auth/login", credentials("bob@example.com", "bobs new password"), kJson).status,
      200);
}

TEST_F(AuthApi, PasswordErrors) {
  auto token = ApiHarness::bearer(alice.apiToken);
  expectError(api.call("POST", "/api/auth/password", "{]", token), 400, "request body is not valid JSON");
  Headers textPlain = token;
  textPlain.emplace_back("Content-Type", "text/plain");
  expectError(api.call("POST", "/api/auth/password", "{}", textPlain), 415,
              "Content-Type must be application/json");
  expectError(
      api.call("POST", "/api/auth/password",
               nlohmann::json{{"current", "not it at all"}, {"new", "another long password"}}.dump(), token),
      422, "current password is wrong");
  expectError(api.call("POST", "/api/auth/password",
                       nlohmann::json{{"current", ApiHarness::kPassword}, {"new", "short"}}.dump(), token),
              422, "password must be at least 10 characters");
  expectError(api.call("POST", "/api/auth/password", "{}"), 401, "authentication required");
  expectError(api.call("POST", "/api/auth/password", "{}", ApiHarness::bearer("nope")), 401,
              "invalid API token");
  auto login =
      api.call("POST", "/api/auth/login", credentials("alice@example.com", ApiHarness::kPassword), kJson);
  expectError(
      api.call("POST", "/api/auth/password",
               nlohmann::json{{"current", ApiHarness::kPassword}, {"new", "another long password"}}.dump(),
               {{"Cookie", sessionCookie(login)}}),
      403, "missing or invalid CSRF token (send the vm_csrf cookie's value in X-CSRF-Token)");
}

TEST_F(AuthApi, MeAnswersTheUser) {
  ASSERT_EQ(api.postWebhook(alice, endedCall("vapi-1")).status, 200);
  auto r = api.call("GET", "/api/me", "", ApiHarness::bearer(alice.apiToken));
  ASSERT_EQ(r.status, 200) << r.body;
  auto me = json(r);
  EXPECT_EQ(me["id"], alice.user.id);
  EXPECT_EQ(me["email"], "alice@example.com");
  EXPECT_EQ(me["callCount"], 1);
  EXPECT_TRUE(me.contains("createdAt"));
}

TEST_F(AuthApi, MeErrors) {
  expectError(api.call("GET", "/api/me"), 401, "authentication required");
  expectError(api.call("GET", "/api/me", "", ApiHarness::bearer("vm_wrong")), 401, "invalid API token");
  expectError(api.call("GET", "/api/me", "", {{"Cookie", "vm_session=made-up"}}), 401,
              "session expired, please sign in again");
}

}  // namespace
}  // namespace vm::api::testing
