#include "api/csv.hpp"

#include <cctype>

namespace vm::api {

namespace {
bool looksNumeric(const std::string& cell) {
  if (cell.empty()) return false;
  for (char c : cell)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == 'e' || c == 'E' ||
          c == '+'))
      return false;
  return true;
}
}  // namespace

std::string csvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    std::string cell = cells[i];
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@') &&
        !looksNumeric(cell))
      cell.insert(cell.begin(), '\'');
    bool quote = cell.find_first_of(",\"\r\n") != std::string::npos;
    if (!quote) {
      line += cell;
      continue;
    }
    line += '"';
    for (char c : cell) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  line += "\r\n";
  return line;
}

}  // namespace vm::api
