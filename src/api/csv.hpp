// RFC 4180 CSV lines for exports. A text cell that a spreadsheet would run as a formula (=, +, -, @, TAB
// or CR first) gets a leading apostrophe, so an exported transcript or caller name cannot inject
// formulas; a cell written from a JSON number is left as it is.
#pragma once

#include <string>
#include <vector>

namespace vm::api {

struct CsvCell {
  std::string text;
  bool fromNumber = false;  // written from a JSON number: never a formula, never escaped
};

std::string csvLine(const std::vector<CsvCell>& cells);
// A line of text cells (a header).
std::string csvLine(const std::vector<std::string>& texts);

}  // namespace vm::api
