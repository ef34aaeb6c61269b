#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "domain/call.hpp"

namespace vm::domain {
namespace {

CallEvent event(EventSource source, std::optional<CallStatus> status = std::nullopt) {
  CallEvent ev;
  ev.vapiCallId = "c1";
  ev.source = source;
  ev.status = status;
  return ev;
}

CallEvent report() {
  CallEvent ev = event(EventSource::EndOfCallReport);
  ev.endedReason = "customer-ended-call";
  ev.startedAt = "2026-03-02T17:04:53.488Z";
  ev.endedAt = "2026-03-02T17:05:16.251Z";
  ev.durationSeconds = 22.763;
  ev.cost = 0.0498;
  ev.summary = "Rescheduled.";
  ev.transcript = "AI: Hello\nUser: Hi\n";
  ev.successEvaluation = "true";
  ev.structuredDataJson = R"({"intent":"  Reschedule ","newSlot":"x"})";
  ev.rawReportJson = R"({"type":"end-of-call-report"})";
  return ev;
}

TEST(StatusNames, RoundTrip) {
  for (auto s : {CallStatus::Unknown, CallStatus::Scheduled, CallStatus::Queued, CallStatus::Ringing,
                 CallStatus::InProgress, CallStatus::Forwarding, CallStatus::Ended}) {
    EXPECT_EQ(parseStatus(statusName(s)), s) << statusName(s);
  }
  EXPECT_STREQ(statusName(CallStatus::InProgress), "in-progress");
  EXPECT_EQ(parseStatus("not-found"), CallStatus::Unknown);
  EXPECT_EQ(parseStatus("deletion-failed"), CallStatus::Unknown);
  EXPECT_EQ(parseStatus("ENDED"), CallStatus::Unknown);
  EXPECT_EQ(parseStatus(""), CallStatus::Unknown);
}

TEST(MergeCall, FirstEventCreatesTheRecord) {
  auto ev = event(EventSource::StatusUpdate, CallStatus::InProgress);
  ev.orgId = "org";
  ev.callerPhone = "+14155550123";
  ev.startedAt = "2026-03-02T17:04:53.488Z";
  ev.createdAt = "2026-03-02T17:04:51.812Z";
  const auto r = mergeCall(std::nullopt, ev, "u1");
  EXPECT_EQ(r.userId, "u1");
  EXPECT_EQ(r.callId, "vapi_c1");
  EXPECT_EQ(r.vapiCallId, "c1");
  EXPECT_EQ(r.status, CallStatus::InProgress);
  EXPECT_EQ(r.outcome, "in-progress");
  EXPECT_FALSE(r.successful);
  EXPECT_EQ(r.orgId, "org");
  EXPECT_EQ(r.callerPhone, "+14155550123");
  EXPECT_EQ(r.timestamp, "2026-03-02T17:04:53.488Z");  // startedAt before endedAt exists
  EXPECT_EQ(r.sourceRank, static_cast<int>(EventSource::StatusUpdate));
  EXPECT_EQ(r.duration, 0);
}

TEST(MergeCall, StatusOnlyMovesForward) {
  auto r = mergeCall(std::nullopt, event(EventSource::StatusUpdate, CallStatus::Ringing), "u");
  r = mergeCall(r, event(EventSource::StatusUpdate, CallStatus::Queued), "u");
  EXPECT_EQ(r.status, CallStatus::Ringing);
  r = mergeCall(r, event(EventSource::StatusUpdate, CallStatus::InProgress), "u");
  EXPECT_EQ(r.status, CallStatus::InProgress);
  r = mergeCall(r, event(EventSource::StatusUpdate, CallStatus::Ended), "u");
  EXPECT_EQ(r.status, CallStatus::Ended);
  EXPECT_EQ(r.outcome, "completed");  // ended without a reason
  r = mergeCall(r, event(EventSource::StatusUpdate, CallStatus::InProgress), "u");
  EXPECT_EQ(r.status, CallStatus::Ended);
  EXPECT_EQ(r.outcome, "completed");
  r = mergeCall(r, event(EventSource::StatusUpdate), "u");  // no status at all
  EXPECT_EQ(r.status, CallStatus::Ended);
}

TEST(MergeCall, LateInProgressAfterReportChangesNothing) {
  const auto ended = mergeCall(std::nullopt, report(), "u");
  auto late = event(EventSource::StatusUpdate, CallStatus::InProgress);
  late.startedAt = "2026-03-02T17:04:50.000Z";
  late.callerName = "Dana";
  const auto r = mergeCall(ended, late, "u");
  EXPECT_EQ(r.status, CallStatus::Ended);
  EXPECT_EQ(r.outcome, "completed");
  EXPECT_EQ(r.startedAt, "2026-03-02T17:04:53.488Z");  // the richer report keeps its value
  EXPECT_EQ(r.callerName, "Dana");                     // an empty field may still be filled
  EXPECT_DOUBLE_EQ(r.duration, 22.763);
  EXPECT_EQ(r.sourceRank, static_cast<int>(EventSource::EndOfCallReport));
}

TEST(MergeCall, ReportImpliesEndedAndDerivesFields) {
  const auto r = mergeCall(std::nullopt, report(), "u");
  EXPECT_EQ(r.status, CallStatus::Ended);
  EXPECT_EQ(r.outcome, "completed");
  EXPECT_TRUE(r.successful);
  EXPECT_EQ(r.intent, "reschedule");
  EXPECT_EQ(r.timestamp, "2026-03-02T17:05:16.251Z");
  EXPECT_DOUBLE_EQ(r.duration, 22.763);
  EXPECT_DOUBLE_EQ(r.cost, 0.0498);
  EXPECT_EQ(r.satisfaction, std::nullopt);  // "true" is a verdict, not a score
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi\n");
  EXPECT_EQ(r.rawReportJson, R"({"type":"end-of-call-report"})");
}

TEST(MergeCall, ErrorAndNotConnectedOutcomes) {
  auto ev = report();
  ev.endedReason = "call.in-progress.error-providerfault-openai-llm-failed";
  ev.successEvaluation.reset();
  auto r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.outcome, "error");
  EXPECT_FALSE(r.successful);
  ev.endedReason = "customer-did-not-answer";
  r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.outcome, "not-connected");
  EXPECT_FALSE(r.successful);
  ev.endedReason = "silence-timed-out";
  ev.successEvaluation = "false";
  r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.outcome, "completed");
  EXPECT_FALSE(r.successful);  // the verdict wins over the outcome
}

