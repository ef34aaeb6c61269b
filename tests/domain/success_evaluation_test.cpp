#include <gtest/gtest.h>

#include "domain/outcome.hpp"

namespace vm::domain {
namespace {

TEST(SuccessEvaluation, Booleans) {
  EXPECT_EQ(parseSuccessEvaluation("true"), true);
  EXPECT_EQ(parseSuccessEvaluation("false"), false);
  EXPECT_EQ(parseSuccessEvaluation("  TRUE \n"), true);
  EXPECT_EQ(parseSuccessEvaluation("False"), false);
  EXPECT_EQ(parseSuccessEvaluation("True."), true);
}

TEST(SuccessEvaluation, Labels) {
  for (const char* yes : {"pass", "Pass", "PASSED", "yes", "success", "successful", "excellent", "Good",
                          "great", "satisfactory", "Strongly Agree", "agree"})
    EXPECT_EQ(parseSuccessEvaluation(yes), true) << yes;
  for (const char* no : {"fail", "FAIL", "failed", "no", "failure", "unsuccessful", "poor", "bad", "fair",
                         "disagree", "Strongly Disagree"})
    EXPECT_EQ(parseSuccessEvaluation(no), false) << no;
}

TEST(SuccessEvaluation, NoVerdict) {
  for (const char* none : {"", "   ", "neutral", "maybe", "the caller booked", "n/a", "NaN", "inf", "-3",
                           "101", "1e400", "4/0", "x/5", "%", "abc%"})
    EXPECT_EQ(parseSuccessEvaluation(none), std::nullopt) << none;
}

TEST(SuccessEvaluation, ZeroToOneScaleAtHalf) {
  EXPECT_EQ(parseSuccessEvaluation("0.9"), true);
  EXPECT_EQ(parseSuccessEvaluation("0.5"), true);
  EXPECT_EQ(parseSuccessEvaluation("0.49"), false);
  EXPECT_EQ(parseSuccessEvaluation("1.0"), true);
  EXPECT_EQ(parseSuccessEvaluation("0.0"), false);
}

TEST(SuccessEvaluation, ZeroToTenScaleAtSix) {
  EXPECT_EQ(parseSuccessEvaluation("8"), true);
  EXPECT_EQ(parseSuccessEvaluation("6"), true);
  EXPECT_EQ(parseSuccessEvaluation("5.9"), false);
  EXPECT_EQ(parseSuccessEvaluation("5"), false);
  EXPECT_EQ(parseSuccessEvaluation("10"), true);
  EXPECT_EQ(parseSuccessEvaluation("1"), false);  // an integer is on the 1..10 rubric, not a boolean
  EXPECT_EQ(parseSuccessEvaluation("0"), false);
}

TEST(SuccessEvaluation, PercentagesAtSixty) {
  EXPECT_EQ(parseSuccessEvaluation("85%"), true);
  EXPECT_EQ(parseSuccessEvaluation("60%"), true);
  EXPECT_EQ(parseSuccessEvaluation("59%"), false);
  EXPECT_EQ(parseSuccessEvaluation("85"), true);
  EXPECT_EQ(parseSuccessEvaluation("40"), false);
  EXPECT_EQ(parseSuccessEvaluation("100"), true);
  EXPECT_EQ(parseSuccessEvaluation("5%"), false);
}

TEST(SuccessEvaluation, FractionsAtSixtyPercent) {
  EXPECT_EQ(parseSuccessEvaluation("4/5"), true);
  EXPECT_EQ(parseSuccessEvaluation("3/5"), true);
  EXPECT_EQ(parseSuccessEvaluation("2/5"), false);
  EXPECT_EQ(parseSuccessEvaluation("7 / 10"), true);
  EXPECT_EQ(parseSuccessEvaluation("1/2"), false);
}

TEST(Satisfaction, NumericVerdictsOnZeroToTen) {
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("8"), 8);
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("0.9"), 9);
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("4/5"), 8);
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("85%"), 8.5);
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("85"), 8.5);
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation(" 7.5 "), 7.5);
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("0"), 0);
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("12/10"), 10);  // clamped
  EXPECT_DOUBLE_EQ(*satisfactionFromEvaluation("150%"), 10);   // clamped
}

TEST(Satisfaction, NonNumericVerdictsHaveNone) {
  for (const char* none : {"true", "false", "pass", "excellent", "", "1e999", "nan", "-1", "500"})
    EXPECT_EQ(satisfactionFromEvaluation(none), std::nullopt) << none;
}

TEST(IsSuccessful, VerdictWinsElseOutcome) {
  EXPECT_TRUE(isSuccessful(Outcome::Completed, ""));
  EXPECT_TRUE(isSuccessful(Outcome::Completed, "unreadable verdict"));
  EXPECT_FALSE(isSuccessful(Outcome::Completed, "false"));
  EXPECT_FALSE(isSuccessful(Outcome::NotConnected, ""));
  EXPECT_FALSE(isSuccessful(Outcome::Error, ""));
  EXPECT_TRUE(isSuccessful(Outcome::Error, "true"));
  EXPECT_TRUE(isSuccessful(Outcome::Completed, "8"));
  EXPECT_FALSE(isSuccessful(Outcome::Completed, "3"));
}

}  // namespace
}  // namespace vm::domain
