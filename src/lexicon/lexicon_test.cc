#include "retold/lexicon.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "testing/test_support.h"

namespace retold {
namespace {

bool Share(std::span<const uint32_t> x, std::span<const uint32_t> y) {
  for (uint32_t k : x) {
    if (std::find(y.begin(), y.end(), k) != y.end()) return true;
  }
  return false;
}

TEST(Lexicon, OpensAndKnowsCommonWords) {
  const Lexicon* lex = testing::TestLexicon();
  ASSERT_NE(lex, nullptr);
  EXPECT_GT(lex->word_count(), 50000u);
  WordSense s = lex->Lookup("negotiation");
  EXPECT_TRUE(s.found);
  EXPECT_FALSE(s.strong.empty());
  EXPECT_FALSE(lex->Lookup("qqzzxv").found);
}

TEST(Lexicon, SynonymsShareAStrongKey) {
  const Lexicon* lex = testing::TestLexicon();
  EXPECT_TRUE(Share(lex->Lookup("hard").strong, lex->Lookup("difficult").strong));
  EXPECT_TRUE(Share(lex->Lookup("crisis").strong, lex->Lookup("crisis").strong));
  EXPECT_FALSE(Share(lex->Lookup("banana").strong, lex->Lookup("tank").strong));
}

TEST(Lexicon, RelatedWordsMeetThroughWeakKeys) {
  const Lexicon* lex = testing::TestLexicon();
  // "laborious" is a similar-to neighbour of the "hard" (difficult) sense.
  WordSense hard = lex->Lookup("hard"), laborious = lex->Lookup("laborious");
  EXPECT_TRUE(Share(hard.strong, laborious.strong) || Share(hard.strong, laborious.weak) ||
              Share(hard.weak, laborious.strong));
  // Derivation: "invade" and "invasion".
  WordSense invade = lex->Lookup("invade"), invasion = lex->Lookup("invasion");
  EXPECT_TRUE(Share(invade.strong, invasion.weak) || Share(invade.weak, invasion.strong));
}

TEST(Lexicon, InflectionsAndIrregularForms) {
  const Lexicon* lex = testing::TestLexicon();
  EXPECT_TRUE(Share(lex->Lookup("negotiations").strong, lex->Lookup("negotiation").strong));
  EXPECT_TRUE(Share(lex->Lookup("warned").strong, lex->Lookup("warn").strong));
  EXPECT_TRUE(Share(lex->Lookup("went").strong, lex->Lookup("go").strong));
  EXPECT_TRUE(Share(lex->Lookup("stopped").strong, lex->Lookup("stop").strong));
}

TEST(Lexicon, CommonWordsHaveHigherCounts) {
  const Lexicon* lex = testing::TestLexicon();
  EXPECT_GT(lex->Lookup("make").corpus_count, lex->Lookup("moratorium").corpus_count);
}

TEST(Lexicon, MissingOrDamagedFilesAreReportedByName) {
  std::string error;
  EXPECT_EQ(Lexicon::Open("/nonexistent/retold.lex", &error), nullptr);
  EXPECT_NE(error.find("/nonexistent/retold.lex"), std::string::npos);

  std::string path = ::testing::TempDir() + "/truncated.lex";
  std::string full = testing::ReadFile(RETOLD_TEST_LEXICON);
  std::ofstream(path, std::ios::binary) << full.substr(0, full.size() / 2);
  EXPECT_EQ(Lexicon::Open(path, &error), nullptr);
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;

  std::ofstream(path, std::ios::binary) << "not a lexicon at all, just some text padding it out to size";
  EXPECT_EQ(Lexicon::Open(path, &error), nullptr);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace retold
