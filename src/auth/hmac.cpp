#include "auth/hmac.hpp"

#include <sodium.h>

#include <cctype>
#include <charconv>
#include <cstdlib>

#include "auth/secrets.hpp"

namespace vm::auth {

std::string webhookSignature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  ensureSodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(timestamp.data()),
                                timestamp.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>("."), 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string(hex, sizeof mac * 2);
}

HmacResult verifyWebhookHmac(std::string_view secret, std::string_view body, std::string_view signature,
                             std::string_view timestamp, std::int64_t nowMs, int toleranceSeconds) {
  if (signature.empty() || timestamp.empty() || secret.empty()) return HmacResult::Missing;
  std::int64_t ts = 0;
  auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
  if (ec != std::errc() || end != timestamp.data() + timestamp.size() || ts <= 0) return HmacResult::Stale;
  // Seconds until the year 5138 are below 1e11; milliseconds since 1973 are above.
  std::int64_t tsMs = ts < 100'000'000'000LL ? ts * 1000 : ts;
  if (std::llabs(nowMs - tsMs) > static_cast<std::int64_t>(toleranceSeconds) * 1000) return HmacResult::Stale;
  if (signature.starts_with("sha256=")) signature.remove_prefix(7);
  std::string presented(signature);
  for (auto& c : presented) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Signed over the timestamp text exactly as sent, so the unit does not matter to the MAC.
  if (!constantTimeEquals(webhookSignature(secret, timestamp, body), presented))
    return HmacResult::BadSignature;
  return HmacResult::Ok;
}

}  // namespace vm::auth
