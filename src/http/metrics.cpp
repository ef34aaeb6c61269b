#include "http/metrics.hpp"

#include <sstream>

namespace vm::http {

void Metrics::countRequest(const std::string& route, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
}

void Metrics::countWebhook(const std::string& messageType) {
  // Message types come from the client: cap the label set so a hostile sender cannot grow it forever.
  std::lock_guard lock(mutex_);
  auto it = webhooks_.find(messageType);
  if (it == webhooks_.end() && webhooks_.size() >= 64) it = webhooks_.try_emplace("other").first;
  if (it == webhooks_.end()) it = webhooks_.try_emplace(messageType).first;
  ++it->second;
}

void Metrics::observeCommitSeconds(double seconds) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++commitBuckets_[i];
  ++commitCount_;
  commitSum_ += seconds;
}

namespace {
std::string escapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP vm_http_requests_total HTTP requests by route and status.\n"
         "# TYPE vm_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "vm_http_requests_total{route=\"" << escapeLabel(key.first) << "\",status=\"" << key.second
        << "\"} " << n << "\n";
  out << "# HELP vm_webhook_messages_total Webhook messages by VAPI message type.\n"
         "# TYPE vm_webhook_messages_total counter\n";
  for (const auto& [type, n] : webhooks_)
    out << "vm_webhook_messages_total{type=\"" << escapeLabel(type) << "\"} " << n << "\n";
  out << "# HELP vm_webhook_commit_seconds Time from webhook arrival to durable commit.\n"
         "# TYPE vm_webhook_commit_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out << "vm_webhook_commit_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << commitBuckets_[i] << "\n";
  out << "vm_webhook_commit_seconds_bucket{le=\"+Inf\"} " << commitCount_ << "\n";
  out << "vm_webhook_commit_seconds_sum " << commitSum_ << "\n";
  out << "vm_webhook_commit_seconds_count " << commitCount_ << "\n";
  return out.str();
}

}  // namespace vm::http
