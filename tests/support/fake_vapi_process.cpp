#include "fake_vapi_process.hpp"

#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace vmsync {
namespace {

std::size_t append(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

FakeVapiProcess::FakeVapiProcess(const std::string& key, std::size_t calls, std::uint64_t seed,
                                 const std::vector<std::string>& extraArgs) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {
      VM_FAKE_VAPI_BINARY,   "--listen", "127.0.0.1:0",       "--key", key, "--calls",
      std::to_string(calls), "--seed",   std::to_string(seed)};
  args.insert(args.end(), extraArgs.begin(), extraArgs.end());
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(VM_FAKE_VAPI_BINARY, argv.data());
    _exit(127);
  }
  close(fds[1]);
  FILE* out = fdopen(fds[0], "r");
  char line[256] = {};
  bool got = out && fgets(line, sizeof line, out);
  if (out) fclose(out);
  std::string s = got ? line : "";
  if (s.rfind("listening on ", 0) != 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw std::runtime_error("fake_vapi did not start: " + s);
  }
  port_ = std::stoi(s.substr(s.rfind(':') + 1));
}

FakeVapiProcess::~FakeVapiProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

nlohmann::json FakeVapiProcess::admin(const std::string& method, const std::string& path,
                                      const std::string& body) {
  CURL* curl = curl_easy_init();
  std::string url = baseUrl() + path, response;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method != "GET") curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  auto code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) throw std::runtime_error("fake_vapi admin request failed");
  return nlohmann::json::parse(response);
}

void FakeVapiProcess::fault(const nlohmann::json& f) { admin("POST", "/__admin/faults", f.dump()); }
void FakeVapiProcess::upsertCalls(const nlohmann::json& calls) {
  admin("POST", "/__admin/calls", nlohmann::json{{"calls", calls}}.dump());
}
nlohmann::json FakeVapiProcess::stats() { return admin("GET", "/__admin/stats", ""); }

ScratchDir::ScratchDir() {
  char tmpl[] = "/tmp/vm-sync-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace vmsync
