#include <gtest/gtest.h>

#include <algorithm>

#include "retold/analysis.h"
#include "testing/test_support.h"

namespace retold {
namespace {

Document Analyze(const std::string& text) {
  return Analyzer(testing::TestLexicon()).Analyze(text);
}

TEST(Analyzer, FunctionWordsCarryNoWeight) {
  Document d = Analyze("The talks of the ministers were in Geneva.");
  for (const Token& t : d.tokens) {
    std::string word = d.text.substr(t.begin, t.end - t.begin);
    if (word == "The" || word == "the" || word == "of" || word == "were" || word == "in") {
      EXPECT_EQ(t.weight, 0.0f) << word;
    } else {
      EXPECT_GT(t.weight, 0.0f) << word;
    }
  }
}

TEST(Analyzer, NamesNumbersAndNumberWords) {
  Document d = Analyze("Troops moved to Kazakhstan, about 3,000 of them, three days ago.");
  auto find = [&](const std::string& w) {
    return *std::find_if(d.tokens.begin(), d.tokens.end(), [&](const Token& t) {
      return d.text.substr(t.begin, t.end - t.begin) == w;
    });
  };
  EXPECT_TRUE(find("Kazakhstan").is_name);
  EXPECT_FALSE(find("Troops").is_name);  // capitalised only because it starts the sentence
  EXPECT_TRUE(find("3,000").is_number);
  EXPECT_TRUE(find("three").is_number);
}

TEST(Analyzer, BoilerplateIsMarkedAndWeightless) {
  Document d = Analyze("Report Wire\n\n4 min read\n\nShare this article on Facebook\n\n"
                       "The council approved the tram line after a long debate.\n");
  ASSERT_EQ(d.sentences.size(), 4u);
  EXPECT_TRUE(d.sentences[0].boilerplate);
  EXPECT_TRUE(d.sentences[1].boilerplate);
  EXPECT_TRUE(d.sentences[2].boilerplate);
  EXPECT_FALSE(d.sentences[3].boilerplate);
  EXPECT_EQ(d.sentences[1].weight, 0.0f);
  EXPECT_EQ(d.countable_bytes, d.sentences[3].end - d.sentences[3].begin);
}

TEST(Analyzer, ContentWordsCarryTheirLexiconEntry) {
  Document d = Analyze("The laborious negotiations in Geneva ended abruptly.");
  ASSERT_EQ(d.tokens.size(), 7u);
  EXPECT_EQ(d.tokens[0].sense, 0u);  // "The": a function word is not looked up
  EXPECT_NE(d.tokens[1].sense, 0u);  // "laborious"
  EXPECT_NE(d.tokens[2].sense, 0u);  // "negotiations", through its lemma
  const Lexicon* lex = testing::TestLexicon();
  EXPECT_EQ(lex->Entry(d.tokens[2].sense).strong.data(), lex->Lookup("negotiation").strong.data());
}

TEST(Analyzer, FingerprintIgnoresCaseSpacingAndInvisibleCharacters) {
  Document a = Analyze("Russia warned the West.\nTalks begin Monday.");
  Document b = Analyze("RUSSIA  warned the\u200B West.  Talks begin   monday.");
  Document c = Analyze("Russia warned the East. Talks begin Monday.");
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_NE(a.fingerprint, c.fingerprint);
}

TEST(Analyzer, TopicWordsAreDamped) {
  Document d = Analyze("The bank raised rates. The bank cut costs. The bank hired staff. Otters swim.");
  float bank = 0, otters = 0;
  for (const Token& t : d.tokens) {
    std::string w = d.text.substr(t.begin, t.end - t.begin);
    if (w == "bank") bank = t.weight;
    if (w == "Otters") otters = t.weight;
  }
  EXPECT_LT(bank, otters);
}

}  // namespace
}  // namespace retold
