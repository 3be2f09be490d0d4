#include "align/summaries.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/test_support.h"

namespace retold {
namespace {

using testing::Filler;
using testing::TestComparer;

const std::vector<std::string> kStory = {
    "The city council voted on Monday to close the old Riverside swimming pool at the end of the summer. ",
    "Councillors said the building needed repairs costing more than four million pounds. ",
    "The pool opened in 1936 and was once the largest open-air bath in the region. ",
    "Local swimmers organised a petition that gathered eleven thousand signatures in three weeks. ",
    "Campaigners argued that the pool was the only affordable place for children to learn to swim. ",
    "The council offered to extend free lessons at the sports centre on the other side of town. ",
    "Parents complained that the sports centre was two bus rides away for most families. ",
    "A charity has offered to take over the pool and run it with volunteers. ",
    "Its director said donors had already pledged half of the money needed for the roof. ",
    "The council will consider the charity's offer at a meeting in September. ",
    "Until then the pool will stay open every afternoon during the school holidays. ",
    "Lifeguards said the last weeks would be busy because of the warm weather. "};

const std::string kSummary =
    "Councillors voted to shut the Riverside pool, which opened in 1936, because repairs would cost over "
    "four million pounds. Swimmers signed a petition, saying the pool was the only cheap place where "
    "children learn to swim. A charity wants to run the pool with volunteers, and its donors have pledged "
    "half the money for the roof. The council will discuss the offer in September. ";

std::string Story() {
  std::string out;
  for (const std::string& s : kStory) out += s;
  return out;
}

std::vector<Region> Runs(const std::string& a_text, const std::string& b_text, Document* a, Document* b) {
  *a = TestComparer().Analyze(a_text);
  *b = TestComparer().Analyze(b_text);
  SentenceGraph graph = LinkSentences(*a, *b, testing::TestLexicon(), AlignParams{});
  return FindSummaryRuns(*a, *b, graph, AlignParams{}, SummaryParams{});
}

TEST(Summaries, ASummaryIsARunOfSentencesLinkedAcrossItsSource) {
  const std::string head = Filler(3, 15);
  Document a, b;
  std::vector<Region> runs = Runs(Story(), head + kSummary + Filler(4, 10), &a, &b);
  ASSERT_EQ(runs.size(), 1u);
  const AlignedPassage& p = runs[0].passage;
  EXPECT_EQ(b.sentences[p.b_first].begin, head.size());
  EXPECT_EQ(p.b_last - p.b_first, 3u);  // the summary's four sentences
  EXPECT_LE(p.a_first, 1u);             // drawn from the whole story
  EXPECT_GE(p.a_last, 9u);
  EXPECT_TRUE(runs[0].standalone);
  EXPECT_TRUE(runs[0].alone_only);
}

// The story says one of its points again far below, amid other text: the
// summary's sentence links there too, more loosely, and the source the
// run marks still ends with the story.
TEST(Summaries, ASummarysSourceEndsAtItsSentencesClosestLinks) {
  const std::string echo = "The council will discuss the charity offer again, a spokesman said. ";
  Document a, b;
  std::vector<Region> runs = Runs(Story() + Filler(5, 12) + echo, Filler(3, 15) + kSummary + Filler(4, 10), &a, &b);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_LE(runs[0].passage.a_last, kStory.size() - 1);
}

TEST(Summaries, ReportsRunningSideBySideAreNoSummary) {
  // The story retold sentence for sentence (as two market reports run
  // sector by sector): links in a run, in order, but nothing condensed.
  std::string retold;
  for (const std::string& s : kStory) retold += "Reports said that " + s;
  Document a, b;
  EXPECT_TRUE(Runs(Story(), Filler(3, 15) + retold + Filler(4, 10), &a, &b).empty());
}

TEST(Summaries, ARunAmidLinksEverywhereIsChance) {
  // B links to the story all over, not only in the summary: a report on
  // the same subject, whose one paragraph resembling a summary is chance.
  std::string b_text;
  for (size_t k = 0; k < kStory.size(); ++k) b_text += Filler(10 + static_cast<uint32_t>(k), 2) + kStory[k];
  Document a, b;
  EXPECT_TRUE(Runs(Story(), b_text + kSummary, &a, &b).empty());
}

AlignedPassage Piece(uint32_t a_first, uint32_t a_last, uint32_t b_first, uint32_t b_last) {
  AlignedPassage p;
  p.a_first = a_first, p.a_last = a_last, p.b_first = b_first, p.b_last = b_last;
  p.similarity = 0.5f;
  p.evidence = 5;
  p.cells = {{a_first, b_first}, {a_last, b_last}};
  return p;
}

TEST(Summaries, PiecesOfOneSummaryJoinAndMarkTheWholeSource) {
  // A headline summary whose sentences were found as two passages, each
  // condensing part of the story: one summary of all of it.
  Document a = TestComparer().Analyze(Story());
  Document b = TestComparer().Analyze(Filler(3, 15) +
                                      "Riverside pool to close. Swimmers petition. Charity offers help. "
                                      "Decision in September, and the pool stays open in the holidays. " +
                                      Filler(4, 10));
  std::vector<AlignedPassage> evidence = {Piece(0, 5, 15, 16), Piece(7, 9, 18, 18)};
  WidenSummaries(a, b, &evidence);
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].a_first, 0u);
  EXPECT_EQ(evidence[0].a_last, kStory.size() - 1);
  EXPECT_EQ(evidence[0].b_first, 15u);
  EXPECT_EQ(evidence[0].b_last, 18u);
  // Two passages copied sentence for sentence, side by side in B and far
  // apart in A, stay two.
  Document c = TestComparer().Analyze(Filler(3, 15) + kStory[0] + kStory[1] + kStory[8] + Filler(4, 10));
  std::vector<AlignedPassage> copies = {Piece(0, 1, 15, 16), Piece(8, 8, 17, 17)};
  WidenSummaries(a, c, &copies);
  EXPECT_EQ(copies.size(), 2u);
}

}  // namespace
}  // namespace retold
