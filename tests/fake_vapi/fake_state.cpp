#include "fake_state.hpp"

#include <algorithm>

#include "domain/time.hpp"

namespace fakevapi {

FakeState::Call FakeState::makeCall(nlohmann::json object) {
  Call c;
  c.id = object.value("id", std::string());
  c.createdMs = vm::domain::parseIsoMs(object.value("createdAt", std::string())).value_or(0);
  c.updatedMs = vm::domain::parseIsoMs(object.value("updatedAt", std::string())).value_or(c.createdMs);
  c.text = object.dump();
  c.object = std::move(object);
  return c;
}

void FakeState::sortCalls() {
  std::sort(calls_.begin(), calls_.end(), [](const Call& a, const Call& b) {
    return a.createdMs != b.createdMs ? a.createdMs > b.createdMs : a.id > b.id;
  });
  callIndex_.clear();
  for (std::size_t i = 0; i < calls_.size(); ++i) callIndex_[calls_[i].id] = i;
}

void FakeState::addCalls(std::vector<nlohmann::json> calls) {
  std::lock_guard lock(mutex_);
  for (auto& c : calls) calls_.push_back(makeCall(std::move(c)));
  sortCalls();
}

std::size_t FakeState::upsertCalls(const nlohmann::json& calls, std::int64_t nowMs) {
  std::lock_guard lock(mutex_);
  for (const auto& in : calls) {
    if (!in.is_object() || !in.contains("id") || !in["id"].is_string()) continue;
    auto id = in["id"].get<std::string>();
    nlohmann::json object;
    if (auto it = callIndex_.find(id); it != callIndex_.end()) {
      object = calls_[it->second].object;
      for (const auto& [k, v] : in.items()) object[k] = v;
      if (!in.contains("updatedAt")) object["updatedAt"] = vm::domain::formatIsoMs(nowMs);
      calls_[it->second] = makeCall(std::move(object));
    } else {
      object = in;
      if (!object.contains("orgId")) object["orgId"] = orgId_;
      if (!object.contains("createdAt")) object["createdAt"] = vm::domain::formatIsoMs(nowMs);
      if (!object.contains("updatedAt")) object["updatedAt"] = vm::domain::formatIsoMs(nowMs);
      calls_.push_back(makeCall(std::move(object)));
    }
    sortCalls();
  }
  return calls_.size();
}

std::string FakeState::listCalls(const CallFilter& f) {
  std::lock_guard lock(mutex_);
  std::string out = "[";
  int n = 0;
  for (const auto& c : calls_) {
    if (n >= f.limit) break;
    if (f.createdGt && !(c.createdMs > *f.createdGt)) continue;
    if (f.createdLt && !(c.createdMs < *f.createdLt)) continue;
    if (f.createdGe && !(c.createdMs >= *f.createdGe)) continue;
    if (f.createdLe && !(c.createdMs <= *f.createdLe)) continue;
    if (f.updatedGt && !(c.updatedMs > *f.updatedGt)) continue;
    if (f.updatedLt && !(c.updatedMs < *f.updatedLt)) continue;
    if (f.updatedGe && !(c.updatedMs >= *f.updatedGe)) continue;
    if (f.updatedLe && !(c.updatedMs <= *f.updatedLe)) continue;
    if (!f.assistantId.empty() && c.object.value("assistantId", nlohmann::json()) != f.assistantId) continue;
    if (n++) out += ',';
    out += c.text;
  }
  out += ']';
  return out;
}

std::optional<std::string> FakeState::getCall(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = callIndex_.find(id);
  if (it == callIndex_.end()) return std::nullopt;
  return calls_[it->second].text;
}

void FakeState::putAssistant(nlohmann::json assistant) {
  std::lock_guard lock(mutex_);
  auto id = assistant["id"].get<std::string>();
  assistants_[id] = std::move(assistant);
}

nlohmann::json FakeState::listAssistants(int limit) {
  std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> list;
  for (const auto& [id, a] : assistants_) list.push_back(a);
  std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
    return a.value("createdAt", std::string()) > b.value("createdAt", std::string());
  });
  if (static_cast<int>(list.size()) > limit) list.resize(limit);
  return nlohmann::json(list);
}

std::optional<nlohmann::json> FakeState::getAssistant(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = assistants_.find(id);
  if (it == assistants_.end()) return std::nullopt;
  return it->second;
}

std::optional<nlohmann::json> FakeState::patchAssistant(const std::string& id, const nlohmann::json& patch,
                                                        std::int64_t nowMs) {
  std::lock_guard lock(mutex_);
  auto it = assistants_.find(id);
  if (it == assistants_.end()) return std::nullopt;
  // Like VAPI: top-level fields are replaced whole, nested objects included.
  for (const auto& [k, v] : patch.items())
    if (k != "id" && k != "orgId" && k != "createdAt") it->second[k] = v;
  it->second["updatedAt"] = vm::domain::formatIsoMs(nowMs);
  return it->second;
}

std::optional<nlohmann::json> FakeState::deleteAssistant(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = assistants_.find(id);
  if (it == assistants_.end()) return std::nullopt;
  auto deleted = std::move(it->second);
  assistants_.erase(it);
  return deleted;
}

void FakeState::setFault(Fault fault) {
  std::lock_guard lock(mutex_);
  fault_ = std::move(fault);
}

FaultDecision FakeState::onRequest(const std::string& method, const std::string& route,
                                   const std::string& path, const std::string& target) {
  std::lock_guard lock(mutex_);
  ++total_;
  ++requests_[method + " " + route];
  if (route == "/call" && method == "GET") lastCallTarget_ = target;
  FaultDecision d;
  if (fault_.count <= 0) return d;
  if (!fault_.pathPrefix.empty() && path.rfind(fault_.pathPrefix, 0) != 0) return d;
  if (fault_.after > 0) {
    --fault_.after;
    return d;
  }
  --fault_.count;
  d.status = fault_.status;
  d.retryAfterSeconds = fault_.retryAfterSeconds;
  d.delayMs = fault_.delayMs;
  return d;
}

nlohmann::json FakeState::stats() {
  std::lock_guard lock(mutex_);
  double cost = 0;
  std::size_t ended = 0;
  for (const auto& c : calls_) {
    if (c.object.value("status", std::string()) != "ended") continue;
    ++ended;
    if (c.object.contains("cost") && c.object["cost"].is_number()) cost += c.object["cost"].get<double>();
  }
  return {{"requests", requests_},
          {"total", total_},
          {"calls", calls_.size()},
          {"endedCalls", ended},
          {"totalCost", cost},
          {"assistants", assistants_.size()},
          {"lastCallTarget", lastCallTarget_},
          {"faultRemaining", fault_.count}};
}

}  // namespace fakevapi
