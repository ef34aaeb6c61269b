#include "api_harness.hpp"

#include <cctype>
#include <random>

#include "accounts/vault_key_lookup.hpp"
#include "auth/vault.hpp"
#include "http/url.hpp"
#include "sync/background_syncs.hpp"

namespace vm::api::testing {

namespace {

constexpr std::chrono::seconds kAnswerTimeout{5};

// Nothing listens there: a route that reaches VAPI without useVapi() fails fast instead of going out.
constexpr const char* kNoVapi = "http://127.0.0.1:9";

std::string randomKey() {
  std::random_device rd;
  std::string key(32, '\0');
  for (auto& c : key) c = static_cast<char>(rd() & 0xff);
  return key;
}

std::string currentTestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return info ? std::string(info->test_suite_name()) + "." + info->name() : "";
}

}  // namespace

// ---- RecordingStream -----------------------------------------------------------------------------------

bool RecordingStream::write(std::string chunk) {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  chunks_.push_back(std::move(chunk));
  changed_.notify_all();
  return true;
}

void RecordingStream::close() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    callback = std::move(onClose_);
    changed_.notify_all();
  }
  if (callback) callback();
}

bool RecordingStream::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void RecordingStream::onClose(std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  onClose_ = std::move(callback);
}

std::string RecordingStream::text() const {
  std::lock_guard lock(mutex_);
  std::string all;
  for (const auto& c : chunks_) all += c;
  return all;
}

std::vector<std::string> RecordingStream::chunks() const {
  std::lock_guard lock(mutex_);
  return chunks_;
}

bool RecordingStream::waitFor(const std::string& needle, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    std::string all;
    for (const auto& c : chunks_) all += c;
    return all.find(needle) != std::string::npos;
  });
}

bool RecordingStream::waitClosed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return closed_; });
}

// ---- RecordingResponder --------------------------------------------------------------------------------

void RecordingResponder::send(http::Response response) {
  std::lock_guard lock(mutex_);
  ++answers_;
  if (!response_) response_ = std::move(response);
  answered_.notify_all();
}

std::shared_ptr<http::Stream> RecordingResponder::stream(http::Response head) {
  std::lock_guard lock(mutex_);
  ++answers_;
  if (!response_) response_ = std::move(head);
  stream_ = std::make_shared<RecordingStream>();
  answered_.notify_all();
  return stream_;
}

std::optional<http::Response> RecordingResponder::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!answered_.wait_for(lock, timeout, [&] { return response_.has_value(); })) return std::nullopt;
  EXPECT_EQ(answers_, 1) << "a handler must answer exactly once";
  return response_;
}

std::shared_ptr<RecordingStream> RecordingResponder::recordedStream() const {
  std::lock_guard lock(mutex_);
  return stream_;
}

// ---- ApiHarness ----------------------------------------------------------------------------------------

ApiHarness::ApiHarness() {
  auto& a = app();
  a.vault = std::make_shared<auth::Vault>(randomKey());
  a.vapiKeyFor = accounts::vaultKeyLookup(a.store, a.vault);
  a.config.vapiClient.baseUrl = kNoVapi;
  a.config.vapiClient.maxTries = 1;
  a.config.vapiClient.connectTimeout = std::chrono::milliseconds(1000);
  a.config.vapiClient.totalTimeout = std::chrono::milliseconds(3000);
  configureSyncs(kNoVapi);
  table_ = registerAllRoutes(router_, a);
}

ApiHarness::~ApiHarness() {
  // The routes the coverage list assigns to the running test must have answered 2xx in it.
  const std::string test = currentTestName();
  for (const auto& [route, coveringTest] : successCoverage())
    if (coveringTest == test)
      EXPECT_TRUE(succeeded_.count(route))
          << route << " is covered by " << test << " (route_coverage.cpp) but answered no 2xx in it";
}

void ApiHarness::configureSyncs(const std::string& baseUrl) {
  auto& a = app();
  if (a.backgroundSyncs) a.backgroundSyncs->shutdown();
  sync::SyncOptions options;
  options.client = a.config.vapiClient;
  options.client.baseUrl = baseUrl;
  a.backgroundSyncs = std::make_shared<sync::BackgroundSyncs>(a.store, syncLocks_, options);
}

void ApiHarness::useVapi(const std::string& baseUrl) {
  app().config.vapiClient.baseUrl = baseUrl;
  configureSyncs(baseUrl);
}

void ApiHarness::record(const http::Request& request, int status) {
  if (status >= 200 && status < 300 && !request.route.empty() && request.route != "fallback")
    succeeded_.insert(request.method + " " + request.route);
}

