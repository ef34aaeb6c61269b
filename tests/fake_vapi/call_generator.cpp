#include "call_generator.hpp"

#include <algorithm>
#include <cmath>

#include "domain/time.hpp"

namespace fakevapi {
namespace {

struct Weighted {
  const char* value;
  int weight;
};

// A mix of VAPI's endedReason codes (REFERENCE.md §2.1): completed, not connected and errors.
const Weighted kEndedReasons[] = {
    {"customer-ended-call", 45},
    {"assistant-ended-call", 15},
    {"assistant-said-end-call-phrase", 5},
    {"silence-timed-out", 7},
    {"exceeded-max-duration", 2},
    {"voicemail", 4},
    {"customer-did-not-answer", 8},
    {"customer-busy", 5},
    {"pipeline-error-openai-llm-failed", 4},
    {"call.in-progress.error-vapifault-openai-llm-failed", 3},
    {"twilio-failed-to-connect-call", 2},
};
const Weighted kTypes[] = {{"inboundPhoneCall", 60}, {"outboundPhoneCall", 30}, {"webCall", 10}};
const char* kIntents[] = {"booking", "reschedule", "cancel", "pricing", "support", "complaint"};
const char* kNames[] = {"Dana Whitfield", "Luis Ortega", "Priya Natarajan", "Tom Becker",
                        "Amara Okafor",   "Chen Wei",    "Sofia Rossi",     "Jamal Carter"};

template <std::size_t N>
const char* pick(std::mt19937_64& rng, const Weighted (&items)[N]) {
  int total = 0;
  for (const auto& i : items) total += i.weight;
  int r = std::uniform_int_distribution<int>(0, total - 1)(rng);
  for (const auto& i : items) {
    if (r < i.weight) return i.value;
    r -= i.weight;
  }
  return items[0].value;
}

bool connected(const std::string& reason) {
  return reason != "customer-did-not-answer" && reason != "customer-busy" &&
         reason != "twilio-failed-to-connect-call";
}

double round4(double v) { return std::round(v * 10000) / 10000; }

}  // namespace

CallGenerator::CallGenerator(GeneratorOptions options) : options_(std::move(options)), rng_(options_.seed) {}

std::string CallGenerator::uuid() {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) s += '-';
    int v = static_cast<int>(rng_() & 15);
    if (i == 12) v = 4;            // version 4
    if (i == 16) v = 8 | (v & 3);  // RFC 4122 variant
    s += hex[v];
  }
  return s;
}

std::vector<nlohmann::json> CallGenerator::generate(std::size_t count) {
  std::vector<nlohmann::json> calls;
  calls.reserve(count);
  const std::int64_t spreadMs = std::int64_t{options_.spreadDays} * 86'400'000;
  // Created at least 15 minutes ago, so every call has ended and been updated before now.
  std::uniform_int_distribution<std::int64_t> createdDist(options_.nowMs - spreadMs,
                                                          options_.nowMs - 900'000);
  std::bernoulli_distribution sameInstant(options_.sameInstantShare);
  std::int64_t previous = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::int64_t created = (i > 0 && sameInstant(rng_)) ? previous : createdDist(rng_);
    previous = created;
    calls.push_back(makeCall(created));
  }
  return calls;
}

nlohmann::json CallGenerator::makeCall(std::int64_t createdMs) {
  using nlohmann::json;
  auto between = [this](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  };
  const std::string type = pick(rng_, kTypes);
  const std::string reason = pick(rng_, kEndedReasons);
  const bool talked = connected(reason);
  const std::int64_t startedMs = createdMs + between(300, 3000);
  const std::int64_t durationMs = talked ? between(5'000, 600'000) : between(0, 30'000);
  const std::int64_t endedMs = startedMs + durationMs;
  const double minutes = durationMs / 60000.0;
  const double cost = round4(0.01 + minutes * 0.11);
  const std::string id = uuid();
  const std::string intent = kIntents[between(0, std::size(kIntents) - 1)];
  const std::string name = kNames[between(0, std::size(kNames) - 1)];
  const bool success = talked && between(0, 9) < 7;

  json call = {
      {"id", id},
      {"orgId", options_.orgId},
      {"type", type},
      {"status", "ended"},
      {"assistantId", options_.assistantIds.empty()
                          ? json(nullptr)
                          : json(options_.assistantIds[between(0, options_.assistantIds.size() - 1)])},
      {"createdAt", vm::domain::formatIsoMs(createdMs)},
      {"updatedAt", vm::domain::formatIsoMs(endedMs + between(1'000, 10'000))},
      {"startedAt", vm::domain::formatIsoMs(startedMs)},
      {"endedAt", vm::domain::formatIsoMs(endedMs)},
      {"endedReason", reason},
      {"cost", cost},
      {"costBreakdown",
       {{"transport", round4(cost * 0.08)},
        {"stt", round4(cost * 0.11)},
        {"llm", round4(cost * 0.06)},
        {"tts", round4(cost * 0.24)},
        {"vapi", round4(cost * 0.51)},
        {"total", cost},
        {"llmPromptTokens", between(200, 5000)},
        {"llmCompletionTokens", between(20, 400)},
        {"ttsCharacters", between(50, 2000)}}},
      {"costs", json::array({{{"type", "transport"},
                              {"provider", "vapi"},
                              {"minutes", round4(minutes)},
                              {"cost", round4(cost * 0.08)}},
                             {{"type", "vapi"},
                              {"subType", "normal"},
                              {"minutes", round4(minutes)},
                              {"cost", round4(cost * 0.51)}}})},
  };
  if (type != "webCall") {
    call["phoneCallProvider"] = "vapi";
    call["phoneCallTransport"] = "pstn";
    call["phoneNumberId"] = "3f8a9b2c-1d4e-4a6b-8c9d-0e1f2a3b4c5d";
    call["customer"] = {{"number", "+1415555" + std::to_string(between(1000, 9999))}, {"name", name}};
  }
  if (talked) {
    std::string transcript =
        "AI: Thanks for calling Harbor Dental, this is Riley. How can I help?\nUser: Hi, this is " + name +
        ", I'm calling about a " + intent + ".\nAI: Of course, let me take care of that.\nUser: Thanks!\n";
    call["analysis"] = {
        {"summary", name + " called about a " + intent + "; the assistant handled the request."},
        {"structuredData", {{"intent", intent}}},
        {"successEvaluation", success ? "true" : "false"}};
    call["artifact"] = {
        {"transcript", transcript},
        {"recording",
         {{"stereoUrl", "https://storage.vapi.ai/" + id + "-stereo.wav"},
          {"mono", {{"combinedUrl", "https://storage.vapi.ai/" + id + "-mono.wav"}}}}},
        {"messages",
         json::array({{{"role", "bot"},
                       {"message", "Thanks for calling Harbor Dental, this is Riley. How can I help?"},
                       {"time", startedMs + 600},
                       {"secondsFromStart", 0.6}},
                      {{"role", "user"},
                       {"message", "Hi, I'm calling about a " + intent + "."},
                       {"time", startedMs + 5000},
                       {"secondsFromStart", 5.0}}})}};
  }
  return call;
}

}  // namespace fakevapi
