#include "align/aligner.h"

#include <gtest/gtest.h>

#include "testing/test_support.h"

namespace retold {
namespace {

Document Analyze(const std::string& text) {
  return Analyzer(testing::TestLexicon()).Analyze(text);
}

float LinkBetween(const SentenceGraph& graph, uint32_t a, uint32_t b) {
  for (const auto& l : graph.links) {
    if (l.a == a && l.b == b) return l.similarity;
  }
  return 0;
}

TEST(Aligner, SynonymSwapsStillLink) {
  Document a = Analyze("The hard line from Moscow underlined the fragile prospects for negotiations.");
  Document b = Analyze("The laborious line from Moscow underscored the delicate prospects for negotiations.");
  auto links = LinkSentences(a, b, testing::TestLexicon(), AlignParams{});
  EXPECT_GT(LinkBetween(links, 0, 0), 0.6f);
}

TEST(Aligner, SynonymsScoreAboveUnrelatedWords) {
  Document a = Analyze("The minister warned of a difficult winter for farmers.");
  Document syn = Analyze("The minister cautioned of a hard winter for growers.");
  Document other = Analyze("The minister praised a mild summer for tourists.");
  float with_synonyms = LinkBetween(LinkSentences(a, syn, testing::TestLexicon(), AlignParams{}), 0, 0);
  float with_other = LinkBetween(LinkSentences(a, other, testing::TestLexicon(), AlignParams{}), 0, 0);
  EXPECT_GT(with_synonyms, with_other + 0.2f);
}

TEST(Aligner, DifferentFiguresInTheSameTemplateAreDiscounted) {
  Document a = Analyze("Net profit rose to 5.5 mln dlrs from 4.3 mln dlrs in the quarter at Alpha Corp.");
  Document same = Analyze("Net profit rose to 5.5 mln dlrs from 4.3 mln dlrs in the quarter at Alpha Corp.");
  Document other = Analyze("Net profit rose to 7.1 mln dlrs from 2.9 mln dlrs in the quarter at Beta Inc.");
  float copy = LinkBetween(LinkSentences(a, same, testing::TestLexicon(), AlignParams{}), 0, 0);
  float tmpl = LinkBetween(LinkSentences(a, other, testing::TestLexicon(), AlignParams{}), 0, 0);
  EXPECT_GT(copy, 0.9f);
  EXPECT_LT(tmpl, 0.5f * copy);
}

TEST(Aligner, ChainsFollowTheStoryOverInsertedSentences) {
  std::string s1 = "Engineers designed a new bridge over the river. ";
  std::string s2 = "The contract will be awarded in the autumn. ";
  std::string s3 = "Shopkeepers fear two years of construction work. ";
  std::string s4 = "Environmental groups welcomed the plan for cleaner air. ";
  std::string filler = "Completely different matters about football results appeared. "
                       "Weather forecasters expect heavy snow across mountains. "
                       "A famous violinist performed with the orchestra. ";
  Document a = Analyze(s1 + s2 + s3 + s4);
  Document b = Analyze(s1 + s2 + filler + s3 + s4);
  AlignParams params;
  auto links = LinkSentences(a, b, testing::TestLexicon(), params);
  auto passages = ChainPassages(a, b, links, params, 10);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0].links, 4u);  // the filler sentences are stepped over
  EXPECT_EQ(passages[0].b_first, 0u);
  EXPECT_EQ(passages[0].b_last, 6u);
  EXPECT_EQ(passages[0].cells[1], std::make_pair(1u, 1u));
  EXPECT_EQ(passages[0].cells[2], std::make_pair(2u, 5u));
}