namespace {

http::Request buildRequest(const std::string& method, const std::string& target, const std::string& body,
                           const Headers& headers) {
  http::Request req;
  req.method = method;
  req.target = target;
  for (const auto& [name, value] : headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(lower), value);
  }
  req.body = body;
  req.remoteIp = "127.0.0.1";
  EXPECT_TRUE(http::parseTarget(req.target, req.path, req.query)) << "malformed target " << target;
  return req;
}

void checkErrorShape(const http::Response& r, const std::string& what) {
  if (r.status < 400) return;
  EXPECT_EQ(r.contentType, "application/json") << what << ": an error answer must be JSON";
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  EXPECT_TRUE(body.is_object() && body.size() == 1 && body.contains("error") && body["error"].is_string())
      << what << ": an error answer must be {\"error\": \"...\"}, got " << r.body;
}

}  // namespace

http::Response ApiHarness::call(const std::string& method, const std::string& target, const std::string& body,
                                const Headers& headers) {
  auto req = buildRequest(method, target, body, headers);
  auto responder = std::make_shared<RecordingResponder>();
  router_.dispatch(req, responder);
  auto answer = responder->wait(kAnswerTimeout);
  if (!answer) {
    ADD_FAILURE() << method << " " << target << ": no answer within " << kAnswerTimeout.count() << " s";
    return http::Response{0, "", "", {}};
  }
  EXPECT_EQ(responder->recordedStream(), nullptr) << method << " " << target << " opened a stream";
  record(req, answer->status);
  checkErrorShape(*answer, method + " " + target);
  return *answer;
}

StreamAnswer ApiHarness::callStream(const std::string& method, const std::string& target,
                                    const Headers& headers) {
  auto req = buildRequest(method, target, "", headers);
  auto responder = std::make_shared<RecordingResponder>();
  router_.dispatch(req, responder);
  auto answer = responder->wait(kAnswerTimeout);
  if (!answer) {
    ADD_FAILURE() << method << " " << target << ": no answer within " << kAnswerTimeout.count() << " s";
    return {};
  }
  record(req, answer->status);
  checkErrorShape(*answer, method + " " + target);
  return {*answer, responder->recordedStream()};
}

TestUser ApiHarness::makeUser(const std::string& email, const std::string& orgId,
                              const std::string& password) {
  auto made = accounts::provisionUser(app().store, app().vault.get(), email, password, orgId, true);
  return {made.user, made.apiToken, made.webhookSecret};
}

Headers ApiHarness::bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

void ApiHarness::setVapiKey(const TestUser& user, const std::string& key) {
  auto r = call("PUT", "/api/settings/vapi", nlohmann::json{{"apiKey", key}}.dump(), bearer(user.apiToken));
  ASSERT_EQ(r.status, 200) << r.body;
}

http::Response ApiHarness::postWebhook(const TestUser& user, const nlohmann::json& body) {
  return call("POST", "/webhook/vapi/" + user.user.hookId, body.dump(),
              {{"Content-Type", "application/json"}, {"X-Vapi-Secret", user.webhookSecret}});
}

// ---- helpers -------------------------------------------------------------------------------------------

nlohmann::json json(const http::Response& response) {
  auto j = nlohmann::json::parse(response.body, nullptr, false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "not JSON: " << response.body;
    return nullptr;
  }
  return j;
}

void expectError(const http::Response& response, int status, const std::string& text) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.contentType, "application/json");
  auto j = nlohmann::json::parse(response.body, nullptr, false);
  EXPECT_EQ(j, (nlohmann::json{{"error", text}})) << response.body;
}

nlohmann::json endedCall(const std::string& vapiCallId, const std::string& orgId,
                         const std::string& assistantId) {
  nlohmann::json call = {{"id", vapiCallId}, {"assistantId", assistantId}, {"type", "webCall"}};
  if (!orgId.empty()) call["orgId"] = orgId;
  return {{"message",
           {{"type", "end-of-call-report"},
            {"endedReason", "customer-ended-call"},
            {"startedAt", "2026-03-02T17:04:53.488Z"},
            {"endedAt", "2026-03-02T17:05:16.251Z"},
            {"cost", 0.05},
            {"summary", "The caller asked about opening hours."},
            {"call", call}}}};
}

std::string setCookie(const http::Response& response, const std::string& name) {
  for (const auto& [header, value] : response.headers) {
    if (header != "Set-Cookie" || value.rfind(name + "=", 0) != 0) continue;
    auto end = value.find(';');
    return value.substr(name.size() + 1,
                        end == std::string::npos ? std::string::npos : end - name.size() - 1);
  }
  return "";
}

}  // namespace vm::api::testing
