#include "harness.hpp"

#include <curl/curl.h>
#include <signal.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace vmtest {

nlohmann::json HttpResult::json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("response is not JSON: " + body.substr(0, 200));
  return j;
}

namespace {
size_t onBody(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}
size_t onHeader(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(value.begin());
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    auto& headers = *static_cast<std::map<std::string, std::string>*>(out);
    // Several Set-Cookie headers are kept, one per line; other repeated headers: the last wins.
    if (name == "set-cookie" && headers.count(name))
      headers[name] += "\n" + value;
    else
      headers[name] = value;
  }
  return size * n;
}
}  // namespace

HttpResult request(const std::string& method, const std::string& url, const std::string& body,
                   const std::vector<std::string>& headers, long timeoutMs) {
  static const bool init = [] { return curl_global_init(CURL_GLOBAL_ALL) == CURLE_OK; }();
  (void)init;
  CURL* curl = curl_easy_init();
  HttpResult result;
  curl_slist* list = nullptr;
  bool hasContentType = false;
  for (const auto& h : headers) {
    list = curl_slist_append(list, h.c_str());
    if (h.rfind("Content-Type:", 0) == 0) hasContentType = true;
  }
  if (!body.empty() && !hasContentType) list = curl_slist_append(list, "Content-Type: application/json");
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeoutMs);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) result.status = -static_cast<long>(rc);
  return result;
}

std::string runCommand(const std::string& command) {
  std::array<char, 4096> buf{};
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  int status = pclose(pipe);
  if (status != 0) throw std::runtime_error("command failed (" + std::to_string(status) + "): " + command);
  return out;
}

std::string hmacSha256Hex(const std::string& key, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixturesDir() { return VM_FIXTURES_DIR; }

TempDir::TempDir() {
  char tmpl[] = "/tmp/vm-it.XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ServerProcess::ServerProcess(const std::string& dbPath, const std::vector<std::string>& extraArgs) {
  // A database URL (PostgreSQL) is not a file path: the side files then go to a fresh temp dir.
  std::string base = dbPath;
  if (dbPath.find("://") != std::string::npos) {
    char tmpl[] = "/tmp/vm-it-pg.XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    base = std::string(tmpl) + "/server";
  }
  logPath_ = base + ".server.log";
  std::string portFile = base + ".port";
  std::filesystem::remove(portFile);
  pid_ = fork();
  if (pid_ == 0) {
    // stdout (the "listening on" line) to the port file, logs to the log file.
    FILE* out = freopen(portFile.c_str(), "w", stdout);
    FILE* err = freopen(logPath_.c_str(), "a", stderr);
    (void)out;
    (void)err;
    std::vector<std::string> args = {VM_BINARY,  "serve",       "--db",      dbPath,
                                     "--listen", "127.0.0.1:0", "--threads", "2"};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(VM_BINARY, argv.data());
    _exit(127);
  }
  for (int i = 0; i < 400; ++i) {
    std::ifstream in(portFile);
    std::string line;
    if (std::getline(in, line) && line.rfind("listening on ", 0) == 0 &&
        line.find(':') != std::string::npos) {
      port_ = std::stoi(line.substr(line.rfind(':') + 1));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("voicematrix exited at start; log: " + readFile(logPath_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  kill9();
  throw std::runtime_error("voicematrix did not start listening");
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

std::string ServerProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 400; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  kill9();
  return -1;
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

CreatedUser addUser(const std::string& dbPath, const std::string& email, const std::string& orgId) {
  std::string cmd =
      std::string(VM_BINARY) + " user add --log-level warn --db '" + dbPath + "' --email '" + email + "'";
  if (!orgId.empty()) cmd += " --vapi-org-id '" + orgId + "'";
  auto j = nlohmann::json::parse(runCommand(cmd));
  return {j.at("userId"), j.at("email"), j.at("webhookPath"), j.at("webhookSecret"), j.at("apiToken")};
}

HttpResult postWebhook(const ServerProcess& server, const CreatedUser& user, const std::string& body) {
  return request("POST", server.url(user.webhookPath), body, {"X-Vapi-Secret: " + user.webhookSecret});
}

HttpResult apiGet(const ServerProcess& server, const CreatedUser& user, const std::string& pathAndQuery) {
  return request("GET", server.url(pathAndQuery), "", {"Authorization: Bearer " + user.apiToken});
}

std::string exampleWithCallId(const std::string& exampleFile, const std::string& callId,
                              const std::string& orgId) {
  auto j = nlohmann::json::parse(readFile(fixturesDir() + "/vapi/examples/" + exampleFile));
  auto& call = j["message"]["call"];
  call["id"] = callId;
  if (!orgId.empty()) call["orgId"] = orgId;
  return j.dump();
}

FakeVapi::FakeVapi(int calls, const std::string& key) {
  // Its first stdout line is "listening on HOST:PORT".
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    std::string n = std::to_string(calls);
    execl(VM_FAKE_VAPI_BINARY, VM_FAKE_VAPI_BINARY, "--listen", "127.0.0.1:0", "--key", key.c_str(),
          "--calls", n.c_str(), "--seed", "3", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  FILE* out = fdopen(fds[0], "r");
  char line[128] = {};
  if (!out || !fgets(line, sizeof line, out)) throw std::runtime_error("fake_vapi did not start");
  fclose(out);
  std::string s = line;
  port_ = std::stoi(s.substr(s.rfind(':') + 1));
}

FakeVapi::~FakeVapi() {
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

std::string FakeVapi::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace vmtest
