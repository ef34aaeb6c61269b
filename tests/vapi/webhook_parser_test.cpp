#include "vapi/webhook_parser.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace vm::vapi {
namespace {

using domain::CallStatus;
using domain::EventSource;
namespace fs = std::filesystem;

const fs::path kExamples = fs::path(VM_FIXTURES_DIR) / "vapi" / "examples";
constexpr const char* kCallId = "c4f2a8e1-5b3d-4c7a-9e1f-2d3c4b5a6e7f";
constexpr const char* kOrgId = "6b1f0c2a-3d4e-4f5a-9b8c-7d6e5f4a3b2c";

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string example(const std::string& name) {
  auto body = readFile(kExamples / name);
  EXPECT_FALSE(body.empty()) << name;
  return body;
}

const domain::CallEvent& eventOf(const ParsedWebhook& p) {
  EXPECT_EQ(p.status, ParseStatus::Event) << p.error;
  if (!p.event) throw std::runtime_error("no event: " + p.error);
  return *p.event;
}

domain::CallRecord merged(const std::vector<std::string>& names) {
  std::optional<domain::CallRecord> r;
  for (const auto& n : names) r = domain::mergeCall(r, eventOf(parseWebhook(example(n))), "u1");
  return *r;
}

void expect01(const ParsedWebhook& p) {
  EXPECT_EQ(p.messageType, "status-update");
  EXPECT_EQ(p.orgId, kOrgId);
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, kCallId);
  EXPECT_EQ(ev.source, EventSource::StatusUpdate);
  EXPECT_EQ(ev.status, CallStatus::InProgress);
  EXPECT_EQ(ev.orgId, kOrgId);
  EXPECT_EQ(ev.assistantId, "9e2c4a1b-7f3d-4e8a-b5c6-1a2b3c4d5e6f");
  EXPECT_EQ(ev.phoneNumberId, "3f8a9b2c-1d4e-4a6b-8c9d-0e1f2a3b4c5d");
  EXPECT_EQ(ev.type, "inboundPhoneCall");
  EXPECT_EQ(ev.callerPhone, "+14155550123");
  EXPECT_EQ(ev.callerName, "Dana Whitfield");
  EXPECT_EQ(ev.createdAt, "2026-03-02T17:04:51.812Z");
  EXPECT_EQ(ev.startedAt, "2026-03-02T17:04:53.488Z");
  EXPECT_FALSE(ev.endedAt);
  EXPECT_FALSE(ev.endedReason);
  EXPECT_FALSE(ev.durationSeconds);
  EXPECT_FALSE(ev.cost);
  EXPECT_FALSE(ev.transcript);
  EXPECT_FALSE(ev.rawReportJson);
}

void expect02(const ParsedWebhook& p) {
  EXPECT_EQ(p.messageType, "status-update");
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.source, EventSource::StatusUpdate);
  EXPECT_EQ(ev.status, CallStatus::Ended);
  EXPECT_EQ(ev.endedReason, "customer-ended-call");
  ASSERT_TRUE(ev.transcript);
  EXPECT_EQ(ev.transcript->rfind("AI: Thanks for calling Harbor Dental", 0), 0u);
  EXPECT_FALSE(ev.rawReportJson);
}

void expect03(const ParsedWebhook& p) {
  EXPECT_EQ(p.messageType, "transcript");
  EXPECT_EQ(p.orgId, kOrgId);
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, kCallId);
  EXPECT_EQ(ev.source, EventSource::Transcript);
  EXPECT_EQ(ev.transcriptAppend, "User: Two thirty, please.");
  EXPECT_FALSE(ev.transcript);
  EXPECT_EQ(ev.status, CallStatus::InProgress);
}

void expectIgnored(const ParsedWebhook& p, const char* type) {
  EXPECT_EQ(p.status, ParseStatus::Ignored);
  EXPECT_EQ(p.messageType, type);
  EXPECT_EQ(p.orgId, kOrgId);  // still routable by org
  EXPECT_FALSE(p.event);
}

