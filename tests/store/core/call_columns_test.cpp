// The shared call column order: what a backend binds is what it reads back.
#include "store/core/call_columns.hpp"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

#include "../store_fixture.hpp"
#include "store/core/plan_apply.hpp"
#include "store/core/user_columns.hpp"

namespace vm::store::testing {
namespace {

using Value = std::variant<std::string, double, std::optional<double>, std::int64_t>;

// A backend in memory: writes collect the values in order, reads take them by column.
struct Values {
  std::vector<Value> values;
  void text(const std::string& v) { values.emplace_back(v); }
  void real(double v) { values.emplace_back(v); }
  void optReal(const std::optional<double>& v) { values.emplace_back(v); }
  void integer(std::int64_t v) { values.emplace_back(v); }
};
struct Row {
  const std::vector<Value>& values;
  std::string text(int col) const { return std::get<std::string>(values.at(col)); }
  double real(int col) const { return std::get<double>(values.at(col)); }
  std::optional<double> optReal(int col) const { return std::get<std::optional<double>>(values.at(col)); }
  std::int64_t integer(int col) const { return std::get<std::int64_t>(values.at(col)); }
};

TEST(CallColumns, EveryColumnIsWrittenAndReadBackInOneOrder) {
  domain::CallRecord call =
      planApply(std::nullopt, "usr_a", endOfCallReport("c1"), domain::MergeRules(), 1772400000000).merged;
  call.satisfaction = 4.5;
  Values out;
  writeCallColumns(call, out);
  ASSERT_EQ(out.values.size(), static_cast<std::size_t>(kCallColumnCount));
  EXPECT_EQ(std::get<std::int64_t>(out.values[kTimestampMsColumn]), timestampMs(call));
  domain::CallRecord back = readCallColumns(Row{out.values});
  EXPECT_TRUE(sameStoredFields(back, call));
  EXPECT_EQ(back.updatedAtMs, call.updatedAtMs);
}

TEST(CallColumns, TimestampMsIsTheTimestampOrZero) {
  domain::CallRecord call;
  EXPECT_EQ(timestampMs(call), 0);
  call.timestamp = "2026-03-01T00:00:00.000Z";
  EXPECT_EQ(timestampMs(call), kDay0);
  call.timestamp = "yesterday";
  EXPECT_EQ(timestampMs(call), 0);
}

TEST(UserColumns, EveryColumnIsWrittenAndReadBackInOneOrder) {
  domain::User user{"usr_a", "a@example.com", "org-1", "hook-1", "hash", 1772400000000};
  Values out;
  writeUserColumns(user, out);
  ASSERT_EQ(out.values.size(), static_cast<std::size_t>(kUserColumnCount));
  domain::User back = readUserColumns(Row{out.values});
  EXPECT_EQ(back.id, user.id);
  EXPECT_EQ(back.email, user.email);
  EXPECT_EQ(back.vapiOrgId, user.vapiOrgId);
  EXPECT_EQ(back.hookId, user.hookId);
  EXPECT_EQ(back.webhookSecretHash, user.webhookSecretHash);
  EXPECT_EQ(back.createdAtMs, user.createdAtMs);
}

}  // namespace
}  // namespace vm::store::testing
