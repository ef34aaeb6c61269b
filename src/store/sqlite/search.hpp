// Full-text search in SQLite (FTS5, unicode61): the MATCH expression built from user input.
#pragma once

#include <string>
#include <string_view>

namespace vm::store::sqlite {

// An FTS5 MATCH expression for free text: every whitespace-separated token becomes a quoted string (inner
// quotes doubled), so operators, column filters, `*`, `NEAR(` and stray quotes are searched as text, never
// parsed as query syntax. Tokens without a letter or digit are dropped (they index to nothing). Returns ""
// when nothing searchable is left.
std::string ftsQuery(std::string_view text);

}  // namespace vm::store::sqlite
