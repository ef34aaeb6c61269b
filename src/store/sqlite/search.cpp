#include "store/sqlite/search.hpp"

#include <cctype>

#include "store/core/search_tokens.hpp"

namespace vm::store::sqlite {
namespace {

bool searchable(std::string_view token) {
  for (char ch : token) {
    // Bytes >= 0x80 are parts of non-ASCII letters, which the unicode61 tokenizer indexes.
    if (std::isalnum(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80) return true;
  }
  return false;
}

}  // namespace

std::string ftsQuery(std::string_view text) {
  std::string query;
  forEachSearchToken(text, [&query](std::string_view token) {
    if (!searchable(token)) return;
    if (!query.empty()) query += ' ';
    query += '"';
    for (char ch : token) {
      if (ch == '"') query += '"';
      query += ch;
    }
    query += '"';
  });
  return query;
}

}  // namespace vm::store::sqlite
