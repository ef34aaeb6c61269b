// The VAPI REST client against the fake VAPI: error mapping, retries with backoff, timeouts, and the
// rule that the API key never shows in an error or a log line.
#include "vapi/rest_client.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <sstream>

#include "fake_vapi_process.hpp"

namespace {

using vm::vapi::ErrorKind;
using vm::vapi::RestClient;
using vm::vapi::RestClientOptions;
using VapiError = vm::vapi::Error;

const std::string kKey = "sk-test-0123456789abcdef-SECRET";

class RestClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { fake_ = new vmsync::FakeVapiProcess(kKey, 250, 7); }
  static void TearDownTestSuite() {
    delete fake_;
    fake_ = nullptr;
  }
  void SetUp() override { fake_->fault({{"count", 0}}); }

  RestClientOptions options() const {
    RestClientOptions o;
    o.baseUrl = fake_->baseUrl();
    o.backoffBase = std::chrono::milliseconds(20);
    return o;
  }
  static long requests(const std::string& route) {
    auto s = fake_->stats();
    return s["requests"].value(route, 0L);
  }

  // Runs `f`, expects a vapi::Error, returns it.
  template <class F>
  static VapiError expectError(F f) {
    try {
      f();
    } catch (const VapiError& e) {
      return e;
    }
    ADD_FAILURE() << "no vapi::Error thrown";
    return VapiError(ErrorKind::Upstream, 0, "");
  }

  static vmsync::FakeVapiProcess* fake_;
};
vmsync::FakeVapiProcess* RestClientTest::fake_ = nullptr;

TEST_F(RestClientTest, RejectedKeyIsKeyRejectedWithoutTheKey) {
  const std::string wrongKey = "sk-wrong-key-DO-NOT-LEAK-42";
  std::ostringstream logs;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(logs)));
  spdlog::set_level(spdlog::level::trace);
  RestClient client(options(), wrongKey);
  auto e = expectError([&] { client.listAssistants(); });
  spdlog::set_default_logger(previous);
  EXPECT_EQ(e.kind, ErrorKind::KeyRejected);
  EXPECT_EQ(e.upstreamStatus, 401);
  EXPECT_STREQ(e.what(), "VAPI rejected the API key");
  EXPECT_EQ(std::string(e.what()).find(wrongKey), std::string::npos);
  EXPECT_EQ(logs.str().find(wrongKey), std::string::npos) << logs.str();
  EXPECT_NE(logs.str().find("401"), std::string::npos) << "the failure is logged, without the key";
}

TEST_F(RestClientTest, UnknownAssistantIsNotFound) {
  RestClient client(options(), kKey);
  auto e = expectError([&] { client.getAssistant("00000000-0000-4000-8000-000000000000"); });
  EXPECT_EQ(e.kind, ErrorKind::NotFound);
  EXPECT_STREQ(e.what(), "Assistant not found");
}

TEST_F(RestClientTest, VapiValidationErrorIsRejectedWithVapisMessage) {
  RestClient client(options(), kKey);
  auto e = expectError([&] { client.createAssistant({{"name", std::string(41, 'x')}}); });
  EXPECT_EQ(e.kind, ErrorKind::Rejected);
  EXPECT_EQ(e.upstreamStatus, 400);
  EXPECT_STREQ(e.what(), "name must be shorter than or equal to 40 characters");
}

TEST_F(RestClientTest, RateLimitIsRetriedHonouringRetryAfter) {
  RestClient client(options(), kKey);
  auto before = requests("GET /assistant");
  fake_->fault({{"status", 429}, {"count", 1}, {"retryAfter", 1}});
  auto start = std::chrono::steady_clock::now();
  auto list = client.listAssistants();
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(list.is_array());
  EXPECT_EQ(list.size(), 3u);
  EXPECT_GE(took, std::chrono::milliseconds(950)) << "Retry-After: 1 was not honoured";
  EXPECT_EQ(requests("GET /assistant") - before, 2);
}

