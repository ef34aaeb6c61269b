#include "store/core/plan_apply.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>

#include "store/errors.hpp"

namespace vm::store {
namespace {

constexpr std::string_view kCallIdPrefix = "vapi_";

// The webhook parser and the sync already refuse such ids (VAPI's are 36-byte UUIDs); here they would
// fail in the database instead (index rows, notification payloads), so the event is refused alone.
constexpr std::size_t kMaxIdBytes = 128;

void checkIdLength(const char* field, std::string_view id) {
  if (id.size() > kMaxIdBytes)
    throw InvalidInputError(std::string("call event with a ") + field + " longer than 128 bytes");
}
void checkIdLength(const char* field, const std::optional<std::string>& id) {
  if (id) checkIdLength(field, std::string_view(*id));
}

auto storedFields(const domain::CallRecord& c) {
  return std::tie(c.userId, c.callId, c.vapiCallId, c.timestamp, c.duration, c.callerName, c.callerPhone,
                  c.outcome, c.satisfaction, c.transcript, c.cost, c.assistantId, c.summary, c.status,
                  c.startedAt, c.endedAt, c.createdAt, c.endedReason, c.costBreakdownJson, c.recordingUrl,
                  c.successEvaluation, c.structuredDataJson, c.phoneNumberId, c.type, c.orgId,
                  c.rawReportJson, c.successful, c.intent, c.sourceRank);
}

bool sameContribution(const std::optional<domain::Contribution>& a,
                      const std::optional<domain::Contribution>& b) {
  if (!a || !b) return !a && !b;
  auto fields = [](const domain::Contribution& c) {
    return std::tie(c.date, c.calls, c.successfulCalls, c.duration, c.cost, c.satisfactionSum,
                    c.satisfactionCount, c.intent);
  };
  return fields(*a) == fields(*b);
}

// Compared in place: building the id (beyond the small-string buffer) would allocate for every event.
bool isStoredIdOf(const std::string& callId, const std::string& vapiCallId) {
  return callId.size() == kCallIdPrefix.size() + vapiCallId.size() && callId.starts_with(kCallIdPrefix) &&
         callId.ends_with(vapiCallId);
}

}  // namespace

std::string storedCallId(std::string_view vapiCallId) {
  std::string id;
  id.reserve(kCallIdPrefix.size() + vapiCallId.size());
  id += kCallIdPrefix;
  id += vapiCallId;
  return id;
}

bool sameStoredFields(const domain::CallRecord& a, const domain::CallRecord& b) {
  return storedFields(a) == storedFields(b);
}

ApplyPlan planApply(const std::optional<domain::CallRecord>& existing, const std::string& userId,
                    const domain::CallEvent& event, const domain::MergeRules& rules, std::int64_t nowMs) {
  if (userId.empty()) throw InvalidInputError("call event without a user");
  if (event.vapiCallId.empty()) throw InvalidInputError("call event without a call id");
  checkIdLength("call id", std::string_view(event.vapiCallId));
  checkIdLength("org id", event.orgId);
  checkIdLength("assistant id", event.assistantId);
  checkIdLength("phone number id", event.phoneNumberId);

  ApplyPlan plan;
  plan.merged = domain::mergeCall(existing, event, userId, rules);
  if (!isStoredIdOf(plan.merged.callId, event.vapiCallId) || plan.merged.userId != userId) {
    throw std::logic_error("mergeCall returned a record for another call");
  }
  if (existing && sameStoredFields(*existing, plan.merged)) return plan;

  plan.merged.updatedAtMs = nowMs;
  plan.created = !existing;
  plan.changed = true;
  plan.textChanged = existing && (existing->transcript != plan.merged.transcript ||
                                  existing->summary != plan.merged.summary);
  std::optional<domain::Contribution> before;
  if (existing) before = domain::contributionOf(*existing);
  std::optional<domain::Contribution> after = domain::contributionOf(plan.merged);
  if (!sameContribution(before, after)) {
    plan.analytics.removed = std::move(before);
    plan.analytics.added = std::move(after);
  }
  return plan;
}

}  // namespace vm::store
