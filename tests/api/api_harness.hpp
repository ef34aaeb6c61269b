// The in-process API harness: a temp SQLite store, the app context, the router with every route, and a
// recording responder. call() builds a Request as the server does (target split and percent-decoded,
// header names lower-cased, remote IP 127.0.0.1), dispatches it and waits for the answer, which handlers
// may send later from a worker pool or after the store's commit. No server process, no network.
//
// Every error answer (status >= 400) must be JSON {"error": "<text>"}: call() checks that for each one.
// Every route answered 2xx is recorded; at destruction the harness fails the running test when a route
// that route_coverage.cpp says this test covers was not answered 2xx (route_coverage_test.cpp checks
// that the list names every route of the table).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "accounts/provision.hpp"
#include "api/app.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "sync/user_locks.hpp"
#include "temp_app.hpp"

namespace vm::api::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

// "METHOD /route/pattern" -> the test ("Suite.Name") that gets a 2xx answer from it (route_coverage.cpp).
const std::map<std::string, std::string>& successCoverage();

// A Stream that keeps what is written; the test reads it and waits for chunks or the close.
class RecordingStream : public http::Stream {
 public:
  bool write(std::string chunk) override;
  void close() override;
  bool closed() const override;
  std::size_t queuedBytes() const override { return 0; }  // a recording is read at once: nothing queues
  void limitQueue(std::size_t, std::string) override {}
  void onClose(std::function<void()> callback) override;

  // Everything written so far, concatenated.
  std::string text() const;
  std::vector<std::string> chunks() const;
  // Waits until the written text contains `needle` (true) or the timeout passes (false).
  bool waitFor(const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool waitClosed(std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> chunks_;
  bool closed_ = false;
  std::function<void()> onClose_;
};

// Records the one answer of a request: a sent response or a stream's head.
class RecordingResponder : public http::Responder {
 public:
  void send(http::Response response) override;
  std::shared_ptr<http::Stream> stream(http::Response head) override;
  // The answer, or nullopt when none came within the timeout.
  std::optional<http::Response> wait(std::chrono::milliseconds timeout);
  std::shared_ptr<RecordingStream> recordedStream() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable answered_;
  std::optional<http::Response> response_;
  std::shared_ptr<RecordingStream> stream_;
  int answers_ = 0;
};

struct TestUser {
  domain::User user;
  std::string apiToken;
  std::string webhookSecret;
};

// A streamed answer: the head (status, content type, headers) and the stream, null when none was opened.
struct StreamAnswer {
  http::Response head;
  std::shared_ptr<RecordingStream> stream;
};

class ApiHarness {
 public:
  ApiHarness();
  ~ApiHarness();
  ApiHarness(const ApiHarness&) = delete;
  ApiHarness& operator=(const ApiHarness&) = delete;

  AppContext& app() { return temp_.app(); }
  const std::vector<RouteEntry>& table() const { return table_; }

  // Dispatches like the server and waits (a few seconds at most) for the answer; status 0 when none came.
  http::Response call(const std::string& method, const std::string& target, const std::string& body = "",
                      const Headers& headers = {});
  // The same for a route that answers with a stream (GET /api/events, GET /api/calls/export).
  StreamAnswer callStream(const std::string& method, const std::string& target, const Headers& headers = {});

  // A user with an API token and a webhook secret (readable by the vault); with `password` (e.g.
  // kPassword) when the test signs in: hashing one costs tens of milliseconds.
  TestUser makeUser(const std::string& email, const std::string& orgId = "",
                    const std::string& password = "");
  static Headers bearer(const std::string& token);
  // Points the assistant routes and POST /api/sync at `baseUrl` (the fake VAPI), one try per request.
  void useVapi(const std::string& baseUrl);
  // Stores `key` as the user's VAPI key through PUT /api/settings/vapi.
  void setVapiKey(const TestUser& user, const std::string& key);
  // POST /webhook/vapi/<hookId> with the user's secret.
  http::Response postWebhook(const TestUser& user, const nlohmann::json& body);

  // The routes ("METHOD /pattern") answered 2xx so far.
  const std::set<std::string>& succeeded() const { return succeeded_; }

  static constexpr const char* kPassword = "correct horse battery";

 private:
  void record(const http::Request& request, int status);
  void configureSyncs(const std::string& baseUrl);

  sync::UserLocks syncLocks_;  // outlives the app's background syncs (destroyed after temp_)
  TempApp temp_{"api"};
  http::Router router_;
  std::vector<RouteEntry> table_;
  std::set<std::string> succeeded_;
};

// The body as JSON; a test failure (and null) when it is not.
nlohmann::json json(const http::Response& response);
// Asserts an error answer: `status`, a JSON body {"error": `text`} and nothing else.
void expectError(const http::Response& response, int status, const std::string& text);
// A webhook body of one ended call.
nlohmann::json endedCall(const std::string& vapiCallId, const std::string& orgId = "",
                         const std::string& assistantId = "asst-1");
// The value of cookie `name` in the response's Set-Cookie headers, or "".
std::string setCookie(const http::Response& response, const std::string& name);

}  // namespace vm::api::testing
