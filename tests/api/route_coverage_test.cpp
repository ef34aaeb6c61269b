// Every route of the table has a success test: route_coverage.cpp names it, the named test exists in
// this binary, and (checked by the harness when that test runs) the route answers it 2xx. Each test
// runs in its own process under ctest, so this does not rely on other tests having run.
#include <gtest/gtest.h>

#include <set>

#include "api_harness.hpp"

namespace vm::api::testing {
namespace {

std::set<std::string> testsInThisBinary() {
  std::set<std::string> names;
  auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    for (int j = 0; j < suite->total_test_count(); ++j)
      names.insert(std::string(suite->name()) + "." + suite->GetTestInfo(j)->name());
  }
  return names;
}

TEST(RouteCoverage, EveryRouteHasASuccessTest) {
  ApiHarness api;
  std::set<std::string> routed;
  for (const auto& route : api.table()) {
    auto key = route.method + " " + route.path;
    routed.insert(key);
    EXPECT_TRUE(successCoverage().count(key)) << key << " has no success test in route_coverage.cpp";
  }
  for (const auto& [key, test] : successCoverage())
    EXPECT_TRUE(routed.count(key)) << key << " is in route_coverage.cpp but not routed";
}

TEST(RouteCoverage, EveryNamedTestExists) {
  auto tests = testsInThisBinary();
  for (const auto& [key, test] : successCoverage())
    EXPECT_TRUE(tests.count(test)) << key << ": no test " << test << " in api_tests";
}

}  // namespace
}  // namespace vm::api::testing