void expect05(const ParsedWebhook& p) {
  EXPECT_EQ(p.messageType, "end-of-call-report");
  EXPECT_EQ(p.orgId, kOrgId);
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, kCallId);
  EXPECT_EQ(ev.source, EventSource::EndOfCallReport);
  EXPECT_EQ(ev.status, CallStatus::Ended);
  EXPECT_EQ(ev.endedReason, "customer-ended-call");
  EXPECT_DOUBLE_EQ(ev.cost.value_or(-1), 0.0498);
  EXPECT_DOUBLE_EQ(ev.durationSeconds.value_or(-1), 22.763);
  EXPECT_EQ(ev.startedAt, "2026-03-02T17:04:53.488Z");
  EXPECT_EQ(ev.endedAt, "2026-03-02T17:05:16.251Z");
  EXPECT_EQ(ev.createdAt, "2026-03-02T17:04:51.812Z");
  EXPECT_EQ(ev.callerPhone, "+14155550123");
  EXPECT_EQ(ev.callerName, "Dana Whitfield");
  EXPECT_EQ(ev.type, "inboundPhoneCall");
  EXPECT_EQ(ev.successEvaluation, "true");
  EXPECT_EQ(ev.summary,
            "The caller, Dana, rescheduled her cleaning to 2:30 PM next Tuesday. No other requests.");
  EXPECT_EQ(ev.recordingUrl,
            "https://storage.vapi.ai/c4f2a8e1-5b3d-4c7a-9e1f-2d3c4b5a6e7f-1772471117000-mono.wav");
  ASSERT_TRUE(ev.transcript);
  EXPECT_EQ(ev.transcript->rfind("AI: Thanks for calling", 0), 0u);
  EXPECT_NE(ev.transcript->find("User: No, that's all. Thanks!\n"), std::string::npos);
  ASSERT_TRUE(ev.structuredDataJson);
  const auto sd = nlohmann::json::parse(*ev.structuredDataJson);
  EXPECT_EQ(sd.at("intent"), "reschedule");
  EXPECT_EQ(ev.structuredDataJson->find(' '), std::string::npos);  // compact
  ASSERT_TRUE(ev.costBreakdownJson);
  const auto cb = nlohmann::json::parse(*ev.costBreakdownJson);
  EXPECT_DOUBLE_EQ(cb.at("total").get<double>(), 0.0498);
  EXPECT_EQ(cb.at("llmPromptTokens"), 2140);
  ASSERT_TRUE(ev.rawReportJson);
  const auto raw = nlohmann::json::parse(*ev.rawReportJson);
  EXPECT_EQ(raw, nlohmann::json::parse(example("05-end-of-call-report-customer-ended.json")).at("message"));
  EXPECT_LT(ev.rawReportJson->size(), example("05-end-of-call-report-customer-ended.json").size());

  const auto r = merged({"05-end-of-call-report-customer-ended.json"});
  EXPECT_EQ(r.intent, "reschedule");
  EXPECT_EQ(r.outcome, "completed");
  EXPECT_TRUE(r.successful);
  EXPECT_DOUBLE_EQ(r.duration, 22.763);
  EXPECT_EQ(r.callId, std::string("vapi_") + kCallId);
}

void expect06(const ParsedWebhook& p) {
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
  EXPECT_EQ(ev.source, EventSource::EndOfCallReport);
  EXPECT_EQ(ev.endedReason, "call.in-progress.error-providerfault-openai-llm-failed");
  EXPECT_EQ(ev.type, "outboundPhoneCall");
  EXPECT_DOUBLE_EQ(ev.cost.value_or(-1), 0.0071);
  // No duration fields: endedAt - startedAt.
  ASSERT_TRUE(ev.durationSeconds);
  EXPECT_NEAR(*ev.durationSeconds, 8.873, 1e-9);
  EXPECT_EQ(ev.callerPhone, "+12125550188");
  EXPECT_FALSE(ev.callerName);
  EXPECT_FALSE(ev.summary);  // empty analysis
  EXPECT_FALSE(ev.structuredDataJson);
  EXPECT_FALSE(ev.successEvaluation);
  EXPECT_FALSE(ev.recordingUrl);
  EXPECT_FALSE(ev.costBreakdownJson);
  EXPECT_EQ(ev.transcript, "AI: Thanks for calling Harbor Dental, this is Riley. How can I help?\n");

  const auto r = merged({"06-end-of-call-report-pipeline-error.json"});
  EXPECT_EQ(r.outcome, "error");
  EXPECT_FALSE(r.successful);
  EXPECT_EQ(r.intent, "");
}

void expect07(const ParsedWebhook& p) {
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9");
  EXPECT_EQ(ev.endedReason, "silence-timed-out");
  EXPECT_EQ(ev.successEvaluation, "false");
  EXPECT_DOUBLE_EQ(ev.cost.value_or(-1), 0.0662);
  EXPECT_NEAR(ev.durationSeconds.value_or(-1), 32.52, 1e-9);
  EXPECT_EQ(ev.summary, "The caller did not respond after the greeting and the call timed out.");
  EXPECT_FALSE(ev.recordingUrl);
  const auto r = merged({"07-end-of-call-report-silence-timed-out.json"});
  EXPECT_EQ(r.outcome, "completed");
  EXPECT_FALSE(r.successful);
  EXPECT_EQ(r.satisfaction, std::nullopt);
}