TEST(MergeCall, RicherSourceWinsPoorerFillsGaps) {
  // The report comes first; a later, poorer status-update must not overwrite its values.
  auto r = mergeCall(std::nullopt, report(), "u");
  auto su = event(EventSource::StatusUpdate, CallStatus::Ended);
  su.endedReason = "assistant-ended-call";
  su.cost = 1.0;
  su.transcript = "AI: partial";
  su.assistantId = "asst";
  r = mergeCall(r, su, "u");
  EXPECT_EQ(r.endedReason, "customer-ended-call");
  EXPECT_DOUBLE_EQ(r.cost, 0.0498);
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi\n");
  EXPECT_EQ(r.assistantId, "asst");

  // A sync (rank 3) is poorer than the report too.
  auto sync = event(EventSource::Sync, CallStatus::Ended);
  sync.summary = "Sync summary";
  sync.endedReason = "voicemail";
  r = mergeCall(r, sync, "u");
  EXPECT_EQ(r.summary, "Rescheduled.");
  EXPECT_EQ(r.endedReason, "customer-ended-call");
  EXPECT_EQ(r.sourceRank, static_cast<int>(EventSource::EndOfCallReport));
}

TEST(MergeCall, EqualOrHigherRankOverwrites) {
  auto first = event(EventSource::StatusUpdate, CallStatus::Ended);
  first.endedReason = "assistant-ended-call";
  first.cost = 0.01;
  auto r = mergeCall(std::nullopt, first, "u");
  EXPECT_DOUBLE_EQ(r.cost, 0.01);
  auto second = event(EventSource::StatusUpdate, CallStatus::Ended);
  second.cost = 0.02;
  r = mergeCall(r, second, "u");
  EXPECT_DOUBLE_EQ(r.cost, 0.02);  // equal rank overwrites
  r = mergeCall(r, report(), "u");
  EXPECT_DOUBLE_EQ(r.cost, 0.0498);  // late richer report (cost arrives after the first ended)
  EXPECT_EQ(r.endedReason, "customer-ended-call");
}

