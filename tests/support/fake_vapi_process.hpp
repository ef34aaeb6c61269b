// Runs the fake VAPI server (tests/fake_vapi) as a child process for in-process tests of the REST
// client and the Syncer, and talks to its /__admin endpoints.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vmsync {

class FakeVapiProcess {
 public:
  FakeVapiProcess(const std::string& key, std::size_t calls, std::uint64_t seed = 1,
                  const std::vector<std::string>& extraArgs = {});
  ~FakeVapiProcess();
  FakeVapiProcess(const FakeVapiProcess&) = delete;
  FakeVapiProcess& operator=(const FakeVapiProcess&) = delete;

  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // POST /__admin/faults with `fault` (see tests/fake_vapi/fake_state.hpp).
  void fault(const nlohmann::json& fault);
  void upsertCalls(const nlohmann::json& calls);
  nlohmann::json stats();

 private:
  nlohmann::json admin(const std::string& method, const std::string& path, const std::string& body);
  int pid_ = -1;
  int port_ = 0;
};

// A temp directory removed with its contents at destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace vmsync
