#include "domain/time.hpp"

#include <gtest/gtest.h>

namespace vm::domain {
namespace {

TEST(Time, ParsesVapiUtcWithMillis) {
  auto ms = parseIsoMs("2026-03-01T14:05:09.123Z");
  ASSERT_TRUE(ms);
  EXPECT_EQ(*ms, 1772373909123);
  EXPECT_EQ(formatIsoMs(*ms), "2026-03-01T14:05:09.123Z");
}

TEST(Time, EpochAndPre1970) {
  EXPECT_EQ(parseIsoMs("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseIsoMs("1969-12-31T23:59:59.999Z"), -1);
  EXPECT_EQ(formatIsoMs(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(formatIsoMs(0), "1970-01-01T00:00:00.000Z");
}

TEST(Time, OffsetsAreConvertedToUtc) {
  EXPECT_EQ(normalizeIso("2026-03-10T14:30:00-08:00"), "2026-03-10T22:30:00.000Z");
  EXPECT_EQ(normalizeIso("2026-03-10T14:30:00+0530"), "2026-03-10T09:00:00.000Z");
  EXPECT_EQ(normalizeIso("2026-03-10T00:30:00+01:00"), "2026-03-09T23:30:00.000Z");
  EXPECT_EQ(normalizeIso("2026-12-31T23:30:00-01:00"), "2027-01-01T00:30:00.000Z");
  EXPECT_EQ(normalizeIso("2026-03-10T14:30:00+00:00"), "2026-03-10T14:30:00.000Z");
  EXPECT_EQ(normalizeIso("2026-03-10t14:30:00z"), "2026-03-10T14:30:00.000Z");
}

TEST(Time, FractionsAreTruncatedToMillis) {
  EXPECT_EQ(normalizeIso("2026-03-01T14:05:09Z"), "2026-03-01T14:05:09.000Z");
  EXPECT_EQ(normalizeIso("2026-03-01T14:05:09.1Z"), "2026-03-01T14:05:09.100Z");
  EXPECT_EQ(normalizeIso("2026-03-01T14:05:09.12Z"), "2026-03-01T14:05:09.120Z");
  EXPECT_EQ(normalizeIso("2026-03-01T14:05:09.123456789Z"), "2026-03-01T14:05:09.123Z");
  EXPECT_EQ(normalizeIso("2026-03-01T23:59:59.9999Z"), "2026-03-01T23:59:59.999Z");
  EXPECT_EQ(normalizeIso("2026-03-01T14:05:09,5Z"), "2026-03-01T14:05:09.500Z");
}

TEST(Time, SpaceSeparatorAndDateOnly) {
  EXPECT_EQ(normalizeIso("2026-03-01 14:05:09.123Z"), "2026-03-01T14:05:09.123Z");
  EXPECT_EQ(normalizeIso("2026-03-01"), "2026-03-01T00:00:00.000Z");
}

TEST(Time, LeapYears) {
  EXPECT_TRUE(parseIsoMs("2024-02-29T12:00:00Z"));
  EXPECT_TRUE(parseIsoMs("2000-02-29"));
  EXPECT_FALSE(parseIsoMs("2026-02-29T12:00:00Z"));
  EXPECT_FALSE(parseIsoMs("1900-02-29"));
  EXPECT_EQ(normalizeIso("2024-02-28T23:00:00-02:00"), "2024-02-29T01:00:00.000Z");
}

TEST(Time, RejectsGarbage) {
  for (const char* bad : {"",
                          "garbage",
                          "2026",
                          "2026-03",
                          "2026-3-01",
                          "2026-03-01T",
                          "2026-03-01T14:05Z",
                          "2026-03-01T14:05:09",
                          "2026-03-01T14:05:09.Z",
                          "2026-03-01T14:05:09.1234567890Z",
                          "2026-03-01T24:00:00Z",
                          "2026-03-01T23:60:00Z",
                          "2026-03-01T23:59:60Z",
                          "2026-13-01T00:00:00Z",
                          "2026-00-10T00:00:00Z",
                          "2026-04-31T00:00:00Z",
                          "2026-03-01T14:05:09+25:00",
                          "2026-03-01T14:05:09+05:60",
                          "2026-03-01T14:05:09+5",
                          "2026-03-01T14:05:09ZZ",
                          "2026-03-01T14:05:09Z ",
                          " 2026-03-01T14:05:09Z",
                          "2026-03-01X14:05:09Z",
                          "２０２６-03-01",
                          "2026-03-01T14:05:09.123+",
                          "-2026-03-01",
                          "2026-03-01T1a:05:09Z",
                          "2026-03-01junk"}) {
    EXPECT_FALSE(parseIsoMs(bad)) << bad;
    EXPECT_FALSE(normalizeIso(bad)) << bad;
  }
}

TEST(Time, RangeLimits) {
  EXPECT_EQ(normalizeIso("0000-01-01T00:00:00Z"), "0000-01-01T00:00:00.000Z");
  EXPECT_EQ(normalizeIso("9999-12-31T23:59:59.999Z"), "9999-12-31T23:59:59.999Z");
  // Offsets that push the instant outside four-digit years.
  EXPECT_FALSE(parseIsoMs("0000-01-01T00:00:00+01:00"));
  EXPECT_FALSE(parseIsoMs("9999-12-31T23:59:59-01:00"));
}

TEST(Time, FormatClampsToFourDigitYears) {
  EXPECT_EQ(formatIsoMs(INT64_MIN), "0000-01-01T00:00:00.000Z");
  EXPECT_EQ(formatIsoMs(INT64_MAX), "9999-12-31T23:59:59.999Z");
}

TEST(Time, RoundTripsOverManyDays) {
  for (std::int64_t ms = -5'000'000'000'000; ms < 5'000'000'000'000; ms += 86'399'997'123) {
    EXPECT_EQ(parseIsoMs(formatIsoMs(ms)), ms) << ms;
  }
}

TEST(Time, ValidDate) {
  EXPECT_TRUE(isValidDate("2026-03-02"));
  EXPECT_TRUE(isValidDate("2024-02-29"));
  EXPECT_FALSE(isValidDate("2026-02-29"));
  EXPECT_FALSE(isValidDate("2026-03-02T00:00:00Z"));
  EXPECT_FALSE(isValidDate("2026-3-2"));
  EXPECT_FALSE(isValidDate(""));
  EXPECT_FALSE(isValidDate("abcd-ef-gh"));
}

TEST(Time, NowIsRecent) { EXPECT_GT(nowMs(), *parseIsoMs("2024-01-01T00:00:00Z")); }

}  // namespace
}  // namespace vm::domain