void expect08(const ParsedWebhook& p) {
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, "0d7e6f5a-4b3c-4d2e-8f1a-9b8c7d6e5f4a");
  EXPECT_EQ(ev.type, "webCall");
  EXPECT_FALSE(ev.callerPhone);
  EXPECT_FALSE(ev.callerName);
  EXPECT_FALSE(ev.phoneNumberId);
  EXPECT_EQ(ev.endedReason, "assistant-ended-call");
  EXPECT_EQ(ev.successEvaluation, "8");
  EXPECT_DOUBLE_EQ(ev.cost.value_or(-1), 0.1051);
  EXPECT_NEAR(ev.durationSeconds.value_or(-1), 80.5, 1e-9);
  EXPECT_EQ(ev.recordingUrl,
            "https://storage.vapi.ai/0d7e6f5a-4b3c-4d2e-8f1a-9b8c7d6e5f4a-1772483551000-mono.wav");
  const auto r = merged({"08-end-of-call-report-web-call.json"});
  EXPECT_EQ(r.outcome, "completed");
  EXPECT_TRUE(r.successful);
  EXPECT_EQ(r.satisfaction, 8.0);
  EXPECT_EQ(r.callerPhone, "");
}

void expectCallList(const ParsedWebhook& p) {
  EXPECT_EQ(p.status, ParseStatus::NotObject);  // a REST response is not a webhook
}

void expectAssistant(const ParsedWebhook& p) { EXPECT_EQ(p.status, ParseStatus::MissingType); }

TEST(WebhookParser, EveryExampleFile) {
  const std::map<std::string, std::function<void(const ParsedWebhook&)>> expectations = {
      {"01-status-update-in-progress.json", expect01},
      {"02-status-update-ended.json", expect02},
      {"03-transcript-final.json", expect03},
      {"04-conversation-update.json", [](auto& p) { expectIgnored(p, "conversation-update"); }},
      {"05-end-of-call-report-customer-ended.json", expect05},
      {"06-end-of-call-report-pipeline-error.json", expect06},
      {"07-end-of-call-report-silence-timed-out.json", expect07},
      {"08-end-of-call-report-web-call.json", expect08},
      {"09-tool-calls.json", [](auto& p) { expectIgnored(p, "tool-calls"); }},
      {"rest-GET-call-list.json", expectCallList},
      {"rest-assistant.json", expectAssistant},
  };
  std::size_t seen = 0;
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".json") continue;
    const auto name = entry.path().filename().string();
    SCOPED_TRACE(name);
    const auto it = expectations.find(name);
    ASSERT_NE(it, expectations.end()) << "new example without expectations: " << name;
    it->second(parseWebhook(readFile(entry.path())));
    ++seen;
  }
  EXPECT_EQ(seen, expectations.size());
}

TEST(WebhookParser, LifecycleInOrderAndOutOfOrderAgree) {
  const std::vector<std::string> inOrder = {"01-status-update-in-progress.json", "03-transcript-final.json",
                                            "02-status-update-ended.json",
                                            "05-end-of-call-report-customer-ended.json"};
  const std::vector<std::string> shuffled = {"05-end-of-call-report-customer-ended.json",
                                             "02-status-update-ended.json", "03-transcript-final.json",
                                             "01-status-update-in-progress.json"};
  const auto a = merged(inOrder), b = merged(shuffled);
  for (const auto* r : {&a, &b}) {
    EXPECT_EQ(r->status, CallStatus::Ended);
    EXPECT_EQ(r->outcome, "completed");
    EXPECT_DOUBLE_EQ(r->cost, 0.0498);
    EXPECT_DOUBLE_EQ(r->duration, 22.763);
    EXPECT_EQ(r->intent, "reschedule");
    EXPECT_EQ(r->timestamp, "2026-03-02T17:05:16.251Z");
    EXPECT_EQ(r->sourceRank, static_cast<int>(EventSource::EndOfCallReport));
  }
  EXPECT_EQ(a.transcript, b.transcript);
  EXPECT_EQ(a.rawReportJson, b.rawReportJson);
  EXPECT_EQ(a.recordingUrl, b.recordingUrl);
}

TEST(WebhookParser, MalformedBodies) {
  EXPECT_EQ(parseWebhook("").status, ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook("{").status, ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook("not json").status, ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook(R"({"message":{"type":"status-update",}})").status, ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook("{} trailing").status, ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook("[1,2]").status, ParseStatus::NotObject);
  EXPECT_EQ(parseWebhook("\"string\"").status, ParseStatus::NotObject);
  EXPECT_EQ(parseWebhook("null").status, ParseStatus::NotObject);
  EXPECT_EQ(parseWebhook("42").status, ParseStatus::NotObject);
  EXPECT_EQ(parseWebhook("{}").status, ParseStatus::MissingType);
  EXPECT_EQ(parseWebhook(R"({"message":{}})").status, ParseStatus::MissingType);
  EXPECT_EQ(parseWebhook(R"({"message":{"type":""}})").status, ParseStatus::MissingType);
  EXPECT_EQ(parseWebhook(R"({"message":{"type":5}})").status, ParseStatus::MissingType);
  EXPECT_EQ(parseWebhook(R"({"message":"status-update"})").status, ParseStatus::MissingType);
  EXPECT_EQ(parseWebhook(R"({"message":null})").status, ParseStatus::MissingType);
  const auto bad = parseWebhook("{");
  EXPECT_FALSE(bad.error.empty());
  EXPECT_FALSE(bad.event);
}