TEST_F(RestClientTest, ServerErrorsThreeTimesGiveUpstreamAfterBackoff) {
  auto o = options();
  o.backoffBase = std::chrono::milliseconds(100);
  RestClient client(o, kKey);
  auto before = requests("GET /assistant");
  fake_->fault({{"status", 500}, {"count", 3}});
  auto start = std::chrono::steady_clock::now();
  auto e = expectError([&] { client.listAssistants(); });
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.kind, ErrorKind::Upstream);
  EXPECT_EQ(e.upstreamStatus, 500);
  EXPECT_EQ(requests("GET /assistant") - before, 3);
  // Two waits: >= 50 ms and >= 100 ms (equal jitter keeps at least half of 100 and 200).
  EXPECT_GE(took, std::chrono::milliseconds(150));
}

TEST_F(RestClientTest, FiveHundredOnceThenSuccess) {
  RestClient client(options(), kKey);
  fake_->fault({{"status", 503}, {"count", 1}});
  EXPECT_EQ(client.listAssistants().size(), 3u);
}

TEST_F(RestClientTest, SlowVapiIsTimeout) {
  auto o = options();
  o.totalTimeout = std::chrono::milliseconds(300);
  RestClient client(o, kKey);
  fake_->fault({{"delayMs", 1500}, {"count", 1}});
  auto start = std::chrono::steady_clock::now();
  auto e = expectError([&] { client.listCalls({}); });
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(e.kind, ErrorKind::Timeout);
  EXPECT_STREQ(e.what(), "VAPI did not answer in time");
  EXPECT_LT(took, std::chrono::milliseconds(1200));
}

TEST_F(RestClientTest, UnreachableVapiIsUnreachable) {
  auto o = options();
  o.baseUrl = "http://127.0.0.1:1";
  RestClient client(o, kKey);
  auto e = expectError([&] { client.listAssistants(); });
  EXPECT_EQ(e.kind, ErrorKind::Unreachable);
  EXPECT_STREQ(e.what(), "could not reach VAPI");
}

TEST_F(RestClientTest, ListCallsIsNewestFirstAndFiltered) {
  RestClient client(options(), kKey);
  vm::vapi::CallListQuery q;
  q.limit = 50;
  auto page = nlohmann::json::parse(client.listCalls(q));
  ASSERT_EQ(page.size(), 50u);
  for (std::size_t i = 1; i < page.size(); ++i)
    EXPECT_GE(page[i - 1]["createdAt"].get<std::string>(), page[i]["createdAt"].get<std::string>());
  q.createdAtLt = page[9]["createdAt"].get<std::string>();
  auto older = nlohmann::json::parse(client.listCalls(q));
  ASSERT_FALSE(older.empty());
  EXPECT_LT(older[0]["createdAt"].get<std::string>(), q.createdAtLt);
  auto e = expectError([&] {
    vm::vapi::CallListQuery bad;
    bad.limit = 5000;
    client.listCalls(bad);
  });
  EXPECT_EQ(e.kind, ErrorKind::Rejected);
}

TEST_F(RestClientTest, AssistantCrudRoundTrip) {
  RestClient client(options(), kKey);
  auto created = client.createAssistant({{"name", "Front Desk"}, {"firstMessage", "Hi!"}});
  auto id = created["id"].get<std::string>();
  auto updated = client.updateAssistant(id, {{"firstMessage", "Hello there"}});
  EXPECT_EQ(updated["firstMessage"], "Hello there");
  EXPECT_EQ(client.getAssistant(id)["name"], "Front Desk");
  EXPECT_EQ(client.deleteAssistant(id)["id"], id);
  EXPECT_EQ(expectError([&] { client.getAssistant(id); }).kind, ErrorKind::NotFound);
}

TEST(VapiErrorMessage, ReadsNestJsShapes) {
  EXPECT_EQ(vm::vapi::vapiErrorMessage(R"({"statusCode":400,"message":["a","b"],"error":"Bad Request"})"),
            "a; b");
  EXPECT_EQ(vm::vapi::vapiErrorMessage(R"({"statusCode":404,"message":"gone","error":"Not Found"})"), "gone");
  EXPECT_EQ(vm::vapi::vapiErrorMessage("<html>"), "");
}

}  // namespace