TEST(Aligner, ListLinesRunTogetherScoreAsTheSameText) {
  // Nine list lines on one side, two run-on sentences on the other: each
  // line's link to the long sentence has a low Dice, the passage does not.
  Document a = Analyze(
      "Eighteen hours of private tutoring\nOnline sessions in a live classroom\n"
      "Two-way audio with your tutor\nAccess to hundreds of recorded lessons\n"
      "Printed home study materials\nFull practice tests with score reports\n"
      "Written feedback on every essay\nExtra tutoring hours on request\n"
      "Money back if your score does not improve\n");
  Document b = Analyze(
      "Eighteen hours of private tutoring online sessions in a live classroom two-way audio with "
      "your tutor access to hundreds of recorded lessons printed home study materials. Full "
      "practice tests with score reports written feedback on every essay extra tutoring hours on "
      "request money back if your score does not improve.");
  AlignParams params;
  auto passages = ChainPassages(a, b, LinkSentences(a, b, testing::TestLexicon(), params), params, 10);
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_GT(passages[0].similarity, 0.75f);  // each line alone: Dice near 0.2
  EXPECT_EQ(passages[0].sentences, 2u);  // the thinner side
}

TEST(Aligner, ReorderedParagraphsBecomeSeparatePassages) {
  std::string p1 = "Engineers designed a new bridge over the river. The contract will be awarded in autumn. ";
  std::string p2 = "Shopkeepers fear two years of construction work. Environmental groups welcomed the plan. ";
  Document a = Analyze(p1 + p2);
  Document b = Analyze(p2 + p1);
  AlignParams params;
  auto passages = ChainPassages(a, b, LinkSentences(a, b, testing::TestLexicon(), params), params, 10);
  ASSERT_EQ(passages.size(), 2u);
  EXPECT_EQ(passages[0].a_first, 0u);
  EXPECT_EQ(passages[0].b_first, 2u);
  EXPECT_EQ(passages[1].a_first, 2u);
  EXPECT_EQ(passages[1].b_first, 0u);
}

TEST(Aligner, OverlyCommonKeysAreSkippedNotQuadratic) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "alpha beta gamma. ";
  Document a = Analyze(text);
  auto graph = LinkSentences(a, a, testing::TestLexicon(), AlignParams{});
  EXPECT_TRUE(graph.links.empty());  // every key occurs thousands of times
}

// Names said twice count once, and the link is the same whichever
// sentence is called A.
TEST(Aligner, NamesAgreeTheSameWayInBothDirections) {
  Document a = Analyze(
      "The Doria Grand Hotel in Milan, near Corso Buenos Aires in Milan, is twenty minutes from Linate Airport.");
  Document b = Analyze("Doria grand Fleabag of Metal, near corso Buenos Aires, is twenty proceedings from quiet Airport.");
  float forward = LinkBetween(LinkSentences(a, b, testing::TestLexicon(), AlignParams{}), 0, 0);
  float backward = LinkBetween(LinkSentences(b, a, testing::TestLexicon(), AlignParams{}), 0, 0);
  EXPECT_GT(forward, 0.0f);
  EXPECT_FLOAT_EQ(forward, backward);
}

// A passage copied word for word ends where the copy ends, even when the
// next sentence of the source repeats the words of its last one: that
// sentence is matched whole already, and cannot also be a piece of more.
TEST(Aligner, AVerbatimChainDoesNotWidenOverANeighbourSharingItsWords) {
  const std::string copied =
      "The harbour commission approved the dredging contract after a long debate about silt. "
      "Engineers warned that the northern channel had narrowed every winter since the storm wall. "
      "The commission promised weekly reports on water quality near the old customs house. ";
  const std::string echo =
      "Weekly reports on water quality near the customs house were promised by the commission again. ";
  Document a = Analyze(testing::Filler(1, 6) + copied + echo + testing::Filler(2, 6));
  Document b = Analyze(testing::Filler(3, 6) + copied + testing::Filler(4, 6));
  SentenceGraph graph = LinkSentences(a, b, testing::TestLexicon(), AlignParams{});
  ASSERT_GT(LinkBetween(graph, 9, 8), AlignParams{}.min_chain_end);  // the echo links to the copy's last sentence
  for (const SentenceLink& l : graph.links) {
    if (l.a == 9 && l.b == 8) {
      EXPECT_TRUE(l.outshone);
    }
    if (l.a == 8 && l.b == 8) {
      EXPECT_FALSE(l.outshone);
    }
  }
  std::vector<AlignedPassage> chains = ChainPassages(a, b, graph, AlignParams{}, 10);
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].a_first, 6u);
  EXPECT_EQ(chains[0].a_last, 8u);
}

}  // namespace
}  // namespace retold