TEST(WebhookParser, HostileInputsAreRejectedWithoutCrashing) {
  EXPECT_EQ(parseWebhook(std::string(100000, '[')).status, ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook(std::string(100000, '[') + std::string(100000, ']')).status, ParseStatus::BadJson);
  std::string deepObjects;
  for (int i = 0; i < 5000; ++i) deepObjects += R"({"message":)";
  deepObjects += "1";
  deepObjects += std::string(5000, '}');
  EXPECT_EQ(parseWebhook(deepObjects).status, ParseStatus::BadJson);
  // Invalid UTF-8 inside a string.
  EXPECT_EQ(parseWebhook("{\"message\":{\"type\":\"status-update\",\"x\":\"\xff\xfe\"}}").status,
            ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook("{\"message\":{\"type\":\"\xc3\x28\"}}").status, ParseStatus::BadJson);
  // Out-of-range numbers.
  EXPECT_EQ(
      parseWebhook(R"({"message":{"type":"end-of-call-report","call":{"id":"x"},"cost":1e999}})").status,
      ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook(R"({"message":{"type":"x","n":123456789012345678901234567890}})").status,
            ParseStatus::BadJson);
  // Embedded NUL bytes and a body that is only whitespace.
  EXPECT_EQ(parseWebhook(std::string("{\"a\":1}\0", 8)).status, ParseStatus::BadJson);
  EXPECT_EQ(parseWebhook("   \n").status, ParseStatus::BadJson);
}

TEST(WebhookParser, MissingCallId) {
  for (const char* body : {R"({"message":{"type":"status-update","status":"ended"}})",
                           R"({"message":{"type":"end-of-call-report","call":{}}})",
                           R"({"message":{"type":"end-of-call-report","call":{"id":""}}})",
                           R"({"message":{"type":"end-of-call-report","call":{"id":42}}})",
                           R"({"message":{"type":"transcript","transcriptType":"final","role":"user",
                               "transcript":"hi"}})",
                           R"({"type":"call-ended","call":{"orgId":"o"}})", R"({"type":"call-ended"})"}) {
    const auto p = parseWebhook(body);
    EXPECT_EQ(p.status, ParseStatus::MissingCallId) << body;
    EXPECT_FALSE(p.event) << body;
  }
}

// Ids are stored, indexed and sent to other instances: an id VAPI would never send (VAPI's are UUIDs) is
// refused whole, before it reaches the store.
TEST(WebhookParser, IdsOfAnotherShapeAreRefused) {
  const std::string longId(9000, 'x');
  const std::string at128(128, 'a');
  auto report = [](const std::string& field, const std::string& value) {
    nlohmann::json call = {{"id", "c1"}, {"orgId", "o1"}};
    call[field] = value;
    return nlohmann::json{{"message", {{"type", "end-of-call-report"}, {"call", call}}}}.dump();
  };
  for (const char* field : {"id", "orgId", "assistantId", "phoneNumberId"}) {
    for (const std::string& bad : {longId, std::string(129, 'a'), std::string("has space"),
                                   std::string("semi;colon"), std::string("new\nline"), std::string("ü")}) {
      const auto p = parseWebhook(report(field, bad));
      EXPECT_EQ(p.status, ParseStatus::BadId) << field << " = " << bad.substr(0, 20);
      EXPECT_FALSE(p.event);
      EXPECT_NE(p.error.find(field), std::string::npos) << p.error;
    }
    EXPECT_EQ(parseWebhook(report(field, at128)).status, ParseStatus::Event) << field;
  }
  // Every shape of id the examples hold, and the seed's.
  for (const std::string& good : {std::string("c4f2a8e1-5b3d-4c7a-9e1f-2d3c4b5a6e7f"),
                                  std::string("call_Xk2r9LmQp4"), std::string("org:a.b_c-d")})
    EXPECT_EQ(parseWebhook(report("id", good)).status, ParseStatus::Event) << good;
  // The org id fallbacks and the legacy shape are checked as well, and status-updates and transcripts.
  EXPECT_EQ(parseWebhook(nlohmann::json{{"message",
                                         {{"type", "status-update"},
                                          {"status", "in-progress"},
                                          {"call", {{"id", "c1"}}},
                                          {"phoneNumber", {{"orgId", longId}}}}}}
                             .dump())
                .status,
            ParseStatus::BadId);
  EXPECT_EQ(parseWebhook(nlohmann::json{{"type", "call-ended"}, {"call", {{"id", longId}}}}.dump()).status,
            ParseStatus::BadId);
  EXPECT_EQ(parseWebhook(nlohmann::json{{"message",
                                         {{"type", "transcript"},
                                          {"transcriptType", "final"},
                                          {"role", "user"},
                                          {"transcript", "hi"},
                                          {"call", {{"id", longId}}}}}}
                             .dump())
                .status,
            ParseStatus::BadId);
}