TEST(MergeCall, LackingFieldsKeepStoredValues) {
  auto r = mergeCall(std::nullopt, report(), "u");
  auto empty = event(EventSource::EndOfCallReport);
  empty.summary = "";  // empty strings count as absent
  r = mergeCall(r, empty, "u");
  EXPECT_EQ(r.summary, "Rescheduled.");
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi\n");
  EXPECT_DOUBLE_EQ(r.cost, 0.0498);
  EXPECT_DOUBLE_EQ(r.duration, 22.763);
  EXPECT_EQ(r.successEvaluation, "true");
  EXPECT_EQ(r.intent, "reschedule");
  EXPECT_EQ(r.endedAt, "2026-03-02T17:05:16.251Z");
}

TEST(MergeCall, TranscriptAppendsThenFullTranscriptReplaces) {
  auto t1 = event(EventSource::Transcript, CallStatus::InProgress);
  t1.transcriptAppend = "AI: Hello";
  auto r = mergeCall(std::nullopt, t1, "u");
  EXPECT_EQ(r.transcript, "AI: Hello");
  auto t2 = event(EventSource::Transcript);
  t2.transcriptAppend = "User: Hi";
  r = mergeCall(r, t2, "u");
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi");
  r = mergeCall(r, t2, "u");  // a retried delivery of the same line
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi");
  // A status-update in between does not stop live lines.
  r = mergeCall(r, event(EventSource::StatusUpdate, CallStatus::InProgress), "u");
  auto t3 = event(EventSource::Transcript);
  t3.transcriptAppend = "AI: Bye";
  r = mergeCall(r, t3, "u");
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi\nAI: Bye");
  // The report's full transcript replaces the live lines...
  r = mergeCall(r, report(), "u");
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi\n");
  // ...and late live lines are no longer appended.
  auto late = event(EventSource::Transcript);
  late.transcriptAppend = "User: late";
  r = mergeCall(r, late, "u");
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi\n");
}

TEST(MergeCall, TranscriptAppendAfterFullStatusTranscriptAddsLine) {
  auto su = event(EventSource::StatusUpdate, CallStatus::InProgress);
  su.transcript = "AI: Hello\n";
  auto r = mergeCall(std::nullopt, su, "u");
  auto t = event(EventSource::Transcript);
  t.transcriptAppend = "User: Hi";
  r = mergeCall(r, t, "u");
  EXPECT_EQ(r.transcript, "AI: Hello\nUser: Hi");
}

TEST(MergeCall, DurationFallsBackToTimes) {
  auto ev = report();
  ev.durationSeconds.reset();
  auto r = mergeCall(std::nullopt, ev, "u");
  EXPECT_NEAR(r.duration, 22.763, 1e-9);

  // Negative spans and NaN/negative durations are never stored.
  auto bad = event(EventSource::EndOfCallReport);
  bad.startedAt = "2026-03-02T17:05:16.251Z";
  bad.endedAt = "2026-03-02T17:04:53.488Z";
  r = mergeCall(std::nullopt, bad, "u");
  EXPECT_EQ(r.duration, 0);
  bad.durationSeconds = -5;
  r = mergeCall(std::nullopt, bad, "u");
  EXPECT_EQ(r.duration, 0);
  bad.durationSeconds = std::numeric_limits<double>::quiet_NaN();
  r = mergeCall(std::nullopt, bad, "u");
  EXPECT_EQ(r.duration, 0);
  bad.durationSeconds = std::numeric_limits<double>::infinity();
  r = mergeCall(std::nullopt, bad, "u");
  EXPECT_EQ(r.duration, 0);
}

