#include "store/sqlite/call_row.hpp"

#include <tuple>

#include "domain/time.hpp"

namespace vm::store::sqlite {

domain::CallRecord readCall(const Stmt& st) {
  domain::CallRecord c;
  c.userId = st.columnText(0);
  c.callId = st.columnText(1);
  c.vapiCallId = st.columnText(2);
  c.timestamp = st.columnText(3);
  c.duration = st.columnReal(5);
  c.callerName = st.columnText(6);
  c.callerPhone = st.columnText(7);
  c.outcome = st.columnText(8);
  c.satisfaction = st.columnOptReal(9);
  c.transcript = st.columnText(10);
  c.cost = st.columnReal(11);
  c.assistantId = st.columnText(12);
  c.summary = st.columnText(13);
  c.status = static_cast<domain::CallStatus>(st.columnInt(14));
  c.startedAt = st.columnText(15);
  c.endedAt = st.columnText(16);
  c.createdAt = st.columnText(17);
  c.endedReason = st.columnText(18);
  c.costBreakdownJson = st.columnText(19);
  c.recordingUrl = st.columnText(20);
  c.successEvaluation = st.columnText(21);
  c.structuredDataJson = st.columnText(22);
  c.phoneNumberId = st.columnText(23);
  c.type = st.columnText(24);
  c.orgId = st.columnText(25);
  c.rawReportJson = st.columnText(26);
  c.successful = st.columnInt(27) != 0;
  c.intent = st.columnText(28);
  c.sourceRank = static_cast<int>(st.columnInt(29));
  c.updatedAtMs = st.columnInt(30);
  return c;
}

void bindCall(Stmt& st, const domain::CallRecord& c) {
  st.bindTextNoCopy(1, c.userId)
      .bindTextNoCopy(2, c.callId)
      .bindTextNoCopy(3, c.vapiCallId)
      .bindTextNoCopy(4, c.timestamp)
      .bindInt(5, timestampMs(c))
      .bindReal(6, c.duration)
      .bindTextNoCopy(7, c.callerName)
      .bindTextNoCopy(8, c.callerPhone)
      .bindTextNoCopy(9, c.outcome)
      .bindOptReal(10, c.satisfaction)
      .bindTextNoCopy(11, c.transcript)
      .bindReal(12, c.cost)
      .bindTextNoCopy(13, c.assistantId)
      .bindTextNoCopy(14, c.summary)
      .bindInt(15, static_cast<int>(c.status))
      .bindTextNoCopy(16, c.startedAt)
      .bindTextNoCopy(17, c.endedAt)
      .bindTextNoCopy(18, c.createdAt)
      .bindTextNoCopy(19, c.endedReason)
      .bindTextNoCopy(20, c.costBreakdownJson)
      .bindTextNoCopy(21, c.recordingUrl)
      .bindTextNoCopy(22, c.successEvaluation)
      .bindTextNoCopy(23, c.structuredDataJson)
      .bindTextNoCopy(24, c.phoneNumberId)
      .bindTextNoCopy(25, c.type)
      .bindTextNoCopy(26, c.orgId)
      .bindTextNoCopy(27, c.rawReportJson)
      .bindInt(28, c.successful ? 1 : 0)
      .bindTextNoCopy(29, c.intent)
      .bindInt(30, c.sourceRank)
      .bindInt(31, c.updatedAtMs);
}

std::int64_t timestampMs(const domain::CallRecord& call) {
  if (call.timestamp.empty()) return 0;
  return domain::parseIsoMs(call.timestamp).value_or(0);
}

namespace {
auto storedFields(const domain::CallRecord& c) {
  return std::tie(c.userId, c.callId, c.vapiCallId, c.timestamp, c.duration, c.callerName, c.callerPhone,
                  c.outcome, c.satisfaction, c.transcript, c.cost, c.assistantId, c.summary, c.status,
                  c.startedAt, c.endedAt, c.createdAt, c.endedReason, c.costBreakdownJson, c.recordingUrl,
                  c.successEvaluation, c.structuredDataJson, c.phoneNumberId, c.type, c.orgId,
                  c.rawReportJson, c.successful, c.intent, c.sourceRank);
}
}  // namespace

bool sameStoredFields(const domain::CallRecord& a, const domain::CallRecord& b) {
  return storedFields(a) == storedFields(b);
}

}  // namespace vm::store::sqlite
