// The fake VAPI's data: calls (kept newest first, pre-serialized so a 1000-item page is a string join),
// assistants, injected faults and request counters. One mutex; the fake is a test tool, not a hot path.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fakevapi {

struct CallFilter {
  int limit = 100;
  std::optional<std::int64_t> createdGt, createdLt, createdGe, createdLe;
  std::optional<std::int64_t> updatedGt, updatedLt, updatedGe, updatedLe;
  std::string assistantId;
};

// Answer the next `count` matching requests (after letting `after` pass) with `status` and/or a delay.
struct Fault {
  int status = 0;  // 0 = no error, only the delay
  int count = 0;
  int after = 0;
  int retryAfterSeconds = 0;  // sent as Retry-After when > 0
  int delayMs = 0;
  std::string pathPrefix;  // "" = every non-admin path
};

struct FaultDecision {
  int status = 0;
  int retryAfterSeconds = 0;
  int delayMs = 0;
};

class FakeState {
 public:
  FakeState(std::string orgId) : orgId_(std::move(orgId)) {}

  void addCalls(std::vector<nlohmann::json> calls);
  // Adds new calls or merges fields into existing ones (updatedAt = now unless given). Returns the count.
  std::size_t upsertCalls(const nlohmann::json& calls, std::int64_t nowMs);
  std::string listCalls(const CallFilter& filter);  // bare JSON array, newest first
  std::optional<std::string> getCall(const std::string& id);

  void putAssistant(nlohmann::json assistant);
  nlohmann::json listAssistants(int limit);
  std::optional<nlohmann::json> getAssistant(const std::string& id);
  std::optional<nlohmann::json> patchAssistant(const std::string& id, const nlohmann::json& patch,
                                               std::int64_t nowMs);
  std::optional<nlohmann::json> deleteAssistant(const std::string& id);

  void setFault(Fault fault);
  // Counts the request and decides whether a fault applies to it.
  FaultDecision onRequest(const std::string& method, const std::string& route, const std::string& path,
                          const std::string& target);
  nlohmann::json stats();
  const std::string& orgId() const { return orgId_; }

 private:
  struct Call {
    std::string id;
    std::int64_t createdMs = 0;
    std::int64_t updatedMs = 0;
    nlohmann::json object;
    std::string text;
  };
  static Call makeCall(nlohmann::json object);
  void sortCalls();

  std::mutex mutex_;
  std::string orgId_;
  std::vector<Call> calls_;  // createdAt desc, id desc
  std::map<std::string, std::size_t> callIndex_;
  std::map<std::string, nlohmann::json> assistants_;
  Fault fault_;
  std::map<std::string, std::uint64_t> requests_;
  std::uint64_t total_ = 0;
  std::string lastCallTarget_;
};

}  // namespace fakevapi