// The sync must not store what a webhook may not: a GET /call item with such an id is skipped.
TEST(CallObject, IdsOfAnotherShapeAreSkipped) {
  const std::string longId(9000, 'x');
  std::string error;
  EXPECT_FALSE(callEventFromCallObject(nlohmann::json{{"id", longId}}.dump(), &error));
  EXPECT_NE(error.find("id"), std::string::npos);
  EXPECT_FALSE(callEventFromCallObject(nlohmann::json{{"id", "c1"}, {"assistantId", "a b"}}.dump()));
  std::size_t skipped = 0;
  const auto events = callEventsFromCallList(
      nlohmann::json::array(
          {{{"id", "a"}}, {{"id", longId}}, {{"id", "b"}, {"orgId", longId}}, {{"id", "c"}}})
          .dump(),
      &error, &skipped);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 2u);
  EXPECT_EQ(skipped, 2u);
}

TEST(WebhookParser, UnknownTypesAreIgnored) {
  for (const char* type : {"hang", "speech-update", "assistant-request", "model-output", "brand-new-type"}) {
    const auto p =
        parseWebhook(std::string(R"({"message":{"type":")") + type + R"(","call":{"id":"c","orgId":"o"}}})");
    EXPECT_EQ(p.status, ParseStatus::Ignored) << type;
    EXPECT_EQ(p.messageType, type);
    EXPECT_EQ(p.orgId, "o");
  }
  // Ignored types need no call id.
  EXPECT_EQ(parseWebhook(R"({"message":{"type":"hang"}})").status, ParseStatus::Ignored);
}

TEST(WebhookParser, Transcripts) {
  auto p = parseWebhook(R"({"message":{"type":"transcript","transcriptType":"partial","role":"user",
      "transcript":"Two thir"}})");
  EXPECT_EQ(p.status, ParseStatus::Ignored);  // partial, even without a call id

  p = parseWebhook(R"({"message":{"type":"transcript[transcriptType=\"final\"]","role":"assistant",
      "transcript":"Sure.\nAnything else?","call":{"id":"c1"}}})");
  ASSERT_EQ(p.status, ParseStatus::Event) << p.error;
  EXPECT_EQ(p.messageType, "transcript[transcriptType=\"final\"]");
  EXPECT_EQ(p.event->transcriptAppend, "AI: Sure. Anything else?");
  EXPECT_EQ(p.event->source, EventSource::Transcript);

  p = parseWebhook(R"({"message":{"type":"transcript","transcriptType":"final","role":"system",
      "transcript":"x","call":{"id":"c1"}}})");
  EXPECT_EQ(p.status, ParseStatus::Ignored);
  p = parseWebhook(R"({"message":{"type":"transcript","transcriptType":"final","role":"user",
      "transcript":"","call":{"id":"c1"}}})");
  EXPECT_EQ(p.status, ParseStatus::Ignored);
}

TEST(WebhookParser, NumbersAndTimestamps) {
  auto p = parseWebhook(R"({"message":{"type":"end-of-call-report","call":{"id":"c"},
      "cost":4.98E-2,"durationMs":22763,"startedAt":"2026-03-02T09:04:53.488-08:00",
      "endedAt":"yesterday"}})");
  auto ev = eventOf(p);
  EXPECT_DOUBLE_EQ(*ev.cost, 0.0498);
  EXPECT_DOUBLE_EQ(*ev.durationSeconds, 22.763);
  EXPECT_EQ(ev.startedAt, "2026-03-02T17:04:53.488Z");
  EXPECT_FALSE(ev.endedAt);  // unparseable: dropped

  p = parseWebhook(R"({"message":{"type":"end-of-call-report","call":{"id":"c","cost":0.5},
      "cost":-1,"durationSeconds":-3,"durationMs":"abc"}})");
  ev = eventOf(p);
  EXPECT_DOUBLE_EQ(*ev.cost, 0.5);  // the report's negative cost is absent; the snapshot's is used
  EXPECT_FALSE(ev.durationSeconds);

  p = parseWebhook(R"({"message":{"type":"end-of-call-report","call":{"id":"c"},"cost":3,
      "durationSeconds":"12.5","durationMinutes":9}})");
  ev = eventOf(p);
  EXPECT_DOUBLE_EQ(*ev.cost, 3);
  EXPECT_DOUBLE_EQ(*ev.durationSeconds, 12.5);

  p = parseWebhook(R"({"message":{"type":"end-of-call-report","call":{"id":"c"},"durationMinutes":0.5,
      "analysis":{"successEvaluation":8,"structuredData":"not an object"}}})");
  ev = eventOf(p);
  EXPECT_DOUBLE_EQ(*ev.durationSeconds, 30);
  EXPECT_EQ(ev.successEvaluation, "8");
  EXPECT_FALSE(ev.structuredDataJson);

  p = parseWebhook(R"({"message":{"type":"end-of-call-report","call":{"id":"c"},
      "analysis":{"successEvaluation":true}}})");
  EXPECT_EQ(eventOf(p).successEvaluation, "true");
}

