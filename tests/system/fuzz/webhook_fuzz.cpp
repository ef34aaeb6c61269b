// libFuzzer target: any bytes as a VAPI webhook body (and as a REST Call object), then the domain merge of
// whatever event comes out. parseWebhook promises never to throw; the merge must keep analytics exact
// under duplicates, so merging the same event a second time may not change the call's contribution.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/analytics.hpp"
#include "domain/call.hpp"
#include "vapi/webhook_parser.hpp"

namespace {

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

void checkIdempotent(const vm::domain::CallEvent& ev) {
  auto once = vm::domain::mergeCall(std::nullopt, ev, "usr_fuzz");
  auto twice = vm::domain::mergeCall(once, ev, "usr_fuzz");
  auto a = vm::domain::contributionOf(once);
  auto b = vm::domain::contributionOf(twice);
  if (once.status != twice.status || a.has_value() != b.has_value()) std::abort();
  if (a && (a->date != b->date || a->calls != b->calls || a->successfulCalls != b->successfulCalls ||
            !same(a->duration, b->duration) || !same(a->cost, b->cost) ||
            !same(a->satisfactionSum, b->satisfactionSum) || a->intent != b->intent))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = vm::vapi::parseWebhook(body);
  if (parsed.event.has_value() != (parsed.status == vm::vapi::ParseStatus::Event)) std::abort();
  if (parsed.event) checkIdempotent(*parsed.event);
  if (auto ev = vm::vapi::callEventFromCallObject(body)) checkIdempotent(*ev);
  return 0;
}
