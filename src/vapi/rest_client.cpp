#include "vapi/rest_client.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <new>
#include <random>
#include <thread>

namespace vm::vapi {
namespace {

// curl_global_init is not thread-safe: run it once before the first handle.
void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One easy handle per thread for the thread's life: its connection cache is what makes keep-alive work.
struct ThreadHandle {
  CURL* curl = nullptr;
  ThreadHandle() {
    globalInit();
    curl = curl_easy_init();
  }
  ~ThreadHandle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

CURL* threadHandle() {
  thread_local ThreadHandle handle;
  if (!handle.curl) throw Error(ErrorKind::Unreachable, 0, "could not initialise the HTTP client");
  curl_easy_reset(handle.curl);  // clears options, keeps the open connections
  return handle.curl;
}

struct Attempt {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::optional<long> retryAfterSeconds;
  bool tooLarge = false;
  std::size_t maxBytes = 0;
};

std::size_t onBody(char* data, std::size_t size, std::size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  if (a->body.size() + size * n > a->maxBytes) {
    a->tooLarge = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  a->body.append(data, size * n);
  return size * n;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t n, void* user) {
  auto* a = static_cast<Attempt*>(user);
  std::string_view line(data, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool match = true;
    for (std::size_t i = 0; i < kName.size() && match; ++i)
      match = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
    if (match) {
      // Only the delta-seconds form; an HTTP-date falls back to our own backoff.
      std::string value(line.substr(kName.size()));
      try {
        std::size_t used = 0;
        long seconds = std::stol(value, &used);
        if (seconds >= 0) a->retryAfterSeconds = seconds;
      } catch (const std::exception&) {
      }
    }
  }
  return size * n;
}

// Percent-encodes a path segment or query value (libcurl's encoder: unreserved characters stay as they are).
std::string encode(const std::string& s) {
  char* escaped = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  if (!escaped) throw std::bad_alloc();
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

void addParam(std::string& query, const char* name, const std::string& value) {
  if (value.empty()) return;
  query += query.empty() ? '?' : '&';
  query += name;
  query += '=';
  query += encode(value);
}

bool retryableTransportError(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
    text.replace(pos, secret.size(), "[redacted]");
  return text;
}

std::chrono::milliseconds backoffDelay(const RestClientOptions& o, int attempt, const Attempt& a) {
  if (a.retryAfterSeconds)
    return std::min<std::chrono::milliseconds>(std::chrono::seconds(*a.retryAfterSeconds), o.maxRetryAfter);
  thread_local std::mt19937 rng{std::random_device{}()};
  auto full = o.backoffBase.count() * (1LL << std::min(attempt - 1, 10));
  // "Equal jitter": half fixed, half random, so concurrent clients spread out but still back off.
  std::uniform_int_distribution<long long> jitter(0, full / 2);
  return std::chrono::milliseconds(full / 2 + jitter(rng));
}

}  // namespace

std::string vapiErrorMessage(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "";
  auto it = j.find("message");
  if (it == j.end()) {
    auto e = j.find("error");
    return e != j.end() && e->is_string() ? e->get<std::string>() : "";
  }
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    std::string out;
    for (const auto& m : *it) {
      if (!m.is_string()) continue;
      if (!out.empty()) out += "; ";
      out += m.get<std::string>();
    }
    return out;
  }
  return "";
}

RestClient::RestClient(RestClientOptions options, std::string apiKey)
    : options_(std::move(options)), apiKey_(std::move(apiKey)) {
  while (!options_.baseUrl.empty() && options_.baseUrl.back() == '/') options_.baseUrl.pop_back();
}

std::string RestClient::perform(const std::string& method, const std::string& pathAndQuery,
                                const std::string* body) {
  const std::string url = options_.baseUrl + pathAndQuery;
  const std::string authorization = "Authorization: Bearer " + apiKey_;
  const int tries = std::max(1, options_.maxTries);
  for (int attempt = 1;; ++attempt) {
    CURL* curl = threadHandle();
    Attempt a;
    a.maxBytes = options_.maxResponseBytes;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, authorization.c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    if (body) headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are multi-threaded
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connectTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.totalTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // call lists compress ~10x
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &a);
    if (method == "GET") {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
      if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
      }
    }
    a.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);

