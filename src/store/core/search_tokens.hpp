// How a free-text search is split, the same on every backend: each whitespace-separated token is searched
// as text (a backend quotes it in its own query syntax), and every token must match.
#pragma once

#include <cctype>
#include <string_view>

namespace vm::store {

// Calls token(std::string_view) for each non-empty whitespace-separated token of `text`, in order.
template <class Token>
void forEachSearchToken(std::string_view text, Token&& token) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) token(text.substr(start, i - start));
  }
}

}  // namespace vm::store
