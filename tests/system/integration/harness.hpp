// Integration test harness: runs the real voicematrix binary on a free loopback port with a database
// in a temp dir, and talks HTTP to it with libcurl.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vmtest {

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  nlohmann::json json() const;
};

// One HTTP request. `headers` as "Name: value" lines.
HttpResult request(const std::string& method, const std::string& url, const std::string& body = "",
                   const std::vector<std::string>& headers = {}, long timeoutMs = 10000);

// Runs a command, returns its stdout; throws if it exits non-zero.
std::string runCommand(const std::string& command);

std::string readFile(const std::string& path);
// Hex HMAC-SHA256 of `message` under `key`, as VAPI signs webhooks in HMAC mode.
std::string hmacSha256Hex(const std::string& key, const std::string& message);
std::string fixturesDir();  // tests/fixtures (VAPI examples)

struct CreatedUser {
  std::string userId, email, webhookPath, webhookSecret, apiToken;
};

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class ServerProcess {
 public:
  // Starts `voicematrix serve` on the database `dbPath` with extra flags; waits until it listens.
  ServerProcess(const std::string& dbPath, const std::vector<std::string>& extraArgs = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::string url(const std::string& path = "") const;
  int port() const { return port_; }
  int pid() const { return pid_; }
  // SIGTERM and wait; returns the exit status.
  int stop();
  void kill9();
  const std::string& logPath() const { return logPath_; }

 private:
  int pid_ = -1;
  int port_ = 0;
  std::string logPath_;
};

// tests/fake_vapi as a child process, answering for `key`, seeded with `calls` calls.
class FakeVapi {
 public:
  FakeVapi(int calls, const std::string& key);
  ~FakeVapi();
  FakeVapi(const FakeVapi&) = delete;
  FakeVapi& operator=(const FakeVapi&) = delete;
  std::string url(const std::string& path = "") const;

 private:
  int pid_ = -1;
  int port_ = 0;
};

CreatedUser addUser(const std::string& dbPath, const std::string& email, const std::string& orgId = "");

// POSTs a webhook body for `user` with its secret in X-Vapi-Secret.
HttpResult postWebhook(const ServerProcess& server, const CreatedUser& user, const std::string& body);
// GET with the user's API token.
HttpResult apiGet(const ServerProcess& server, const CreatedUser& user, const std::string& pathAndQuery);

// Builds webhook bodies from the VAPI examples in tests/fixtures with the call id (and org id) replaced.
std::string exampleWithCallId(const std::string& exampleFile, const std::string& callId,
                              const std::string& orgId = "");

}  // namespace vmtest
