// Strict ISO-8601 parsing without the C library: timegm/strptime depend on the locale and TZ, and
// std::chrono's calendar types give exact proleptic-Gregorian day arithmetic for any year.
#include "domain/time.hpp"

#include <algorithm>
#include <chrono>

namespace vm::domain {
namespace {

using namespace std::chrono;

constexpr std::int64_t kMsPerDay = 86'400'000;

// Reads exactly `n` ASCII digits at `pos`; nullopt if any is missing.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Days since 1970-01-01 of a real calendar day (rejects 2026-02-30).
std::optional<std::int64_t> civilDays(int y, int m, int d) {
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count();
}

// "YYYY-MM-DD" at the start of `s`: the day number.
std::optional<std::int64_t> parseDatePart(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  return civilDays(*y, *m, *d);
}

// The representable range: years 0000..9999, so formatIsoMs always gives four-digit years.
const std::int64_t kMinMs = *civilDays(0, 1, 1) * kMsPerDay;
const std::int64_t kMaxMs = (*civilDays(9999, 12, 31) + 1) * kMsPerDay - 1;

}  // namespace

std::optional<std::int64_t> parseIsoMs(std::string_view s) {
  auto days = parseDatePart(s);
  if (!days) return std::nullopt;
  // A bare date means midnight UTC (a day filter, the seed's date-only values).
  if (s.size() == 10) return *days * kMsPerDay;

  // Time part: [T|t| ]HH:MM:SS
  if (s.size() < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  if (s[13] != ':' || s[16] != ':') return std::nullopt;
  auto hh = digits(s, 11, 2), mm = digits(s, 14, 2), ss = digits(s, 17, 2);
  // Leap seconds (":60") are rejected: VAPI never sends them and they would need a policy.
  if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;

  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    // 1..9 fraction digits; truncated (not rounded) to ms so a value never moves to the next second.
    std::size_t start = ++pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return std::nullopt;
  }

  // Zone: required, because a local time without an offset cannot be placed on the UTC timeline.
  if (pos >= s.size()) return std::nullopt;
  int offsetMin = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    auto oh = digits(s, pos + 1, 2);
    if (!oh) return std::nullopt;
    pos += 3;
    std::optional<int> om;
    if (pos < s.size() && s[pos] == ':') {
      om = digits(s, pos + 1, 2);
      pos += 3;
    } else {
      om = digits(s, pos, 2);
      pos += 2;
    }
    if (!om || *oh > 23 || *om > 59) return std::nullopt;
    offsetMin = sign * (*oh * 60 + *om);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;

  const std::int64_t ms = *days * kMsPerDay + ((*hh * 60 + *mm - offsetMin) * 60LL + *ss) * 1000 + millis;
  if (ms < kMinMs || ms > kMaxMs) return std::nullopt;
  return ms;
}

std::string formatIsoMs(std::int64_t ms) {
  // Four-digit years only, like parseIsoMs: instants outside 0000..9999 are clamped.
  ms = std::clamp(ms, kMinMs, kMaxMs);
  // Floor division so instants before 1970 land on the right day.
  std::int64_t days = ms / kMsPerDay;
  std::int64_t rem = ms % kMsPerDay;
  if (rem < 0) {
    rem += kMsPerDay;
    --days;
  }
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  const int secs = static_cast<int>(rem / 1000);
  // Hand-formatted: this runs for every timestamp of every webhook, and snprintf dominated the profile.
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](std::size_t pos, int width, int v) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[pos + i] = static_cast<char>('0' + v % 10);
  };
  put(0, 4, static_cast<int>(ymd.year()));  // parseIsoMs keeps years within 0000..9999
  put(5, 2, static_cast<int>(static_cast<unsigned>(ymd.month())));
  put(8, 2, static_cast<int>(static_cast<unsigned>(ymd.day())));
  put(11, 2, secs / 3600);
  put(14, 2, secs / 60 % 60);
  put(17, 2, secs % 60);
  put(20, 3, static_cast<int>(rem % 1000));
  return out;
}

std::string isoOrEmpty(std::int64_t ms) { return ms > 0 ? formatIsoMs(ms) : std::string(); }

std::optional<std::string> normalizeIso(std::string_view iso) {
  auto ms = parseIsoMs(iso);
  if (!ms) return std::nullopt;
  return formatIsoMs(*ms);
}

bool isValidDate(std::string_view ymd) { return ymd.size() == 10 && parseDatePart(ymd).has_value(); }

std::int64_t nowMs() { return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count(); }

}  // namespace vm::domain
