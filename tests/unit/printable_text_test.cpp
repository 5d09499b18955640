// reports/format/escaped_text.hpp (printable_text): text quoted in a message stays one printable line.

#include <gtest/gtest.h>

#include "reports/format/escaped_text.hpp"

namespace commbench {
namespace {

TEST(PrintableText, PlainTextIsUnchanged) { EXPECT_EQ(printable_text("-b 8K 'x' \\ ~"), "-b 8K 'x' \\ ~"); }

TEST(PrintableText, ControlCharactersAreEscaped) {
  EXPECT_EQ(printable_text("a\nb\rc\td\x1b[0m\x7f"), "a\\x0Ab\\x0Dc\\x09d\\x1B[0m\\x7F");
  EXPECT_EQ(printable_text(std::string("a\0b", 3)), "a\\x00b");
}

TEST(PrintableText, WellFormedUtf8IsKept) {
  EXPECT_EQ(printable_text("/data/r\xC3\xA9sum\xC3\xA9/\xE2\x82\xAC/\xF0\x9F\x98\x80"),
            "/data/r\xC3\xA9sum\xC3\xA9/\xE2\x82\xAC/\xF0\x9F\x98\x80");
}

TEST(PrintableText, MalformedUtf8IsEscaped) {
  EXPECT_EQ(printable_text("\xFF\xFE"), "\\xFF\\xFE");
  EXPECT_EQ(printable_text("8\xC3("), "8\\xC3(");           // a lead byte without its continuation
  EXPECT_EQ(printable_text("\xC0\xAF"), "\\xC0\\xAF");      // overlong '/'
  EXPECT_EQ(printable_text("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(printable_text("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(printable_text("x\xE2\x82"), "x\\xE2\\x82");     // cut short at the end
}

}  // namespace
}  // namespace commbench
