#include "store/postgres/search.hpp"

#include <cctype>

#include "store/core/search_tokens.hpp"

namespace vm::store::postgres {
namespace {

// The C++ side of the regexp_replace in VM_PG_SEARCH_VECTOR: ASCII that is not a letter or digit
// separates words. Bytes >= 0x80 (parts of non-ASCII letters) are kept, as FTS5 indexes those letters.
bool separator(unsigned char ch) { return ch < 0x80 && !std::isalnum(ch); }

}  // namespace

std::string tsQuery(std::string_view text) {
  std::string query;
  forEachSearchToken(text, [&query](std::string_view token) {
    std::string phrase;  // the token's words, one space apart
    bool pendingSpace = false;
    for (char ch : token) {
      if (separator(static_cast<unsigned char>(ch))) {
        pendingSpace = !phrase.empty();
        continue;
      }
      if (pendingSpace) phrase += ' ';
      pendingSpace = false;
      phrase += ch;
    }
    if (phrase.empty()) return;
    // Only letters, digits, spaces and non-ASCII bytes are left: nothing tsquery could read as syntax
    // inside the quotes.
    if (!query.empty()) query += " & ";
    query += '\'' + phrase + '\'';
  });
  return query;
}

}  // namespace vm::store::postgres
