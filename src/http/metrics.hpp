// One instance's counters, rendered as Prometheus text at /metrics; made by `serve` and shared by the
// server (requests) and the webhook handler (messages, commit latency). Cheap enough for the hot path:
// one mutex per update, no allocation once a label set has been seen.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace vm::http {

class Metrics {
 public:
  void countRequest(const std::string& route, int status);
  void countWebhook(const std::string& messageType);
  // Time from a webhook's arrival to its durable commit.
  void observeCommitSeconds(double seconds);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                      0.05,   0.1,   0.25,  0.5,   1,    5};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, std::uint64_t> webhooks_;
  std::array<std::uint64_t, kBuckets.size()> commitBuckets_{};
  std::uint64_t commitCount_ = 0;
  double commitSum_ = 0;
};

}  // namespace vm::http
