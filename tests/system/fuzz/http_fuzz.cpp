// libFuzzer target: raw bytes off the wire -> Beast's request parser (with the server's limits) -> the
// server's own Request conversion (fromBeastRequest) -> Router dispatch to test handlers that touch every
// Request accessor. Also checks that percent-encoding round-trips whatever path was decoded.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>

#include "http/beast_request.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"
#include "http/url.hpp"

namespace bhttp = boost::beast::http;

namespace {

class NullResponder : public vm::http::Responder {
 public:
  void send(vm::http::Response response) override {
    if (sent_++) std::abort();  // a request is answered exactly once
  }
  std::shared_ptr<vm::http::Stream> stream(vm::http::Response) override {
    ++sent_;
    return nullptr;
  }
  int sent_ = 0;
};

void touch(vm::http::Request& req, std::shared_ptr<vm::http::Responder> res) {
  std::size_t n =
      req.header("content-type").size() + req.queryParam("limit").size() + req.cookie("vm_session").size();
  for (auto& [k, v] : req.params) n += k.size() + v.size();
  if (req.queryParam("throw") == "1") throw vm::http::badRequest("asked to");
  res->send(vm::http::jsonResponse(200, std::to_string(n)));
}

const vm::http::Router& router() {
  static vm::http::Router r = [] {
    vm::http::Router r;
    r.add("POST", "/webhook/vapi/:hookId", touch);
    r.add("GET", "/api/calls", touch);
    r.add("GET", "/api/calls/:callId", touch);
    r.add("PATCH", "/api/assistants/:id", touch);
    r.fallback(touch);
    return r;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024);
  parser.header_limit(16 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  boost::asio::const_buffer input(data, size);
  while (input.size() > 0 && !parser.is_done()) {
    std::size_t used = parser.put(input, ec);
    if (ec == bhttp::error::need_more) break;
    if (ec || used == 0) return 0;
    input += used;
  }
  if (!parser.is_done()) {
    if (!parser.got_some()) return 0;  // nothing parsed: put_eof's precondition (the server sees EOF too)
    parser.put_eof(ec);                // the connection closed here: only bodies ending at EOF may complete
    if (ec || !parser.is_done()) return 0;
  }
  vm::http::Request req;
  auto responder = std::make_shared<NullResponder>();
  if (vm::http::fromBeastRequest(parser.get(), req)) {
    auto encoded = vm::http::percentEncode(req.path);
    auto decoded = vm::http::percentDecode(encoded, false);
    if (!decoded || *decoded != req.path) std::abort();
    router().dispatch(req, responder);
    if (responder->sent_ != 1) std::abort();
  }
  return 0;
}
