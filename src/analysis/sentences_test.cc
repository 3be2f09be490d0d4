#include "analysis/sentences.h"

#include <gtest/gtest.h>

namespace retold {
namespace {

std::vector<std::string> Split(const std::string& text) {
  Tokens t = Tokenize(text);
  std::vector<std::string> out;
  for (const auto& s : SplitSentences(text, t)) out.push_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

TEST(Sentences, SplitsAtTerminalPunctuation) {
  EXPECT_EQ(Split("Talks begin Monday. Russia is firm! Will they end? Nobody knows."),
            (std::vector<std::string>{"Talks begin Monday.", "Russia is firm!", "Will they end?",
                                      "Nobody knows."}));
}

TEST(Sentences, AbbreviationsInitialsAndListMarkersDoNotSplit) {
  EXPECT_EQ(Split("Mr. Smith met J. Doe in the U.S. Senate today. Then he left."),
            (std::vector<std::string>{"Mr. Smith met J. Doe in the U.S. Senate today.", "Then he left."}));
  EXPECT_EQ(Split("1. Extract all words. 2. Remove stopwords."),
            (std::vector<std::string>{"1. Extract all words.", "2. Remove stopwords."}));
}

TEST(Sentences, AllCapsWordsEndSentencesDottedAbbreviationsDoNot) {
  EXPECT_EQ(Split("Tests include AIDS. Since April the FDA acted. Talks with the U.S. Senate went on."),
            (std::vector<std::string>{"Tests include AIDS.", "Since April the FDA acted.",
                                      "Talks with the U.S. Senate went on."}));
  EXPECT_EQ(Split("Reform of the (GATT). Secondly, subsidies."),
            (std::vector<std::string>{"Reform of the (GATT).", "Secondly, subsidies."}));
}

TEST(Sentences, CaselessTextStillSplits) {
  EXPECT_EQ(Split("the dollar fell. he said rates would hold. the bank agreed."),
            (std::vector<std::string>{"the dollar fell.", "he said rates would hold.", "the bank agreed."}));
  EXPECT_EQ(Split("THE DOLLAR FELL. RATES HELD."),
            (std::vector<std::string>{"THE DOLLAR FELL.", "RATES HELD."}));
  // In ordinary text a lower-case word after a full stop goes on ("approx. two").
  EXPECT_EQ(Split("It cost approx. two dollars. Then it rose.").size(), 2u);
}

TEST(Sentences, QuotesBelongToTheirSentence) {
  auto s = Split("\u201CWe will not yield,\u201D he said. \u201CNever.\u201D");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "\u201CWe will not yield,\u201D he said.");
  EXPECT_EQ(s[1], "\u201CNever.\u201D");
}

TEST(Sentences, WrappedLinesAreNotSentences) {
  std::string wire =
      "    The company said its first quarter results would be released on\n"
      "April 12 and that it expected net income to rise by about ten pct\n"
      "from a year earlier.\n"
      "    Shares rose.\n";
  auto s = Split(wire);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1], "Shares rose.");
}

TEST(Sentences, HeadlinesAndBlankLinesSplit) {
  auto s = Split("Tram line approved\n\nThe council voted on Tuesday\nin favour of it.\n4 min read\n");
  EXPECT_EQ(s, (std::vector<std::string>{"Tram line approved", "The council voted on Tuesday\nin favour of it.",
                                         "4 min read"}));
}

TEST(Sentences, QuoteFractionIsMeasured) {
  std::string text = "\u201CWe will not yield to pressure,\u201D he said. The talks went on.";
  Tokens t = Tokenize(text);
  auto spans = SplitSentences(text, t);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_GT(spans[0].quote_fraction, 0.6f);
  EXPECT_EQ(spans[1].quote_fraction, 0.0f);
}

TEST(Sentences, OnlyClosedQuotationsCount) {
  std::string text = "Cooper's book listed the holdings.\n\n\"It was a slow start. We grew,\" he said.\n\n"
                     "She wrote \"why? Nah, the rest of this page is no quote. Nor is this.";
  Tokens t = Tokenize(text);
  auto spans = SplitSentences(text, t);
  ASSERT_EQ(spans.size(), 6u);
  EXPECT_EQ(spans[0].quote_fraction, 0.0f);
  EXPECT_EQ(spans[1].quote_fraction, 1.0f);  // a quotation over two sentences
  EXPECT_GT(spans[2].quote_fraction, 0.3f);
  for (size_t s = 3; s < 6; ++s) EXPECT_EQ(spans[s].quote_fraction, 0.0f) << s;  // a stray mark
}

TEST(Sentences, RunOnTextIsCut) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "word ";
  auto spans = SplitSentences(text, Tokenize(text));
  ASSERT_GE(spans.size(), 10u);
  for (const auto& s : spans) EXPECT_LE(s.token_end - s.first_token, kMaxSentenceTokens);
}

}  // namespace
}  // namespace retold
