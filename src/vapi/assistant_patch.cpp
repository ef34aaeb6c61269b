#include "vapi/assistant_patch.hpp"

#include <cctype>
#include <string>

#include "vapi/errors.hpp"

namespace vm::vapi {
namespace {

using nlohmann::json;

Error invalidInput(const std::string& message) { return {ErrorKind::InvalidInput, 0, message}; }

std::size_t utf8Length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;  // count lead bytes, not continuation bytes
  return n;
}

const json* field(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it == obj.end() ? nullptr : &*it;
}

void requireString(const json& obj, const char* name, const std::string& label) {
  if (auto* v = field(obj, name); v && !v->is_string()) throw invalidInput(label + " must be a string");
}

void requireObject(const json* v, const std::string& label) {
  if (!v->is_object()) throw invalidInput(label + " must be an object");
}

void validateUrlField(const json& obj, const char* name, const std::string& label) {
  auto* v = field(obj, name);
  if (!v) return;
  if (!v->is_string() || !isHttpUrl(v->get<std::string>()))
    throw invalidInput(label + " must be an http:// or https:// URL");
}

void validateModel(const json& model) {
  requireString(model, "provider", "model.provider");
  requireString(model, "model", "model.model");
  if (auto* t = field(model, "temperature")) {
    if (!t->is_number()) throw invalidInput("model.temperature must be a number");
    double v = t->get<double>();
    if (!(v >= 0 && v <= 2)) throw invalidInput("model.temperature must be between 0 and 2");
  }
  if (auto* messages = field(model, "messages")) {
    if (!messages->is_array()) throw invalidInput("model.messages must be an array");
    for (const auto& m : *messages) {
      if (!m.is_object()) throw invalidInput("model.messages items must be objects");
      auto role = m.find("role");
      if (role == m.end() || !role->is_string())
        throw invalidInput("model.messages items need a string role (e.g. \"system\")");
      auto content = m.find("content");
      if (content != m.end() && !content->is_string())
        throw invalidInput("model.messages content (the system prompt) must be a string");
    }
  }
}

}  // namespace

bool isHttpUrl(const std::string& url) {
  std::size_t start;
  if (url.rfind("https://", 0) == 0)
    start = 8;
  else if (url.rfind("http://", 0) == 0)
    start = 7;
  else
    return false;
  for (unsigned char c : url)
    if (std::isspace(c) || std::iscntrl(c)) return false;
  auto hostEnd = url.find_first_of("/?#", start);
  auto host = url.substr(start, hostEnd == std::string::npos ? std::string::npos : hostEnd - start);
  return !host.empty() && host[0] != ':' && host.find('@') == std::string::npos;
}

void validateAssistantFields(const json& body) {
  if (auto* name = field(body, "name")) {
    if (!name->is_string()) throw invalidInput("name must be a string");
    if (utf8Length(name->get<std::string>()) > kMaxAssistantNameChars)
      throw invalidInput("name must be at most " + std::to_string(kMaxAssistantNameChars) + " characters");
  }
  requireString(body, "firstMessage", "firstMessage");
  requireString(body, "endCallMessage", "endCallMessage");
  if (auto* model = field(body, "model")) {
    requireObject(model, "model");
    validateModel(*model);
  }
  if (auto* voice = field(body, "voice")) {
    requireObject(voice, "voice");
    requireString(*voice, "provider", "voice.provider");
    requireString(*voice, "voiceId", "voice.voiceId");
  }
  if (auto* d = field(body, "maxDurationSeconds")) {
    if (!d->is_number_integer() &&
        !(d->is_number_float() && d->get<double>() == static_cast<long long>(d->get<double>())))
      throw invalidInput("maxDurationSeconds must be an integer");
    auto v = d->get<double>();
    if (v < kMinMaxDurationSeconds || v > kMaxMaxDurationSeconds)
      throw invalidInput("maxDurationSeconds must be between " + std::to_string(kMinMaxDurationSeconds) +
                         " and " + std::to_string(kMaxMaxDurationSeconds));
  }
  validateUrlField(body, "serverUrl", "serverUrl");
  if (auto* server = field(body, "server")) {
    requireObject(server, "server");
    validateUrlField(*server, "url", "server.url");
  }
}

json completeNestedPatch(const json& current, const json& patch) {
  json out = patch;
  for (const char* key : {"model", "voice"}) {
    auto p = patch.find(key);
    auto c = current.find(key);
    if (p == patch.end() || !p->is_object() || c == current.end() || !c->is_object()) continue;
    json merged = *c;
    for (const auto& [k, v] : p->items()) merged[k] = v;
    out[key] = std::move(merged);
  }
  return out;
}

}  // namespace vm::vapi
