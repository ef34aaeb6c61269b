// /api/assistants: passed through to the fake VAPI with the user's key (on the VAPI worker pool), and
// POST /api/assistants/:id/connect, which points an assistant's webhooks at this server.
#include "api_harness.hpp"
#include "fake_vapi_process.hpp"

namespace vm::api::testing {
namespace {

const std::string kKey = "vapi-private-key-1";

class AssistantsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    api.useVapi(fake.baseUrl());
    api.setVapiKey(alice, kKey);
  }
  http::Response call(const std::string& method, const std::string& target, const std::string& body = "",
                      Headers headers = {}) {
    headers.insert(headers.begin(), auth.begin(), auth.end());
    return api.call(method, target, body, headers);
  }
  std::string firstAssistantId() {
    auto list = json(call("GET", "/api/assistants"))["assistants"];
    EXPECT_FALSE(list.empty());
    return list.empty() ? "" : list[0]["id"].get<std::string>();
  }

  vmsync::FakeVapiProcess fake{kKey, 0};
  ApiHarness api;
  TestUser alice = api.makeUser("alice@example.com");
  Headers auth = ApiHarness::bearer(alice.apiToken);
};

TEST_F(AssistantsApi, ListPassesVapisAssistants) {
  auto r = call("GET", "/api/assistants");
  ASSERT_EQ(r.status, 200) << r.body;
  auto list = json(r)["assistants"];
  ASSERT_EQ(list.size(), 3u);  // the fake's generated assistants
  EXPECT_TRUE(list[0]["id"].is_string());
  EXPECT_EQ(list[0]["model"]["provider"], "openai");
}