TEST(WebhookParser, ReportFallbacks) {
  // No artifact transcript/recording: the undocumented top-level fields and call.* are used.
  auto p = parseWebhook(R"({"message":{"type":"end-of-call-report","endedReason":"voicemail",
      "transcript":"AI: hi\n","summary":"top summary","recordingUrl":"https://r/top.wav",
      "artifact":{"recording":{"stereoUrl":"https://r/stereo.wav"}},
      "customer":{"number":"+1555","name":"Msg Customer"},
      "call":{"id":"c","orgId":"o","endedReason":"customer-ended-call","costBreakdown":{"total":1},
              "startedAt":"2026-03-02T10:00:00Z","endedAt":"2026-03-02T10:01:00Z"}}})");
  auto ev = eventOf(p);
  EXPECT_EQ(ev.endedReason, "voicemail");  // the report's own field beats the snapshot
  EXPECT_EQ(ev.transcript, "AI: hi\n");
  EXPECT_EQ(ev.summary, "top summary");
  EXPECT_EQ(ev.recordingUrl, "https://r/top.wav");
  EXPECT_EQ(ev.callerPhone, "+1555");
  EXPECT_EQ(ev.callerName, "Msg Customer");
  EXPECT_EQ(ev.costBreakdownJson, R"({"total":1})");
  EXPECT_DOUBLE_EQ(*ev.durationSeconds, 60);
  EXPECT_EQ(ev.startedAt, "2026-03-02T10:00:00.000Z");

  // Recording precedence: artifact.recordingUrl beats message.recordingUrl; stereo is the last resort.
  p = parseWebhook(R"({"message":{"type":"end-of-call-report","recordingUrl":"https://r/msg.wav",
      "artifact":{"recordingUrl":"https://r/artifact.wav","recording":{"stereoUrl":"https://r/s.wav"}},
      "call":{"id":"c"}}})");
  EXPECT_EQ(eventOf(p).recordingUrl, "https://r/artifact.wav");
  p = parseWebhook(R"({"message":{"type":"end-of-call-report",
      "artifact":{"recording":{"stereoUrl":"https://r/s.wav"}},"call":{"id":"c"}}})");
  EXPECT_EQ(eventOf(p).recordingUrl, "https://r/s.wav");
}

TEST(WebhookParser, RawReportIsTheCompactMessage) {
  const std::vector<std::string> bodies = {
      // Other top-level keys first, one holding its own "message"; tricky strings inside the report.
      R"({"x":{"message":1},"y":[1,{"a":"}"}],"message" : {"type":"end-of-call-report","call":{"id":"c"},
          "s":"br}ace \"q\" [x]  two  spaces \\","n":[1.50,-2e3,{"m":null}],"t":true}})",
      // A key spelled with an escape: found by the parser, serialized from the DOM instead.
      R"({"mess\u0061ge":{"type":"end-of-call-report","call":{"id":"c"},"cost":1}})",
      "{\"message\":{\"type\":\"end-of-call-report\",\"call\":{\"id\":\"c\"},\"u\":\"caf\xc3\xa9 \\u00e9\"}}",
  };
  for (const auto& body : bodies) {
    const auto p = parseWebhook(body);
    const auto& ev = eventOf(p);
    ASSERT_TRUE(ev.rawReportJson) << body;
    const auto raw = nlohmann::json::parse(*ev.rawReportJson);
    EXPECT_EQ(raw, nlohmann::json::parse(body).at("message")) << body;
    EXPECT_EQ(raw.at("type"), "end-of-call-report");
  }
  const auto first = eventOf(parseWebhook(bodies[0]));
  EXPECT_NE(first.rawReportJson->find(R"("s":"br}ace \"q\" [x]  two  spaces \\")"), std::string::npos);
  EXPECT_EQ(first.rawReportJson->find(' ', first.rawReportJson->find("\"n\"")), std::string::npos);
}

