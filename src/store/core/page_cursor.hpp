// The keyset position of a call list, and its opaque text form for clients. The store takes and returns
// the decoded struct; only the api layer sees the text, so the store never has to reject user input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vm::store {

// The position after the last call of a page: (timestamp_ms, call_id) in the list order (both descending).
struct PageCursor {
  std::int64_t timestampMs = 0;
  std::string callId;
  bool operator==(const PageCursor&) const = default;
};

// Opaque to clients: base64url of "<timestampMs>:<callId>". The same text on every backend.
std::string encodeCursor(const PageCursor& cursor);
// nullopt when `text` is not a cursor that encodeCursor made.
std::optional<PageCursor> decodeCursor(std::string_view text);

}  // namespace vm::store
