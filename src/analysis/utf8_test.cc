#include "analysis/utf8.h"

#include <gtest/gtest.h>

namespace retold::utf8 {
namespace {

TEST(Utf8, DecodesValidSequences) {
  std::string s = "a\xC3\xA9\xE2\x80\x9C\xF0\x9F\x98\x80";  // a é “ 😀
  EXPECT_EQ(DecodeAt(s, 0).code_point, U'a');
  EXPECT_EQ(DecodeAt(s, 1).code_point, U'\u00E9');
  EXPECT_EQ(DecodeAt(s, 1).length, 2u);
  EXPECT_EQ(DecodeAt(s, 3).code_point, U'\u201C');
  EXPECT_EQ(DecodeAt(s, 6).length, 4u);
}

TEST(Utf8, InvalidByteConsumesExactlyOneByte) {
  std::string s = "a\xFF\xC3";  // stray byte, then a truncated sequence
  Decoded d = DecodeAt(s, 1);
  EXPECT_FALSE(d.valid);
  EXPECT_EQ(d.length, 1u);
  EXPECT_EQ(d.code_point, 0xFFFDu);
  EXPECT_EQ(DecodeAt(s, 2).length, 1u);
}

TEST(Utf8, ClassifiesInvisibleAndQuotes) {
  EXPECT_EQ(Classify(0x200B), CharClass::kInvisible);  // zero-width space
  EXPECT_EQ(Classify(0x202E), CharClass::kInvisible);  // right-to-left override
  EXPECT_EQ(Classify(0xFEFF), CharClass::kInvisible);
  EXPECT_EQ(Classify(0x00AD), CharClass::kInvisible);  // soft hyphen
  EXPECT_EQ(Classify(0x201C), CharClass::kQuoteOpen);
  EXPECT_EQ(Classify(0x2019), CharClass::kApostrophe);
  EXPECT_EQ(Classify(U'ж'), CharClass::kLetter);
  EXPECT_EQ(Classify(U'٣'), CharClass::kDigit);
}

TEST(Utf8, FoldsCaseAccentsAndCompatibilityForms) {
  std::string out;
  for (char32_t c : std::u32string(U"CAFÉ ﬁ Ⅻ")) AppendFolded(c, &out);
  EXPECT_EQ(out, "cafe fi xii");
}

TEST(Utf8, LatinLookalikesFromOtherScripts) {
  EXPECT_EQ(LatinLookalike(U'а'), U'a');  // Cyrillic a
  EXPECT_EQ(LatinLookalike(U'о'), U'o');  // Cyrillic o
  EXPECT_EQ(LatinLookalike(U'ο'), U'o');  // Greek omicron
  EXPECT_EQ(LatinLookalike(U'ж'), 0u);    // no Latin twin
  EXPECT_EQ(LatinLookalike(U'a'), 0u);    // already Latin
}

TEST(Utf8, BoundaryCheck) {
  std::string s = "\xC3\xA9x";
  EXPECT_TRUE(IsBoundary(s, 0));
  EXPECT_FALSE(IsBoundary(s, 1));
  EXPECT_TRUE(IsBoundary(s, 2));
  EXPECT_TRUE(IsBoundary(s, 3));
}

}  // namespace
}  // namespace retold::utf8