TEST(WebhookParser, StatusUpdateStatuses) {
  auto p = parseWebhook(R"({"message":{"type":"status-update","status":"not-found","call":{"id":"c"}}})");
  EXPECT_FALSE(eventOf(p).status);
  p = parseWebhook(
      R"({"message":{"type":"status-update","status":"ringing","call":{"id":"c","status":"queued"}}})");
  EXPECT_EQ(eventOf(p).status, CallStatus::Ringing);
  p = parseWebhook(R"({"message":{"type":"status-update","call":{"id":"c","status":"forwarding"}}})");
  EXPECT_EQ(eventOf(p).status, CallStatus::Forwarding);
}

TEST(WebhookParser, OrgIdFallbacks) {
  auto p = parseWebhook(R"({"message":{"type":"hang","phoneNumber":{"orgId":"from-number"}}})");
  EXPECT_EQ(p.orgId, "from-number");
  p = parseWebhook(R"({"message":{"type":"hang","assistant":{"orgId":"from-assistant"}}})");
  EXPECT_EQ(p.orgId, "from-assistant");
  p = parseWebhook(R"({"message":{"type":"hang"}})");
  EXPECT_EQ(p.orgId, "");
}

TEST(WebhookParser, LegacyCallEnded) {
  const auto p = parseWebhook(R"({"type":"call-ended","call":{"id":"legacy-1","orgId":"org-l",
      "endedAt":"2026-03-01T10:00:00Z","duration":42.5,"customer":{"number":"+14155550100","name":"Ann"},
      "endedReason":"customer-ended","cost":0.12,"transcript":"AI: Hi\nUser: Bye\n","summary":"Short.",
      "assistantId":"a-1"}})");
  EXPECT_EQ(p.messageType, "call-ended");
  EXPECT_EQ(p.orgId, "org-l");
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, "legacy-1");
  EXPECT_EQ(ev.source, EventSource::EndOfCallReport);
  EXPECT_EQ(ev.status, CallStatus::Ended);
  EXPECT_EQ(ev.endedAt, "2026-03-01T10:00:00.000Z");
  EXPECT_DOUBLE_EQ(*ev.durationSeconds, 42.5);
  EXPECT_EQ(ev.callerPhone, "+14155550100");
  EXPECT_EQ(ev.callerName, "Ann");
  EXPECT_EQ(ev.endedReason, "customer-ended");
  EXPECT_DOUBLE_EQ(*ev.cost, 0.12);
  EXPECT_EQ(ev.transcript, "AI: Hi\nUser: Bye\n");
  EXPECT_EQ(ev.summary, "Short.");
  EXPECT_EQ(ev.assistantId, "a-1");
  ASSERT_TRUE(ev.rawReportJson);
  const auto r = domain::mergeCall(std::nullopt, ev, "u");
  EXPECT_EQ(r.outcome, "completed");
  EXPECT_EQ(r.callId, "vapi_legacy-1");

  // A bare-string customer.
  auto s = parseWebhook(R"({"type":"call-ended","call":{"id":"l2","customer":"+15550001"}})");
  EXPECT_EQ(eventOf(s).callerPhone, "+15550001");
  s = parseWebhook(R"({"type":"call-ended","call":{"id":"l3","customer":"Bob"}})");
  EXPECT_EQ(eventOf(s).callerName, "Bob");

  // Other legacy top-level types are ignored.
  s = parseWebhook(R"({"type":"call-started","call":{"id":"l4","orgId":"o"}})");
  EXPECT_EQ(s.status, ParseStatus::Ignored);
  EXPECT_EQ(s.orgId, "o");
}

TEST(WebhookParser, MessageWinsOverLegacyTopLevel) {
  const auto p = parseWebhook(R"({"type":"call-ended","call":{"id":"legacy","cost":9},
      "message":{"type":"status-update","status":"in-progress","call":{"id":"modern","orgId":"o"}}})");
  EXPECT_EQ(p.messageType, "status-update");
  const auto& ev = eventOf(p);
  EXPECT_EQ(ev.vapiCallId, "modern");
  EXPECT_EQ(ev.source, EventSource::StatusUpdate);
  EXPECT_FALSE(ev.cost);
  // A message without a type falls back to the legacy shape.
  const auto q = parseWebhook(R"({"type":"call-ended","call":{"id":"legacy"},"message":{}})");
  EXPECT_EQ(eventOf(q).vapiCallId, "legacy");
}

TEST(WebhookParser, ConcurrentParsingIsIndependent) {
  const auto body5 = example("05-end-of-call-report-customer-ended.json");
  const auto body3 = example("03-transcript-final.json");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto p = parseWebhook((i + t) % 2 ? body5 : body3);
        const bool ok = (i + t) % 2 ? (p.event && p.event->cost == 0.0498)
                                    : (p.event && p.event->transcriptAppend == "User: Two thirty, please.");
        if (!ok) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
}

