// Full-text search in PostgreSQL that finds what SQLite's FTS5 (unicode61) finds for word searches.
//
// FTS5 splits text at every character that is not a letter or digit. PostgreSQL's default parser instead
// keeps emails, URLs, hyphenated words and decimals as single lexemes, so "john" would not find
// "john@example.com". Both the indexed text and the query are therefore normalized the same way first:
// ASCII punctuation, symbols and control characters become spaces (kPgSearchNormalize), after which the
// parser sees plain words only.
#pragma once

#include <string>
#include <string_view>

namespace vm::store::postgres {

// The SQL expression (over columns transcript and summary) that the generated tsvector column indexes.
#define VM_PG_SEARCH_VECTOR                                                        \
  "to_tsvector('simple'::regconfig, regexp_replace(transcript || ' ' || summary, " \
  "'[[:space:][:punct:][:cntrl:]]+', ' ', 'g'))"

// A to_tsquery('simple', ...) argument for free user text, sent as a parameter: every whitespace-separated
// token becomes one quoted phrase (its words adjacent, as an FTS5 "phrase"), all tokens must match. Query
// operators in the input are text, never syntax. Returns "" when no token has a letter or digit.
std::string tsQuery(std::string_view text);

}  // namespace vm::store::postgres
