// The page cursor's text form, which the api layer decodes and encodes.
#include "store/core/page_cursor.hpp"

#include <gtest/gtest.h>

namespace vm::store {
namespace {

TEST(PageCursor, RoundTripsThroughItsText) {
  for (const PageCursor& cursor : {PageCursor{1772323200000, "vapi_abc"}, PageCursor{0, "vapi_a:b:c"},
                                   PageCursor{-5, "vapi_x"}, PageCursor{42, "vapi_\xc3\xa9t\xc3\xa9"}}) {
    std::optional<PageCursor> decoded = decodeCursor(encodeCursor(cursor));
    ASSERT_TRUE(decoded) << cursor.callId;
    EXPECT_EQ(*decoded, cursor);
  }
}

TEST(PageCursor, TheTextIsUrlSafe) {
  const std::string text = encodeCursor({1772323200000, "vapi_??>>~~"});
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << text;
}

TEST(PageCursor, InvalidTextIsNoCursor) {
  EXPECT_FALSE(decodeCursor("not a cursor!"));
  EXPECT_FALSE(decodeCursor("\xc3\x28"));
  EXPECT_FALSE(decodeCursor("A"));  // not a whole byte
  EXPECT_FALSE(decodeCursor(encodeCursor({1, ""}).substr(0, 1)));
  EXPECT_FALSE(decodeCursor("YWJj"));        // "abc": no colon
  EXPECT_FALSE(decodeCursor("OmFiYw"));      // ":abc": no timestamp
  EXPECT_FALSE(decodeCursor("MTJ4OmFiYw"));  // "12x:abc": not a number
}

}  // namespace
}  // namespace vm::store
