// VAPI JSON -> CallEvent. Field precedence follows REFERENCE.md: prefer the spec's artifact.* and
// analysis.* fields, fall back to the undocumented top-level ones, and take a message's own fields over
// its (possibly partial) message.call snapshot.
#include "vapi/webhook_parser.hpp"

#include <simdjson.h>

#include <charconv>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>

#include "domain/time.hpp"

namespace vm::vapi {
namespace {

namespace dom = simdjson::dom;
using domain::CallEvent;
using domain::CallStatus;
using domain::EventSource;
using Obj = std::optional<dom::object>;

// Per-thread parser and buffers: they keep their capacity between bodies, so the hot path does not
// allocate. Every public function finishes with the parsed document before returning, so reuse is safe.
struct ThreadState {
  dom::parser parser;
  std::vector<char> padded;  // the input plus SIMDJSON_PADDING bytes
  std::size_t size = 0;      // bytes of input in `padded`
  std::string compact;       // scratch for compactBody()
};

// simdjson's parser keeps the capacity of the largest document it parsed (about 14 bytes per byte of
// input), so one 16 MiB body would leave a thread holding ~220 MiB. Bodies above this size get a state of
// their own, freed when the public function returns; VAPI's usual bodies (a few KB) reuse the thread's.
constexpr std::size_t kResidentParseBytes = 256 * 1024;

thread_local ThreadState* largeBodyState = nullptr;

ThreadState& threadState() {
  if (largeBodyState) return *largeBodyState;
  thread_local ThreadState state;
  return state;
}

// For the duration of one public call: the state its input is parsed with.
class ParseStateFor {
 public:
  explicit ParseStateFor(std::size_t inputBytes) {
    if (inputBytes <= kResidentParseBytes || largeBodyState) return;
    own_ = std::make_unique<ThreadState>();
    largeBodyState = own_.get();
  }
  ~ParseStateFor() {
    if (!own_) return;
    largeBodyState = nullptr;
    own_.reset();
#ifdef __GLIBC__
    // glibc keeps freed blocks of this size in the thread's arena after the first one; give them back.
    malloc_trim(0);
#endif
  }
  ParseStateFor(const ParseStateFor&) = delete;
  ParseStateFor& operator=(const ParseStateFor&) = delete;

