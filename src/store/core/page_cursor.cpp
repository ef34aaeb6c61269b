#include "store/core/page_cursor.hpp"

#include <array>
#include <charconv>

namespace vm::store {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (std::size_t rest = in.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (int i = 0; i < 64; ++i) value[static_cast<unsigned char>(kAlphabet[i])] = i;
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char ch : in) {
    int v = value[static_cast<unsigned char>(ch)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string encodeCursor(const PageCursor& cursor) {
  return base64url(std::to_string(cursor.timestampMs) + ":" + cursor.callId);
}

std::optional<PageCursor> decodeCursor(std::string_view text) {
  std::optional<std::string> raw = unbase64url(text);
  if (!raw) return std::nullopt;
  std::size_t colon = raw->find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  PageCursor cursor;
  const char* begin = raw->data();
  auto [end, ec] = std::from_chars(begin, begin + colon, cursor.timestampMs);
  if (ec != std::errc() || end != begin + colon) return std::nullopt;
  cursor.callId = raw->substr(colon + 1);
  return cursor;
}

}  // namespace vm::store
