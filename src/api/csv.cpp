#include "api/csv.hpp"

namespace vm::api {
namespace {

// Escaped by its first character alone: any test of "does it look like a number" lets arithmetic such
// as "+1-2" through.
bool startsLikeAFormula(const std::string& text) {
  if (text.empty()) return false;
  switch (text[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

void appendCell(std::string& line, const CsvCell& cell) {
  std::string text = cell.text;
  if (!cell.fromNumber && startsLikeAFormula(text)) text.insert(text.begin(), '\'');
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    line += text;
    return;
  }
  line += '"';
  for (char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

}  // namespace

std::string csvLine(const std::vector<CsvCell>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    appendCell(line, cells[i]);
  }
  line += "\r\n";
  return line;
}

std::string csvLine(const std::vector<std::string>& texts) {
  std::vector<CsvCell> cells;
  cells.reserve(texts.size());
  for (const auto& text : texts) cells.push_back({text, false});
  return csvLine(cells);
}

}  // namespace vm::api