TEST(MergeCall, DurationFromTimesAcrossEvents) {
  auto started = event(EventSource::StatusUpdate, CallStatus::InProgress);
  started.startedAt = "2026-03-02T17:00:00.000Z";
  auto r = mergeCall(std::nullopt, started, "u");
  EXPECT_EQ(r.duration, 0);
  auto ended = event(EventSource::StatusUpdate, CallStatus::Ended);
  ended.endedAt = "2026-03-02T17:01:30.500Z";
  r = mergeCall(r, ended, "u");
  EXPECT_DOUBLE_EQ(r.duration, 90.5);
  EXPECT_EQ(r.timestamp, "2026-03-02T17:01:30.500Z");
}

TEST(MergeCall, PoorerDurationDoesNotOverwriteReport) {
  auto r = mergeCall(std::nullopt, report(), "u");
  auto su = event(EventSource::StatusUpdate, CallStatus::Ended);
  su.durationSeconds = 99;
  r = mergeCall(r, su, "u");
  EXPECT_DOUBLE_EQ(r.duration, 22.763);
  // ...but fills a missing one.
  auto noDur = report();
  noDur.durationSeconds.reset();
  noDur.startedAt.reset();
  r = mergeCall(std::nullopt, noDur, "u");
  EXPECT_EQ(r.duration, 0);
  r = mergeCall(r, su, "u");
  EXPECT_DOUBLE_EQ(r.duration, 99);
}

TEST(MergeCall, SatisfactionFromEvaluationOrStructuredData) {
  auto ev = report();
  ev.successEvaluation = "8";
  auto r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.satisfaction, 8.0);
  EXPECT_TRUE(r.successful);

  ev.successEvaluation = "true";
  ev.structuredDataJson = R"({"intent":"billing","satisfaction":7})";
  r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.satisfaction, 7.0);
  EXPECT_EQ(r.intent, "billing");

  ev.structuredDataJson = R"({"satisfaction":"6.5"})";
  r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.satisfaction, 6.5);
  EXPECT_EQ(r.intent, "");

  ev.structuredDataJson = R"({"satisfaction":42})";  // not a 0..10 score
  r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.satisfaction, std::nullopt);
}

TEST(MergeCall, IntentKeyIsConfigurableAndRobust) {
  auto ev = report();
  ev.structuredDataJson = R"({"intent":"x","topic":" Billing Question "})";
  MergeRules rules;
  rules.intentKey = "topic";
  EXPECT_EQ(mergeCall(std::nullopt, ev, "u", rules).intent, "billing question");
  for (const char* json :
       {R"({"intent":5})", R"({"intent":null})", "not json", "[1,2]", R"({"other":"a"})"}) {
    ev.structuredDataJson = json;
    EXPECT_EQ(mergeCall(std::nullopt, ev, "u").intent, "") << json;
  }
}

TEST(MergeCall, TimestampPrefersEndedThenStartedThenCreated) {
  auto ev = event(EventSource::StatusUpdate, CallStatus::Queued);
  ev.createdAt = "2026-03-02T16:00:00.000Z";
  auto r = mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.timestamp, "2026-03-02T16:00:00.000Z");
  EXPECT_EQ(r.outcome, "in-progress");
}

TEST(MergeCall, DuplicateReportIsIdempotent) {
  const auto once = mergeCall(std::nullopt, report(), "u");
  const auto twice = mergeCall(once, report(), "u");
  EXPECT_EQ(twice.transcript, once.transcript);
  EXPECT_EQ(twice.duration, once.duration);
  EXPECT_EQ(twice.cost, once.cost);
  EXPECT_EQ(twice.outcome, once.outcome);
  EXPECT_EQ(twice.intent, once.intent);
  EXPECT_EQ(twice.sourceRank, once.sourceRank);
}

}  // namespace
}  // namespace vm::domain
