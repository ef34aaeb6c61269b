// Page assembly of listCalls: a page of at most `limit` calls, the extra row only making the cursor.
#include "store/core/call_page.hpp"

#include <gtest/gtest.h>

namespace vm::store {
namespace {

CallPage pageFrom(int limit, int rows) {
  PageBuilder page(limit);
  for (int i = 0; i < rows && i < page.fetchLimit() && page.acceptsRow(); ++i) {
    domain::CallRecord call;
    call.callId = "vapi_" + std::to_string(i);
    page.add(std::move(call), 1000 - i);
  }
  return page.take();
}

TEST(PageBuilder, FetchesOneRowMoreThanThePageHolds) {
  EXPECT_EQ(PageBuilder(7).fetchLimit(), 8);
  EXPECT_EQ(PageBuilder(0).limit(), 1);
  EXPECT_EQ(PageBuilder(10000).limit(), 500);
}

TEST(PageBuilder, TheExtraRowMakesTheNextCursorFromTheLastCallOnThePage) {
  CallPage page = pageFrom(2, 5);
  ASSERT_EQ(page.calls.size(), 2u);
  ASSERT_TRUE(page.nextCursor);
  EXPECT_EQ(*page.nextCursor, (PageCursor{999, "vapi_1"}));
}

TEST(PageBuilder, AnExactFitHasNoNextPage) {
  CallPage page = pageFrom(3, 3);
  EXPECT_EQ(page.calls.size(), 3u);
  EXPECT_FALSE(page.nextCursor);
  EXPECT_FALSE(pageFrom(3, 0).nextCursor);
}

}  // namespace
}  // namespace vm::store