TEST(CallObject, RestListItems) {
  std::string error;
  std::size_t skipped = 99;
  const auto events = callEventsFromCallList(example("rest-GET-call-list.json"), &error, &skipped);
  ASSERT_TRUE(events) << error;
  EXPECT_EQ(skipped, 0u);
  ASSERT_EQ(events->size(), 3u);

  const auto& ended = (*events)[0];
  EXPECT_EQ(ended.vapiCallId, kCallId);
  EXPECT_EQ(ended.source, EventSource::Sync);
  EXPECT_EQ(ended.status, CallStatus::Ended);
  EXPECT_EQ(ended.orgId, kOrgId);
  EXPECT_DOUBLE_EQ(*ended.cost, 0.0498);
  EXPECT_NEAR(*ended.durationSeconds, 22.763, 1e-9);
  EXPECT_EQ(ended.endedReason, "customer-ended-call");
  EXPECT_EQ(ended.successEvaluation, "true");
  EXPECT_EQ(nlohmann::json::parse(*ended.structuredDataJson).at("intent"), "reschedule");
  EXPECT_EQ(ended.recordingUrl,
            "https://storage.vapi.ai/c4f2a8e1-5b3d-4c7a-9e1f-2d3c4b5a6e7f-1772471117000-mono.wav");
  ASSERT_TRUE(ended.transcript);
  EXPECT_TRUE(ended.costBreakdownJson);
  EXPECT_FALSE(ended.rawReportJson);

  const auto& web = (*events)[1];
  EXPECT_EQ(web.type, "webCall");
  EXPECT_EQ(web.source, EventSource::Sync);
  EXPECT_EQ(web.successEvaluation, "8");
  EXPECT_FALSE(web.callerPhone);

  const auto& queued = (*events)[2];
  EXPECT_EQ(queued.vapiCallId, "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e");
  EXPECT_EQ(queued.source, EventSource::StatusUpdate);  // not ended: no richer than a status-update
  EXPECT_EQ(queued.status, CallStatus::Queued);
  EXPECT_EQ(queued.callerName, "Sam Ortiz");
  EXPECT_EQ(queued.callerPhone, "+13105550142");
  EXPECT_FALSE(queued.durationSeconds);

  // The single-object entry point gives the same event.
  const auto list = nlohmann::json::parse(example("rest-GET-call-list.json"));
  const auto one = callEventFromCallObject(list.at(2).dump());
  ASSERT_TRUE(one);
  EXPECT_EQ(one->vapiCallId, queued.vapiCallId);
  EXPECT_EQ(one->status, CallStatus::Queued);

  // A sync after the report must not overwrite the report's fields.
  auto r = domain::mergeCall(
      std::nullopt, eventOf(parseWebhook(example("05-end-of-call-report-customer-ended.json"))), "u");
  const auto before = r;
  r = domain::mergeCall(r, ended, "u");
  EXPECT_EQ(r.rawReportJson, before.rawReportJson);
  EXPECT_EQ(r.transcript, before.transcript);
  EXPECT_EQ(r.sourceRank, static_cast<int>(EventSource::EndOfCallReport));
}

TEST(CallObject, BadInputs) {
  std::string error;
  EXPECT_FALSE(callEventFromCallObject("{", &error));
  EXPECT_FALSE(error.empty());
  error.clear();
  EXPECT_FALSE(callEventFromCallObject("[]", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(callEventFromCallObject(R"({"orgId":"o"})"));
  EXPECT_FALSE(callEventFromCallObject(R"({"id":""})"));
  EXPECT_TRUE(callEventFromCallObject(R"({"id":"x"})"));

  EXPECT_FALSE(callEventsFromCallList(R"({"results":[]})", &error));
  EXPECT_FALSE(callEventsFromCallList("[", &error));
  std::size_t skipped = 0;
  const auto events =
      callEventsFromCallList(R"([{"id":"a"},1,{"noid":true},null,{"id":"b"}])", &error, &skipped);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 2u);
  EXPECT_EQ(skipped, 3u);
  EXPECT_TRUE(callEventsFromCallList("[]")->empty());
}

TEST(ParseStatusNames, AreStable) {
  EXPECT_STREQ(parseStatusName(ParseStatus::Event), "event");
  EXPECT_STREQ(parseStatusName(ParseStatus::Ignored), "ignored");
  EXPECT_STREQ(parseStatusName(ParseStatus::BadJson), "bad-json");
  EXPECT_STREQ(parseStatusName(ParseStatus::NotObject), "not-object");
  EXPECT_STREQ(parseStatusName(ParseStatus::MissingType), "missing-type");
  EXPECT_STREQ(parseStatusName(ParseStatus::MissingCallId), "missing-call-id");
  EXPECT_STREQ(parseStatusName(ParseStatus::BadId), "bad-id");
}

}  // namespace
}  // namespace vm::vapi
