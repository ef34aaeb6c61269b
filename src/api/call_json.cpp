#include "api/call_json.hpp"

#include <algorithm>

#include "domain/outcome.hpp"

namespace vm::api {
namespace {

// Stored JSON text back to a value; null when empty or (never expected) unparsable.
nlohmann::json storedJson(const std::string& text) {
  if (text.empty()) return nullptr;
  auto value = nlohmann::json::parse(text, nullptr, false);
  return value.is_discarded() ? nlohmann::json(nullptr) : value;
}

double numberOr(const nlohmann::json& object, const char* key, double fallback) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string outcomeLabel(const domain::CallRecord& call) {
  if (call.status != domain::CallStatus::Ended) return "In progress";
  if (call.endedReason.empty()) return "Ended";
  return domain::endedReasonLabel(call.endedReason);
}

}  // namespace

nlohmann::json callToJson(const domain::CallRecord& call, bool full) {
  nlohmann::json j = {
      {"callId", call.callId},
      {"vapiCallId", call.vapiCallId},
      {"timestamp", call.timestamp},
      {"duration", call.duration},
      {"callerName", call.callerName},
      {"callerPhone", call.callerPhone},
      {"outcome", call.outcome},
      {"outcomeLabel", outcomeLabel(call)},
      {"successful", call.successful},
      {"satisfaction", call.satisfaction ? nlohmann::json(*call.satisfaction) : nlohmann::json(nullptr)},
      {"cost", call.cost},
      {"assistantId", call.assistantId},
      {"summary", call.summary},
      {"status", domain::statusName(call.status)},
      {"startedAt", call.startedAt},
      {"endedAt", call.endedAt},
      {"createdAt", call.createdAt},
      {"endedReason", call.endedReason},
      {"recordingUrl", call.recordingUrl},
      {"successEvaluation", call.successEvaluation},
      {"phoneNumberId", call.phoneNumberId},
      {"type", call.type},
      {"intent", call.intent},
  };
  if (full) {
    j["transcript"] = call.transcript;
    j["costBreakdown"] = storedJson(call.costBreakdownJson);
    j["structuredData"] = storedJson(call.structuredDataJson);
    // The conversation with roles, from the stored end-of-call-report (artifact.messages).
    nlohmann::json messages = nlohmann::json::array();
    auto raw = storedJson(call.rawReportJson);
    if (raw.is_object()) {
      const nlohmann::json* source = nullptr;
      if (auto a = raw.find("artifact"); a != raw.end() && a->is_object()) {
        if (auto m = a->find("messages"); m != a->end() && m->is_array()) source = &*m;
      }
      if (!source)
        if (auto m = raw.find("messages"); m != raw.end() && m->is_array()) source = &*m;
      if (source)
        for (const auto& m : *source) {
          if (!m.is_object()) continue;
          auto roleIt = m.find("role");
          if (roleIt == m.end() || !roleIt->is_string()) continue;
          auto role = roleIt->get<std::string>();
          if (role != "user" && role != "bot" && role != "assistant") continue;
          auto text = m.find("message");
          if (text == m.end() || !text->is_string()) continue;
          messages.push_back({{"role", role == "user" ? "user" : "assistant"},
                              {"text", *text},
                              {"secondsFromStart", numberOr(m, "secondsFromStart", 0.0)}});
        }
    }
    j["messages"] = std::move(messages);
  }
  return j;
}

domain::CallRecord liveEventCall(const domain::CallRecord& call) {
  domain::CallRecord live;
  live.userId = call.userId;
  live.callId = call.callId;
  live.vapiCallId = call.vapiCallId;
  live.timestamp = call.timestamp;
  live.duration = call.duration;
  live.callerName = call.callerName;
  live.callerPhone = call.callerPhone;
  live.outcome = call.outcome;
  live.satisfaction = call.satisfaction;
  live.cost = call.cost;
  live.assistantId = call.assistantId;
  std::size_t cut = std::min(call.summary.size(), kLiveEventSummaryBytes);
  // Back up over UTF-8 continuation bytes so the cut never splits a character.
  while (cut < call.summary.size() && cut > 0 &&
         (static_cast<unsigned char>(call.summary[cut]) & 0xC0) == 0x80)
    --cut;
  live.summary = call.summary.substr(0, cut);
  live.status = call.status;
  live.startedAt = call.startedAt;
  live.endedAt = call.endedAt;
  live.createdAt = call.createdAt;
  live.endedReason = call.endedReason;
  live.recordingUrl = call.recordingUrl;
  live.successEvaluation = call.successEvaluation;
  live.phoneNumberId = call.phoneNumberId;
  live.type = call.type;
  live.orgId = call.orgId;
  live.successful = call.successful;
  live.intent = call.intent;
  live.sourceRank = call.sourceRank;
  live.updatedAtMs = call.updatedAtMs;
  return live;
}

std::string liveEventJson(const domain::CallRecord& call) {
  return callToJson(call, false).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vm::api