 private:
  std::unique_ptr<ThreadState> own_;
};

simdjson::simdjson_result<dom::element> parseJson(std::string_view text) {
  auto& st = threadState();
  // simdjson reads up to SIMDJSON_PADDING bytes past the end; copying into our own padded buffer avoids
  // both that overread and the allocation parse() would make for an unpadded input.
  if (st.padded.size() < text.size() + simdjson::SIMDJSON_PADDING)
    st.padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
  if (!text.empty()) std::memcpy(st.padded.data(), text.data(), text.size());
  std::memset(st.padded.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  st.size = text.size();
  return st.parser.parse(st.padded.data(), text.size(), /*realloc_if_needed=*/false);
}

// The index just past the closing quote of the string whose opening quote is at `open`. memchr jumps
// from quote to quote; a quote preceded by an odd number of backslashes is escaped.
std::size_t skipString(std::string_view m, std::size_t open) {
  const char* const begin = m.data();
  const char* q = begin + open + 1;
  while (true) {
    q = static_cast<const char*>(std::memchr(q, '"', m.size() - static_cast<std::size_t>(q - begin)));
    if (!q) return m.size();
    const char* b = q;
    while (b > begin + open + 1 && b[-1] == '\\') --b;
    ++q;
    if ((q - 1 - b) % 2 == 0) return static_cast<std::size_t>(q - begin);
  }
}

// Skips the value starting at m[i] in compact, already validated JSON.
std::size_t skipValue(std::string_view m, std::size_t i) {
  if (m[i] == '"') return skipString(m, i);
  if (m[i] != '{' && m[i] != '[') {
    while (i < m.size() && m[i] != ',' && m[i] != '}' && m[i] != ']') ++i;
    return i;
  }
  int depth = 0;
  while (i < m.size()) {
    const char c = m[i];
    if (c == '"') {
      i = skipString(m, i);
      continue;
    }
    ++i;
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) break;
  }
  return i;
}

// Copies validated JSON without the whitespace between tokens. Strings are copied whole (found with
// memchr), so a body that is already compact, as VAPI sends it, costs little more than a memcpy.
std::string_view compactInto(std::string_view in, std::string& out) {
  out.resize(in.size());
  char* o = out.data();
  const char* p = in.data();
  const char* const end = p + in.size();
  while (p < end) {
    if (*p != '"') {
      if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') *o++ = *p;
      ++p;
      continue;
    }
    const char* q = in.data() + skipString(in, static_cast<std::size_t>(p - in.data()));
    std::memcpy(o, p, static_cast<std::size_t>(q - p));
    o += q - p;
    p = q;
  }
  return std::string_view(out.data(), static_cast<std::size_t>(o - out.data()));
}

// The last parsed body, compact. Serializing the DOM back (simdjson::to_string) costs ~3x the parse, so
// the original text is compacted instead; numbers and escapes stay exactly as VAPI sent them.
std::string_view compactBody() {
  auto& st = threadState();
  return compactInto(std::string_view(st.padded.data(), st.size), st.compact);
}

// The compact text of the top-level "message" value of the last parsed body. Like at_key, it takes the
// first "message" key; nullopt if the key is spelled with escapes (the caller then serializes the DOM).
std::optional<std::string> compactMessage() {
  const std::string_view m = compactBody();
  if (m.empty() || m[0] != '{') return std::nullopt;
  std::size_t i = 1;
  while (i < m.size() && m[i] == '"') {
    const std::size_t keyEnd = skipString(m, i);
    const auto key = m.substr(i + 1, keyEnd - i - 2);
    const std::size_t valueStart = keyEnd + 1;  // past ':'
    if (valueStart >= m.size()) return std::nullopt;
    const std::size_t valueEnd = skipValue(m, valueStart);
    if (key == "message") return std::string(m.substr(valueStart, valueEnd - valueStart));
    i = valueEnd + 1;  // past ','
  }
  return std::nullopt;
}

std::optional<dom::element> at(const Obj& o, std::string_view key) {
  if (!o) return std::nullopt;
  dom::element e;
  if (o->at_key(key).get(e)) return std::nullopt;
  return e;
}

Obj objAt(const Obj& o, std::string_view key) {
  auto e = at(o, key);
  dom::object out;
  if (!e || e->get_object().get(out)) return std::nullopt;
  return out;
}

// A non-empty string field (empty strings carry no information and must not erase stored values).
std::optional<std::string> strAt(const Obj& o, std::string_view key) {
  auto e = at(o, key);
  std::string_view s;
  if (!e || e->get_string().get(s) || s.empty()) return std::nullopt;
  return std::string(s);
}

// Cost and durations: ints, floats and numeric strings alike; NaN, infinities and negatives are absent.
std::optional<double> amountAt(const Obj& o, std::string_view key) {
  auto e = at(o, key);
  if (!e) return std::nullopt;
  double v = 0;
  std::string_view s;
  if (e->is_number()) {
    if (e->get_double().get(v)) return std::nullopt;
  } else if (!e->get_string().get(s)) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

// Timestamps normalized to "YYYY-MM-DDTHH:MM:SS.mmmZ"; unparseable ones are dropped, not stored raw.
// Numbers are epoch milliseconds, VAPI's unit for numeric timestamps (message.timestamp, messages[].time).
std::optional<std::string> timeAt(const Obj& o, std::string_view key) {
  auto e = at(o, key);
  if (!e) return std::nullopt;
  std::string_view s;
  if (!e->get_string().get(s)) return domain::normalizeIso(s);
  double ms = 0;
  if (e->is_number() && !e->get_double().get(ms) && std::isfinite(ms) && ms >= 0 && ms < 253402300800000.0)
    return domain::formatIsoMs(static_cast<std::int64_t>(ms));
  return std::nullopt;
}

template <typename T>
void setIfAbsent(std::optional<T>& field, std::optional<T> v) {
  if (!field && v) field = std::move(v);
}
template <typename T>
void setIfPresent(std::optional<T>& field, std::optional<T> v) {
  if (v) field = std::move(v);
}

std::optional<std::string> compactAt(const Obj& o, std::string_view key) {
  auto obj = objAt(o, key);
  if (!obj) return std::nullopt;
  return simdjson::to_string(*obj);
}

// The fields a Call object (message.call, a legacy call, a GET /call item) knows.
void fillFromCall(const Obj& call, CallEvent& ev) {
  if (auto id = strAt(call, "id")) ev.vapiCallId = *id;
  ev.orgId = strAt(call, "orgId");
  ev.assistantId = strAt(call, "assistantId");
  ev.phoneNumberId = strAt(call, "phoneNumberId");
  ev.type = strAt(call, "type");
  ev.createdAt = timeAt(call, "createdAt");
  ev.startedAt = timeAt(call, "startedAt");
  ev.endedAt = timeAt(call, "endedAt");
  ev.endedReason = strAt(call, "endedReason");
  ev.cost = amountAt(call, "cost");
  if (auto s = strAt(call, "status")) {
    if (auto st = domain::parseStatus(*s); st != CallStatus::Unknown) ev.status = st;
  }
  // Usually {number, name}; the seed's legacy rows may hold a bare string, a phone number or a name.
  if (auto customer = objAt(call, "customer")) {
    ev.callerPhone = strAt(customer, "number");
    ev.callerName = strAt(customer, "name");
  } else if (auto c = strAt(call, "customer")) {
    const bool phone = (*c)[0] == '+' || ((*c)[0] >= '0' && (*c)[0] <= '9');
    (phone ? ev.callerPhone : ev.callerName) = *c;
  }
}

void fillAnalysis(const Obj& analysis, CallEvent& ev) {
  setIfPresent(ev.summary, strAt(analysis, "summary"));
  setIfPresent(ev.structuredDataJson, compactAt(analysis, "structuredData"));
  // A string by the spec; a rubric's bare number or boolean is kept as its JSON text ("8", "true").
  if (auto e = at(analysis, "successEvaluation")) {
    std::string_view s;
    if (!e->get_string().get(s)) {
      if (!s.empty()) ev.successEvaluation = std::string(s);
    } else if (e->is_number() || e->is_bool()) {
      ev.successEvaluation = simdjson::to_string(*e);
    }
  }
}

// artifact.recording.mono.combinedUrl > artifact.recordingUrl > <container>.recordingUrl >
// artifact.recording.stereoUrl: the mono mix plays everywhere; the deprecated fields are older copies.
std::optional<std::string> recordingUrl(const Obj& artifact, const Obj& container) {
  auto recording = objAt(artifact, "recording");
  if (auto u = strAt(objAt(recording, "mono"), "combinedUrl")) return u;
  if (auto u = strAt(artifact, "recordingUrl")) return u;
  if (auto u = strAt(container, "recordingUrl")) return u;
  return strAt(recording, "stereoUrl");
}

// Seconds between two normalized timestamps when both are present and in order.
std::optional<double> spanSeconds(const std::optional<std::string>& start,
                                  const std::optional<std::string>& end) {
  if (!start || !end) return std::nullopt;
  auto s = domain::parseIsoMs(*start), e = domain::parseIsoMs(*end);
  if (!s || !e || *e < *s) return std::nullopt;
  return static_cast<double>(*e - *s) / 1000.0;
}

// Customer details and org id when the call snapshot lacks them.
void fillFromMessage(const Obj& message, CallEvent& ev) {
  auto customer = objAt(message, "customer");
  setIfAbsent(ev.callerPhone, strAt(customer, "number"));
  setIfAbsent(ev.callerName, strAt(customer, "name"));
  setIfAbsent(ev.orgId, strAt(objAt(message, "phoneNumber"), "orgId"));
  setIfAbsent(ev.orgId, strAt(objAt(message, "assistant"), "orgId"));
}

// VAPI's ids are UUIDs; any short token of these characters is accepted, nothing that could not be an id
// (ids are keys of stored rows and travel in notifications between instances).
constexpr std::size_t kMaxIdBytes = 128;

bool isId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// The name of the first id of `ev` that is not an id, or nullptr when all are (or are absent).
const char* badIdField(const CallEvent& ev) {
  if (!ev.vapiCallId.empty() && !isId(ev.vapiCallId)) return "call.id";
  if (ev.orgId && !isId(*ev.orgId)) return "orgId";
  if (ev.assistantId && !isId(*ev.assistantId)) return "call.assistantId";
  if (ev.phoneNumberId && !isId(*ev.phoneNumberId)) return "call.phoneNumberId";
  return nullptr;
}

std::string badIdMessage(const char* field) {
  return std::string(field) + " is not a valid id: it must be 1 to 128 letters, digits, '_', '.', ':' or '-'";
}

ParsedWebhook fail(ParsedWebhook out, ParseStatus status, std::string error) {
  out.status = status;
  out.error = std::move(error);
  out.event.reset();
  return out;
}

ParsedWebhook statusUpdate(const Obj& message, ParsedWebhook out, CallEvent ev) {
  ev.source = EventSource::StatusUpdate;
  if (auto s = strAt(message, "status")) {
    // Statuses that are not progress ("not-found", "deletion-failed") leave the status unknown.
    const auto st = domain::parseStatus(*s);
    ev.status = st == CallStatus::Unknown ? std::nullopt : std::optional(st);
  }
  setIfPresent(ev.endedReason, strAt(message, "endedReason"));
  // An ended status-update may already carry the transcript; the end-of-call-report replaces it later.
  auto artifact = objAt(message, "artifact");
  ev.transcript = strAt(artifact, "transcript");
  setIfAbsent(ev.transcript, strAt(message, "transcript"));
  setIfPresent(ev.summary, strAt(message, "summary"));
  out.event = std::move(ev);
  out.status = ParseStatus::Event;
  return out;
}

ParsedWebhook endOfCallReport(const Obj& message, const Obj& call, ParsedWebhook out, CallEvent ev) {
  ev.source = EventSource::EndOfCallReport;
  ev.status = CallStatus::Ended;
  // The report's own fields are final; message.call is a snapshot that may predate them.
  setIfPresent(ev.endedReason, strAt(message, "endedReason"));
  setIfPresent(ev.startedAt, timeAt(message, "startedAt"));
  setIfPresent(ev.endedAt, timeAt(message, "endedAt"));
  setIfPresent(ev.cost, amountAt(message, "cost"));

  if (auto s = amountAt(message, "durationSeconds")) {
    ev.durationSeconds = s;
  } else if (auto ms = amountAt(message, "durationMs")) {
    ev.durationSeconds = *ms / 1000.0;
  } else if (auto span = spanSeconds(ev.startedAt, ev.endedAt)) {
    ev.durationSeconds = span;
  } else if (auto min = amountAt(message, "durationMinutes")) {
    ev.durationSeconds = *min * 60.0;  // last: VAPI rounds minutes to 4 decimals
  }

  auto analysis = objAt(message, "analysis");
  fillAnalysis(analysis ? analysis : objAt(call, "analysis"), ev);
  setIfAbsent(ev.summary, strAt(message, "summary"));

  auto artifact = objAt(message, "artifact");
  if (!artifact) artifact = objAt(call, "artifact");
  ev.transcript = strAt(artifact, "transcript");
  setIfAbsent(ev.transcript, strAt(message, "transcript"));
  ev.recordingUrl = recordingUrl(artifact, message);

  ev.costBreakdownJson = compactAt(message, "costBreakdown");
  setIfAbsent(ev.costBreakdownJson, compactAt(call, "costBreakdown"));
  ev.rawReportJson = compactMessage();
  if (!ev.rawReportJson) ev.rawReportJson = simdjson::to_string(*message);
  out.event = std::move(ev);
  out.status = ParseStatus::Event;
  return out;
}

ParsedWebhook transcript(const Obj& message, ParsedWebhook out, CallEvent ev) {
  const bool final = out.messageType == "transcript[transcriptType=\"final\"]" ||
                     strAt(message, "transcriptType").value_or("") == "final";
  if (!final) return fail(std::move(out), ParseStatus::Ignored, "partial transcript");
  const auto role = strAt(message, "role").value_or("");
  const char* speaker = role == "assistant" ? "AI: " : role == "user" ? "User: " : nullptr;
  if (!speaker)
    return fail(std::move(out), ParseStatus::Ignored, "transcript role '" + role + "' not stored");
  auto text = strAt(message, "transcript");
  if (!text) return fail(std::move(out), ParseStatus::Ignored, "empty transcript");
  // One utterance is one transcript line.
  for (char& c : *text)
    if (c == '\n' || c == '\r') c = ' ';
  ev.source = EventSource::Transcript;
  ev.transcriptAppend = speaker + *text;
  out.event = std::move(ev);
  out.status = ParseStatus::Event;
  return out;
}

// The seed's legacy shape: {"type":"call-ended","call":{id, orgId, endedAt, duration, customer, ...}}.
ParsedWebhook legacyCallEnded(const dom::object& root, ParsedWebhook out) {
  auto call = objAt(root, "call");
  CallEvent ev;
  fillFromCall(call, ev);
  out.orgId = ev.orgId.value_or("");
  if (const char* field = badIdField(ev))
    return fail(std::move(out), ParseStatus::BadId, badIdMessage(field));
  if (ev.vapiCallId.empty())
    return fail(std::move(out), ParseStatus::MissingCallId, "call-ended without call.id");
  ev.source = EventSource::EndOfCallReport;
  ev.status = CallStatus::Ended;
  setIfAbsent(ev.endedAt, timeAt(call, "timestamp"));
  ev.durationSeconds = amountAt(call, "duration");  // seconds, like the seed's stored calls
  setIfAbsent(ev.durationSeconds, amountAt(call, "durationSeconds"));
  setIfAbsent(ev.durationSeconds, spanSeconds(ev.startedAt, ev.endedAt));
  fillAnalysis(objAt(call, "analysis"), ev);
  setIfAbsent(ev.summary, strAt(call, "summary"));
  auto artifact = objAt(call, "artifact");
  ev.transcript = strAt(artifact, "transcript");
  setIfAbsent(ev.transcript, strAt(call, "transcript"));
  ev.recordingUrl = recordingUrl(artifact, call);
  ev.costBreakdownJson = compactAt(call, "costBreakdown");
  ev.rawReportJson = std::string(compactBody());
  out.event = std::move(ev);
  out.status = ParseStatus::Event;
  return out;
}

ParsedWebhook parseWebhookImpl(std::string_view body) {
  ParsedWebhook out;
  auto doc = parseJson(body);
  if (doc.error()) return fail(std::move(out), ParseStatus::BadJson, simdjson::error_message(doc.error()));
  dom::object rootObj;
  if (doc.value_unsafe().get_object().get(rootObj))
    return fail(std::move(out), ParseStatus::NotObject, "body is not a JSON object");
  const Obj root = rootObj;

  auto message = objAt(root, "message");
  auto type = strAt(message, "type");
  if (!type) {
    // No usable message: the seed's legacy top-level shape, if that is what this is.
    auto legacyType = strAt(root, "type");
    if (!legacyType) return fail(std::move(out), ParseStatus::MissingType, "no message.type");
    out.messageType = *legacyType;
    if (*legacyType == "call-ended") return legacyCallEnded(rootObj, std::move(out));
    out.orgId = strAt(objAt(root, "call"), "orgId").value_or("");
    if (!isId(out.orgId)) out.orgId.clear();  // no user has such an org id
    return fail(std::move(out), ParseStatus::Ignored, "legacy type not stored");
  }
  out.messageType = *type;

  auto call = objAt(message, "call");
  CallEvent ev;
  fillFromCall(call, ev);
  fillFromMessage(message, ev);
  out.orgId = ev.orgId.value_or("");
  if (const char* field = badIdField(ev))
    return fail(std::move(out), ParseStatus::BadId, badIdMessage(field));

  const std::string_view t = out.messageType;
  const bool isTranscript = t == "transcript" || t == "transcript[transcriptType=\"final\"]";
  if (t != "status-update" && t != "end-of-call-report" && !isTranscript)
    return fail(std::move(out), ParseStatus::Ignored, "type not stored");
  // A partial transcript is ignored before the id check: it would not be stored either way.
  if (isTranscript) {
    auto r = transcript(message, std::move(out), std::move(ev));
    if (r.status == ParseStatus::Event && r.event->vapiCallId.empty())
      return fail(std::move(r), ParseStatus::MissingCallId, "transcript without message.call.id");
    return r;
  }
  if (ev.vapiCallId.empty()) {
    std::string why = out.messageType + " without message.call.id";
    return fail(std::move(out), ParseStatus::MissingCallId, std::move(why));
  }
  if (t == "status-update") return statusUpdate(message, std::move(out), std::move(ev));
  return endOfCallReport(message, call, std::move(out), std::move(ev));
}

// A REST Call object -> event (shared by the single-object and list entry points); nullopt, with the
// reason in `why`, for a call without an id or with an id that is no id.
std::optional<CallEvent> eventFromCall(const dom::object& callObj, std::string* why = nullptr) {
  const Obj call = callObj;
  CallEvent ev;
  fillFromCall(call, ev);
  if (ev.vapiCallId.empty()) {
    if (why) *why = "call without id";
    return std::nullopt;
  }
  if (const char* field = badIdField(ev)) {
    if (why) *why = badIdMessage(field);
    return std::nullopt;
  }
  // Only an ended call's sync is as complete as a report minus the live details; before that it is no
  // richer than a status-update.
  ev.source = ev.status == CallStatus::Ended ? EventSource::Sync : EventSource::StatusUpdate;
  ev.durationSeconds = spanSeconds(ev.startedAt, ev.endedAt);
  fillAnalysis(objAt(call, "analysis"), ev);
  setIfAbsent(ev.summary, strAt(call, "summary"));
  auto artifact = objAt(call, "artifact");
  ev.transcript = strAt(artifact, "transcript");
  setIfAbsent(ev.transcript, strAt(call, "transcript"));
  ev.recordingUrl = recordingUrl(artifact, call);
  ev.costBreakdownJson = compactAt(call, "costBreakdown");
  return ev;
}

void setError(std::string* error, std::string text) {
  if (error) *error = std::move(text);
}

}  // namespace

const char* parseStatusName(ParseStatus s) {
  switch (s) {
    case ParseStatus::Event:
      return "event";
    case ParseStatus::Ignored:
      return "ignored";
    case ParseStatus::BadJson:
      return "bad-json";
    case ParseStatus::NotObject:
      return "not-object";
    case ParseStatus::MissingType:
      return "missing-type";
    case ParseStatus::MissingCallId:
      return "missing-call-id";
    case ParseStatus::BadId:
      return "bad-id";
  }
  return "bad-json";
}

std::string findOrgId(std::string_view body) {
  constexpr std::string_view kKey = "\"orgId\"";
  auto isSpace = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  for (std::size_t at = body.find(kKey); at != std::string_view::npos; at = body.find(kKey, at + 1)) {
    std::size_t i = at + kKey.size();
    while (i < body.size() && isSpace(body[i])) ++i;
    if (i >= body.size() || body[i] != ':') continue;
    ++i;
    while (i < body.size() && isSpace(body[i])) ++i;
    if (i >= body.size() || body[i] != '"') continue;
    const std::size_t start = i + 1;
    const std::size_t end = body.find('"', start);
    if (end == std::string_view::npos) return {};
    const std::string_view id = body.substr(start, end - start);
    if (isId(id)) return std::string(id);  // an id holds no backslash, so this is the whole string
  }
  return {};
}

ParsedWebhook parseWebhook(std::string_view body) {
  // simdjson reports errors by value; only allocation can throw, and the caller gets a status either way.
  try {
    ParseStateFor state(body.size());
    return parseWebhookImpl(body);
  } catch (const std::exception& e) {
    return fail(ParsedWebhook{}, ParseStatus::BadJson, e.what());
  } catch (...) {
    return fail(ParsedWebhook{}, ParseStatus::BadJson, "unexpected error");
  }
}

std::optional<CallEvent> callEventFromCallObject(std::string_view callJson, std::string* error) {
  try {
    ParseStateFor state(callJson.size());
    auto doc = parseJson(callJson);
    if (doc.error()) {
      setError(error, simdjson::error_message(doc.error()));
      return std::nullopt;
    }
    dom::object obj;
    if (doc.value_unsafe().get_object().get(obj)) {
      setError(error, "call is not a JSON object");
      return std::nullopt;
    }
    std::string why;
    auto ev = eventFromCall(obj, &why);
    if (!ev) setError(error, std::move(why));
    return ev;
  } catch (const std::exception& e) {
    setError(error, e.what());
    return std::nullopt;
  }
}

std::optional<std::vector<CallEvent>> callEventsFromCallList(std::string_view listJson, std::string* error,
                                                             std::size_t* skipped) {
  try {
    ParseStateFor state(listJson.size());
    auto doc = parseJson(listJson);
    if (doc.error()) {
      setError(error, simdjson::error_message(doc.error()));
      return std::nullopt;
    }
    dom::array items;
    if (doc.value_unsafe().get_array().get(items)) {
      setError(error, "GET /call response is not a JSON array");
      return std::nullopt;
    }
    std::vector<CallEvent> events;
    std::size_t bad = 0;
    for (dom::element item : items) {
      dom::object obj;
      std::optional<CallEvent> ev;
      if (!item.get_object().get(obj)) ev = eventFromCall(obj);
      if (ev) {
        events.push_back(std::move(*ev));
      } else {
        ++bad;
      }
    }
    if (skipped) *skipped = bad;
    return events;
  } catch (const std::exception& e) {
    setError(error, e.what());
    return std::nullopt;
  }
}

}  // namespace vm::vapi