    // Logged: method, path (no key, ever), outcome.
    if (a.code != CURLE_OK) {
      if (a.tooLarge) throw Error(ErrorKind::Upstream, 0, "VAPI's answer is too large");
      if (a.code == CURLE_OPERATION_TIMEDOUT) {
        spdlog::warn("VAPI {} {}: timed out", method, pathAndQuery);
        throw Error(ErrorKind::Timeout, 0, "VAPI did not answer in time");
      }
      spdlog::warn("VAPI {} {}: {} (attempt {}/{})", method, pathAndQuery, curl_easy_strerror(a.code),
                   attempt, tries);
      if (retryableTransportError(a.code) && attempt < tries) {
        std::this_thread::sleep_for(backoffDelay(options_, attempt, a));
        continue;
      }
      throw Error(ErrorKind::Unreachable, 0, "could not reach VAPI");
    }
    if (a.status >= 200 && a.status < 300) return std::move(a.body);

    const int status = static_cast<int>(a.status);
    spdlog::warn("VAPI {} {}: HTTP {} (attempt {}/{})", method, pathAndQuery, status, attempt, tries);
    if (status == 429 || status >= 500) {
      if (attempt < tries) {
        std::this_thread::sleep_for(backoffDelay(options_, attempt, a));
        continue;
      }
      if (status == 429)
        throw Error(ErrorKind::Upstream, status, "VAPI is rate limiting requests, try again later");
      throw Error(ErrorKind::Upstream, status,
                  "VAPI failed (HTTP " + std::to_string(status) + "), try again later");
    }
    const std::string message = redact(vapiErrorMessage(a.body), apiKey_);
    if (status == 401) throw Error(ErrorKind::KeyRejected, status, "VAPI rejected the API key");
    if (status == 403)
      throw Error(ErrorKind::KeyRejected, status,
                  message.empty() ? "VAPI refused the request" : "VAPI refused: " + message);
    if (status == 404)
      throw Error(ErrorKind::NotFound, status, message.empty() ? "not found in VAPI" : message);
    if (status == 400 || status == 422)
      throw Error(ErrorKind::Rejected, status, message.empty() ? "VAPI rejected the request" : message);
    throw Error(ErrorKind::Upstream, status, "VAPI answered HTTP " + std::to_string(status));
  }
}

nlohmann::json RestClient::performJson(const std::string& method, const std::string& pathAndQuery,
                                       const std::string* body) {
  auto text = perform(method, pathAndQuery, body);
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw Error(ErrorKind::Upstream, 200, "VAPI answered with invalid JSON");
  return j;
}

nlohmann::json RestClient::listAssistants(int limit) {
  std::string query;
  addParam(query, "limit", std::to_string(limit));
  return performJson("GET", "/assistant" + query, nullptr);
}

nlohmann::json RestClient::getAssistant(const std::string& id) {
  return performJson("GET", "/assistant/" + encode(id), nullptr);
}

nlohmann::json RestClient::createAssistant(const nlohmann::json& assistant) {
  auto body = assistant.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return performJson("POST", "/assistant", &body);
}

nlohmann::json RestClient::updateAssistant(const std::string& id, const nlohmann::json& patch) {
  auto body = patch.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return performJson("PATCH", "/assistant/" + encode(id), &body);
}

nlohmann::json RestClient::deleteAssistant(const std::string& id) {
  return performJson("DELETE", "/assistant/" + encode(id), nullptr);
}

std::string RestClient::listCalls(const CallListQuery& q) {
  std::string query;
  addParam(query, "limit", std::to_string(q.limit));
  addParam(query, "assistantId", q.assistantId);
  addParam(query, "createdAtGt", q.createdAtGt);
  addParam(query, "createdAtLt", q.createdAtLt);
  addParam(query, "createdAtGe", q.createdAtGe);
  addParam(query, "createdAtLe", q.createdAtLe);
  addParam(query, "updatedAtGt", q.updatedAtGt);
  addParam(query, "updatedAtLt", q.updatedAtLt);
  addParam(query, "updatedAtGe", q.updatedAtGe);
  addParam(query, "updatedAtLe", q.updatedAtLe);
  return perform("GET", "/call" + query, nullptr);
}

}  // namespace vm::vapi
