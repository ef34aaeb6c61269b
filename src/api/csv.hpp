// RFC 4180 CSV lines for exports. Cells that a spreadsheet would run as a formula (=, +, -, @ first)
// get a leading apostrophe, so an exported transcript cannot inject formulas.
#pragma once

#include <string>
#include <vector>

namespace vm::api {

std::string csvLine(const std::vector<std::string>& cells);

}  // namespace vm::api