TEST_F(AssistantsApi, CreateGetPatchDelete) {
  auto existing = firstAssistantId();  // one of the fake's, with a model
  auto created = call("POST", "/api/assistants", R"({"name":"Front desk","firstMessage":"Hi!"})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = json(created)["id"];
  EXPECT_EQ(json(created)["name"], "Front desk");

  auto got = call("GET", "/api/assistants/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json(got)["firstMessage"], "Hi!");

  auto patched = call("PATCH", "/api/assistants/" + id, R"({"name":"Reception"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json(patched)["name"], "Reception");
  EXPECT_EQ(json(patched)["firstMessage"], "Hi!");

  // A partial nested edit keeps the rest of the object.
  auto nested = call("PATCH", "/api/assistants/" + existing, R"({"model":{"temperature":1.5}})");
  ASSERT_EQ(nested.status, 200) << nested.body;
  EXPECT_EQ(json(nested)["model"]["temperature"], 1.5);
  EXPECT_EQ(json(nested)["model"]["provider"], "openai");

  auto deleted = call("DELETE", "/api/assistants/" + id);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(json(deleted)["id"], id);
  expectError(call("GET", "/api/assistants/" + id), 404, "Assistant not found");
}

TEST_F(AssistantsApi, ErrorsBeforeVapi) {
  expectError(call("POST", "/api/assistants", "{"), 400, "request body is not valid JSON");
  expectError(call("POST", "/api/assistants", "{}", {{"Content-Type", "text/plain"}}), 415,
              "Content-Type must be application/json");
  expectError(call("POST", "/api/assistants", R"({"name":3})"), 422, "name must be a string");
  expectError(call("POST", "/api/assistants", nlohmann::json{{"name", std::string(41, 'n')}}.dump()), 422,
              "name must be at most 40 characters");
  expectError(call("PATCH", "/api/assistants/x", "{}"), 422, "no fields to update");
  expectError(call("PATCH", "/api/assistants/x", R"({"model":{"temperature":5}})"), 422,
              "model.temperature must be between 0 and 2");
  expectError(call("PATCH", "/api/assistants/x", "[]"), 400, "request body must be a JSON object");
  expectError(call("PATCH", "/api/assistants/x", "{}", {{"Content-Type", "text/plain"}}), 415,
              "Content-Type must be application/json");
  for (auto [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/assistants"},
                                                        {"POST", "/api/assistants"},
                                                        {"GET", "/api/assistants/x"},
                                                        {"PATCH", "/api/assistants/x"},
                                                        {"DELETE", "/api/assistants/x"},
                                                        {"POST", "/api/assistants/x/connect"}}) {
    expectError(api.call(method, path, "{}"), 401, "authentication required");
    expectError(api.call(method, path, "{}", ApiHarness::bearer("x")), 401, "invalid API token");
  }
  // Without a VAPI key.
  auto bob = api.makeUser("bob@example.com");
  for (auto [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/assistants"},
                                                        {"POST", "/api/assistants"},
                                                        {"GET", "/api/assistants/x"},
                                                        {"PATCH", "/api/assistants/x"},
                                                        {"DELETE", "/api/assistants/x"},
                                                        {"POST", "/api/assistants/x/connect"}})
    expectError(api.call(method, path, R"({"name":"n"})", ApiHarness::bearer(bob.apiToken)), 400,
                "VAPI API key not configured");
}

TEST_F(AssistantsApi, VapiErrorsAreMapped) {
  expectError(call("GET", "/api/assistants/no-such-assistant"), 404, "Assistant not found");
  expectError(call("PATCH", "/api/assistants/no-such-assistant", R"({"name":"n"})"), 404,
              "Assistant not found");
  expectError(call("DELETE", "/api/assistants/no-such-assistant"), 404, "Assistant not found");
  fake.fault({{"status", 500}, {"count", 1}});
  expectError(call("GET", "/api/assistants"), 502, "VAPI failed (HTTP 500), try again later");
  fake.fault({{"status", 400}, {"count", 1}});
  expectError(call("POST", "/api/assistants", R"({"name":"n"})"), 422, "Injected failure");
  // No answer in time.
  api.app().config.vapiClient.totalTimeout = std::chrono::milliseconds(200);
  fake.fault({{"delayMs", 1000}, {"count", 1}});
  expectError(call("GET", "/api/assistants"), 504, "VAPI did not answer in time");
  api.app().config.vapiClient.totalTimeout = std::chrono::seconds(3);
  // A key VAPI does not know.
  api.setVapiKey(alice, "some-other-key");
  expectError(call("GET", "/api/assistants"), 502, "VAPI rejected the API key");
  // VAPI not there at all.
  api.useVapi("http://127.0.0.1:9");
  expectError(call("GET", "/api/assistants"), 502, "could not reach VAPI");
}

TEST_F(AssistantsApi, ConnectWritesTheWebhookUrl) {
  auto id = firstAssistantId();
  auto r = call("POST", "/api/assistants/" + id + "/connect", "", {{"Host", "vm.test"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json(r);
  const std::string url = "http://vm.test/webhook/vapi/" + alice.user.hookId;
  EXPECT_EQ(body["webhookUrl"], url);
  EXPECT_EQ(body["secretHeaderSet"], false);
  EXPECT_TRUE(body["note"].is_string());
  EXPECT_EQ(body["assistant"]["server"]["url"], url);
  auto messages = body["assistant"]["serverMessages"];
  EXPECT_NE(std::find(messages.begin(), messages.end(), "end-of-call-report"), messages.end()) << messages;

  // With the current secret, VAPI also gets the header; the configured public URL wins over Host.
  api.app().config.publicUrl = "https://vm.example.com/";
  r = call("POST", "/api/assistants/" + id + "/connect",
           nlohmann::json{{"webhookSecret", alice.webhookSecret}}.dump(), {{"Host", "vm.test"}});
  ASSERT_EQ(r.status, 200) << r.body;
  body = json(r);
  EXPECT_EQ(body["webhookUrl"], "https://vm.example.com/webhook/vapi/" + alice.user.hookId);
  EXPECT_EQ(body["secretHeaderSet"], true);
  EXPECT_FALSE(body.contains("note"));
  EXPECT_EQ(body["assistant"]["server"]["headers"]["X-Vapi-Secret"], alice.webhookSecret);
}

TEST_F(AssistantsApi, ConnectErrors) {
  auto id = firstAssistantId();
  const std::string path = "/api/assistants/" + id + "/connect";
  expectError(call("POST", path, R"({"webhookSecret":"not-it"})", {{"Host", "vm.test"}}), 422,
              "webhookSecret is not this account's current webhook secret");
  expectError(call("POST", path, R"({"webhookSecret":1})", {{"Host", "vm.test"}}), 422,
              "webhookSecret must be a string");
  expectError(call("POST", path, "{", {{"Host", "vm.test"}}), 400, "request body is not valid JSON");
  expectError(call("POST", path, "{}", {{"Host", "vm.test"}, {"Content-Type", "text/plain"}}), 415,
              "Content-Type must be application/json");
  expectError(call("POST", path), 422, "cannot tell this server's public URL: set --public-url");
  expectError(call("POST", "/api/assistants/no-such-assistant/connect", "", {{"Host", "vm.test"}}), 404,
              "Assistant not found");
  api.app().config.publicUrl = "ftp://vm.example.com";
  expectError(call("POST", path), 422, "the public URL is not an http(s) URL: check --public-url");
}

}  // namespace
}  // namespace vm::api::testing
