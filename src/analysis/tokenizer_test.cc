#include "analysis/tokenizer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace retold {
namespace {

std::vector<std::string> Folded(const Tokens& t) {
  std::vector<std::string> out;
  for (const auto& tok : t.tokens) out.emplace_back(t.FoldedOf(tok));
  return out;
}

TEST(Tokenizer, WordsNumbersAndOffsets) {
  std::string text = "Russia said 100,000 troops, 1.5 pct.";
  Tokens t = Tokenize(text);
  EXPECT_EQ(Folded(t), (std::vector<std::string>{"russia", "said", "100000", "troops", "1.5", "pct"}));
  EXPECT_EQ(t.tokens[0].begin, 0u);
  EXPECT_EQ(t.tokens[0].end, 6u);
  EXPECT_TRUE(t.tokens[0].capitalized);
  EXPECT_EQ(t.tokens[2].kind, TokenKind::kNumber);
  EXPECT_EQ(text.substr(t.tokens[2].begin, t.tokens[2].end - t.tokens[2].begin), "100,000");
}

TEST(Tokenizer, InvisibleCharactersDoNotSplitWords) {
  std::string text = "Mos\u200Bcow and Kre\u00ADmlin";
  Tokens t = Tokenize(text);
  EXPECT_EQ(Folded(t), (std::vector<std::string>{"moscow", "and", "kremlin"}));
  EXPECT_EQ(t.tokens[0].end, 9u);  // the zero-width space is inside the token
}

TEST(Tokenizer, HomoglyphsInsideLatinWordsReadAsLatin) {
  Tokens t = Tokenize("Ukr\u0430ine \u0441ity");  // Cyrillic а and с
  EXPECT_EQ(Folded(t), (std::vector<std::string>{"ukraine", "city"}));
  Tokens cyrillic = Tokenize("\u0436\u0430\u0440");  // a Russian word stays Russian
  EXPECT_NE(Folded(cyrillic)[0], "zhar");
  EXPECT_EQ(Folded(cyrillic)[0].size(), 6u);
}

TEST(Tokenizer, AcronymsApostrophesAndHyphens) {
  Tokens t = Tokenize("U.S. officials can't say; NATO's oil-producing allies");
  EXPECT_EQ(Folded(t), (std::vector<std::string>{"us", "officials", "can't", "say", "nato", "oil",
                                                 "producing", "allies"}));
  EXPECT_EQ(t.tokens[0].kind, TokenKind::kAcronym);
  EXPECT_EQ(t.tokens[0].end, 3u);  // the final dot is left to the sentence splitter
  EXPECT_EQ(t.tokens[4].kind, TokenKind::kAcronym);
}

TEST(Tokenizer, CurlyApostropheFoldsToStraight) {
  Tokens t = Tokenize("it\u2019s Russia\u2019s");
  EXPECT_EQ(Folded(t), (std::vector<std::string>{"it's", "russia"}));
}

TEST(Tokenizer, InvalidUtf8KeepsOffsetsTrue) {
  std::string text = "caf\xE9 ok \xFF\xFEword";
  Tokens t = Tokenize(text);
  ASSERT_EQ(t.tokens.size(), 3u);
  EXPECT_EQ(text.substr(t.tokens[1].begin, 2), "ok");
  EXPECT_EQ(text.substr(t.tokens[2].begin, 4), "word");
  EXPECT_EQ(t.invalid_bytes, 3u);
}

// Found by fuzzing: a stray continuation byte right after a word put the
// token's end on a byte that UTF-8 checks call mid-character.
TEST(Tokenizer, StrayContinuationBytesStayInsideTheToken) {
  std::string text = "it woul\x9cWe will";
  Tokens t = Tokenize(text);
  ASSERT_EQ(t.tokens.size(), 4u);
  EXPECT_EQ(t.tokens[1].end, 8u);  // "woul" plus the stray byte
  EXPECT_EQ(t.FoldedOf(t.tokens[1]), "woul");
  for (const auto& tok : t.tokens) {
    EXPECT_NE(static_cast<unsigned char>(text[tok.begin]) & 0xC0, 0x80);
    if (tok.end < text.size()) {
      EXPECT_NE(static_cast<unsigned char>(text[tok.end]) & 0xC0, 0x80);
    }
  }
}

TEST(Tokenizer, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(Tokenize("").tokens.empty());
  EXPECT_TRUE(Tokenize(" ... -- !!").tokens.empty());
}

// The ASCII fast path must tokenise exactly as the general path: texts
// stitched from pieces where the two could part ways (acronyms, numbers
// with separators, apostrophes, other scripts, stray bytes, all caps).
TEST(Tokenizer, AsciiPathAgreesWithTheGeneralPath) {
  const std::vector<std::string> pieces = {
      "word", "Word", "WORD", "NATO", "NATO's", "U.S.", "U.K", "e.g.", "F16", "ABC1", "1990s",
      "1,250.5", "3.", "can't", "it's", "Russia's", "'quoted'", "oil-producing", "caf\u00e9",
      "Ukr\u0430ine", "\u0430", "Mos\u200bcow", "\x9c", "\xff", "na\u0308ive", "x", "42",
      " ", "  ", ". ", ", ", "\n", "\n\n", "!", "?", "\"", "(", ")", "-", "--", "\u2019", "\u2019s",
      ".", ",", "'", "A.", "B.C.", "a.b", "J. ", "1.x", "5,a", "x'", "7'", "A'b", "ab.", "9.", ".",
      // Words of 15 to 17 bytes and longer: the fast path measures a word
      // inside the 16 bytes from its start at once, a longer one byte by byte.
      "Fifteenletterss", "SIXTEENLETTERSAB", "seventeenletters1", "internationalization",
      "ABCDEFGHIJKLMNOPQRS", "12345678901234567", "ABCDE", "ABCDEF", "AB", "Ab"};
  std::mt19937 random(7);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    size_t n = 1 + random() % 12;
    for (size_t k = 0; k < n; ++k) text += pieces[random() % pieces.size()];
    Tokens fast = internal::Tokenize(text, true), general = internal::Tokenize(text, false);
    ASSERT_EQ(fast.tokens.size(), general.tokens.size()) << text;
    EXPECT_EQ(fast.folded, general.folded) << text;
    EXPECT_EQ(fast.invalid_bytes, general.invalid_bytes) << text;
    for (size_t i = 0; i < fast.tokens.size(); ++i) {
      const RawToken &x = fast.tokens[i], &y = general.tokens[i];
      EXPECT_TRUE(x.begin == y.begin && x.end == y.end && x.folded_begin == y.folded_begin &&
                  x.folded_length == y.folded_length && x.kind == y.kind && x.capitalized == y.capitalized)
          << text << " token " << i;
    }
  }
}

}  // namespace
}  // namespace retold
