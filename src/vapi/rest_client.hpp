// Client for VAPI's REST API (REFERENCE.md §4): assistants CRUD and GET /call.
//
// Each thread keeps one libcurl easy handle (and so its connection cache) for its whole life, so a
// worker or a sync walking hundreds of pages reuses one TLS connection. 429 and 5xx answers are retried
// with exponential backoff and jitter (honouring Retry-After); every failure becomes a vapi::Error of one
// kind (vapi/errors.hpp). The key is only ever put in the Authorization
// header: no error text or log line contains it.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "vapi/errors.hpp"

namespace vm::vapi {

struct RestClientOptions {
  std::string baseUrl = "https://api.vapi.ai";
  std::chrono::milliseconds connectTimeout{5000};
  std::chrono::milliseconds totalTimeout{30000};
  int maxTries = 3;                                  // attempts for 429/5xx/connection failures
  std::chrono::milliseconds backoffBase{500};        // first retry waits about this (x2 each time)
  std::chrono::milliseconds maxRetryAfter{30000};    // cap on a server-sent Retry-After
  std::size_t maxResponseBytes = 256 * 1024 * 1024;  // a larger answer is a failure, not an OOM
};

// GET /call filters; unset ones are not sent. Times are ISO-8601 strings as VAPI expects.
struct CallListQuery {
  int limit = 100;
  std::string createdAtGt, createdAtLt, createdAtGe, createdAtLe;
  std::string updatedAtGt, updatedAtLt, updatedAtGe, updatedAtLe;
  std::string assistantId;
};

class RestClient {
 public:
  RestClient(RestClientOptions options, std::string apiKey);

  nlohmann::json listAssistants(int limit = 1000);
  nlohmann::json getAssistant(const std::string& id);
  nlohmann::json createAssistant(const nlohmann::json& assistant);
  nlohmann::json updateAssistant(const std::string& id, const nlohmann::json& patch);
  nlohmann::json deleteAssistant(const std::string& id);
  // The raw body of GET /call: a bare JSON array of Call objects, newest first.
  std::string listCalls(const CallListQuery& query);

  const RestClientOptions& options() const { return options_; }

 private:
  std::string perform(const std::string& method, const std::string& pathAndQuery, const std::string* body);
  nlohmann::json performJson(const std::string& method, const std::string& pathAndQuery,
                             const std::string* body);
  RestClientOptions options_;
  std::string apiKey_;
};

// VAPI's error body (NestJS: {"statusCode","message": string | [string],"error"}) -> one readable line;
// "" when the body has no usable message. Exposed for tests.
std::string vapiErrorMessage(const std::string& body);

}  // namespace vm::vapi
