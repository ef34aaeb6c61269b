// Deterministic, realistic VAPI Call objects (shaped like shared/vapi/examples/rest-GET-call-list.json)
// for the fake VAPI server: same seed, same calls.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace fakevapi {

struct GeneratorOptions {
  std::uint64_t seed = 1;
  std::string orgId;
  std::vector<std::string> assistantIds;
  std::int64_t nowMs = 0;
  int spreadDays = 60;  // createdAt spread over this many days before nowMs
  // Share of calls created in the same millisecond as the previous one, so equal timestamps straddle
  // pages the way they can on VAPI.
  double sameInstantShare = 0.03;
};

class CallGenerator {
 public:
  explicit CallGenerator(GeneratorOptions options);
  std::vector<nlohmann::json> generate(std::size_t count);
  std::string uuid();

 private:
  nlohmann::json makeCall(std::int64_t createdMs);
  GeneratorOptions options_;
  std::mt19937_64 rng_;
};

}  // namespace fakevapi
