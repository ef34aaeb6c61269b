// CSV export cells: a spreadsheet must never run an exported value as a formula.
#include "api/csv.hpp"

#include <gtest/gtest.h>

namespace vm::api {
namespace {

std::string textCell(const std::string& text) { return csvLine({CsvCell{text, false}}); }

TEST(CsvLine, EscapesEveryFormulaStartOfAText) {
  EXPECT_EQ(textCell("=SUM(A1:A9)"), "'=SUM(A1:A9)\r\n");
  EXPECT_EQ(textCell("@cmd"), "'@cmd\r\n");
  EXPECT_EQ(textCell("+1-2"), "'+1-2\r\n");  // looks like arithmetic, is a formula
  EXPECT_EQ(textCell("-5"), "'-5\r\n");      // a text that happens to look like a number
  EXPECT_EQ(textCell("+14155550123"), "'+14155550123\r\n");
  EXPECT_EQ(textCell("\t=1+1"), "'\t=1+1\r\n");
  EXPECT_EQ(textCell("\r=1+1"), "\"'\r=1+1\"\r\n");  // quoted for the CR, escaped for the formula
}

TEST(CsvLine, LeavesNumbersFromJsonNumbersAlone) {
  EXPECT_EQ(csvLine({CsvCell{"-5", true}, CsvCell{"1.5e-3", true}}), "-5,1.5e-3\r\n");
}

TEST(CsvLine, QuotesSeparatorsAndDoublesQuotes) {
  EXPECT_EQ(csvLine({CsvCell{"a,b", false}, CsvCell{"say \"hi\"", false}, CsvCell{"", false}}),
            "\"a,b\",\"say \"\"hi\"\"\",\r\n");
}

TEST(CsvLine, AHeaderOfNamesIsText) {
  EXPECT_EQ(csvLine(std::vector<std::string>{"callId", "cost"}), "callId,cost\r\n");
}

}  // namespace
}  // namespace vm::api
