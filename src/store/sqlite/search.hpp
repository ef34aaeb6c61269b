// Pieces of listCalls: the keyset cursor and the full-text query built from user input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vm::store::sqlite {

// The position after the last row of a page: (timestamp_ms, call_id) in the list order.
struct PageCursor {
  std::int64_t timestampMs = 0;
  std::string callId;
};

// Opaque to clients: base64url of "<timestampMs>:<callId>".
std::string encodeCursor(const PageCursor& cursor);
// nullopt when `text` is not a cursor that encodeCursor made.
std::optional<PageCursor> decodeCursor(std::string_view text);

// An FTS5 MATCH expression for free text: every whitespace-separated token becomes a quoted string (inner
// quotes doubled), so operators, column filters, `*`, `NEAR(` and stray quotes are searched as text, never
// parsed as query syntax. Tokens without a letter or digit are dropped (they index to nothing). Returns ""
// when nothing searchable is left.
std::string ftsQuery(std::string_view text);

}  // namespace vm::store::sqlite
