// Plain request/response types shared by the router, the handlers and the server. Nothing here
// includes Boost.Beast: only server.cpp does, so the heavy headers stay in one translation unit.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vm::http {

struct Request {
  std::string method;                                        // upper case: GET, POST, ...
  std::string target;                                        // as received: path + query
  std::string path;                                          // percent-decoded path, without query
  std::map<std::string, std::string> query;                  // decoded query parameters (last wins)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remoteIp;          // the client: the socket peer, or whom a trusted proxy forwards for
  bool viaTrustedProxy = false;  // a --trusted-proxy forwarded it: its X-Forwarded-* may be believed
  std::map<std::string, std::string> params;  // route parameters (":id" segments)
  std::string route;                          // the matched route pattern, for logs and metrics

  // The first header with this (lower-case) name, or "".
  std::string_view header(std::string_view lowerName) const;
  // A query parameter or "" when absent.
  std::string queryParam(const std::string& name) const;
  // The value of cookie `name` from the Cookie header, or "".
  std::string cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// A response written piece by piece (Server-Sent Events, exports). The connection closes at the end.
class Stream {
 public:
  virtual ~Stream() = default;
  // Queues a chunk; false once the client has gone (stop producing then). Thread-safe.
  virtual bool write(std::string chunk) = 0;
  // Ends the response and closes the connection. Thread-safe, idempotent.
  virtual void close() = 0;
  virtual bool closed() const = 0;
  // Bytes queued and not yet written: producers of large bodies wait while this is high (backpressure).
  virtual std::size_t queuedBytes() const = 0;
  // Bounds what this stream may queue: once unwritten chunks exceed `maxBytes`, they are all discarded
  // and `overflowChunk` is queued in their place (for a stream of whole messages, e.g. SSE events, that
  // tells the client it missed some). 0 = no bound (the producer watches queuedBytes() instead).
  virtual void limitQueue(std::size_t maxBytes, std::string overflowChunk) = 0;
  // Called once when the client goes away (or close() ran). Set before writing.
  virtual void onClose(std::function<void()> callback) = 0;
};

// How a handler answers. Exactly one of send() or stream() must be called, from any thread.
class Responder {
 public:
  virtual ~Responder() = default;
  virtual void send(Response response) = 0;
  // Sends status and headers of `head` (its body is ignored) and returns the stream for the body.
  virtual std::shared_ptr<Stream> stream(Response head) = 0;
};

using Handler = std::function<void(Request& request, std::shared_ptr<Responder> responder)>;

// JSON helpers for the common answers.
Response jsonResponse(int status, std::string body);
Response errorResponse(int status, std::string_view message);

}  // namespace vm::http
