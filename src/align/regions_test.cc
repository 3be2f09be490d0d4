#include "align/regions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "retold/compare.h"
#include "testing/test_support.h"

namespace retold {
namespace {

using testing::TestComparer;

using testing::Filler;

const std::string kPassage =
    "The harbour commission approved the dredging contract after a long debate about silt and "
    "shipping. Engineers warned that the northern channel had narrowed every winter since the "
    "storm wall was built. Fishermen asked for compensation because the work would close their "
    "moorings for most of the spring season. The commission promised a temporary pier near the "
    "old customs house and weekly reports on water quality. Critics said the budget ignored the "
    "cost of moving contaminated mud to the inland landfill.";

// PAN's random obfuscation, by hand: the sentences in reverse order, a
// third of the words dropped, neighbours swapped. Chains, which advance on
// both sides, find it in four pieces; one reused passage is one passage.
const std::string kScrambled =
    "Critics said budget ignored cost of moving mud the to inland landfill. The commission a temporary "
    "pier near customs house and weekly on water quality reports. Fishermen asked compensation because "
    "work would close moorings for the spring. Engineers that warned the northern channel narrowed every "
    "winter the storm wall was built. The harbour commission approved dredging contract after debate silt "
    "shipping. ";

TEST(Regions, ScrambledPassageInsideUnrelatedTextsIsOnePassage) {
  std::string a = Filler(1, 12) + kPassage + " " + Filler(2, 12);
  std::string head = Filler(3, 15);
  std::string b = head + kScrambled + Filler(4, 10);
  Comparison c = TestComparer().Compare(a, b);
  ASSERT_EQ(c.verdict, Verdict::kPartial);
  ASSERT_EQ(c.passages.size(), 1u);
  size_t begin = head.size(), end = head.size() + kScrambled.size();
  EXPECT_EQ(c.passages[0].b.begin, begin);
  EXPECT_GE(c.passages[0].b.end + 2, end);
  EXPECT_LE(c.passages[0].b.end, end);
}

// Four sentences of a story, and a summary of them.
const std::string kSummarised[] = {
    "The harbour commission approved the dredging contract after a long debate about silt and shipping. ",
    "A consultant from the port authority estimated that the project would take eighteen months. ",
    "Several ferry operators fear delays while the dredgers work in the main basin. ",
    "Residents can follow the progress of the dredging on a public website updated every Friday. "};
const std::string kSummary =
    "After a long debate about silt, the harbour commission approved a dredging contract. "
    "A port authority consultant estimated the project would take about eighteen months. "
    "Ferry operators fear delays while dredgers work in the main basin. "
    "Residents can follow the dredging progress on a website updated every Friday. ";

// A summary: four consecutive sentences, each condensing one sentence of a
// source where they lie far apart, amid unrelated text. The source's
// passage is all of the source, and none of the unrelated text.
TEST(Regions, SummaryMarksItsWholeSource) {
  std::string source = kSummarised[0] + Filler(11, 9) + kSummarised[1] + Filler(12, 9) + kSummarised[2] +
                       Filler(13, 9) + kSummarised[3];
  std::string before = Filler(1, 6), head = Filler(3, 15);
  std::string a = before + source + Filler(2, 6);
  std::string b = head + kSummary + Filler(4, 10);
  Comparison c = TestComparer().Compare(a, b);
  ASSERT_EQ(c.verdict, Verdict::kPartial);
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].a.begin, before.size());
  EXPECT_GE(c.passages[0].a.end + 2, before.size() + source.size());
  EXPECT_EQ(c.passages[0].b.begin, head.size());
  EXPECT_GE(c.passages[0].b.end + 2, head.size() + kSummary.size());
}

TEST(Regions, ASummaryOfAWholeStoryMarksAllOfIt) {
  // The same summary, now of a story whose opening and close (which the
  // summary leaves out) are on its topic: the summary is of the story, and
  // its source is all of it.
  const std::string opening =
      "Silt has been piling up in the harbour for years. Shipping lines complained to the port authority. ";
  const std::string close = "The dredgers are expected in the basin next spring, the port authority said.";
  std::string story = opening + kSummarised[0] + Filler(11, 9) + kSummarised[1] + Filler(12, 9) + kSummarised[2] +
                      Filler(13, 9) + kSummarised[3] + close;
  std::string head = Filler(3, 15);
  Comparison c = TestComparer().Compare(story, head + kSummary + Filler(4, 10));
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].a.begin, 0u);
  EXPECT_EQ(c.passages[0].a.end, story.size());
  EXPECT_EQ(c.passages[0].b.begin, head.size());
}

// A short source copied into a long page in two pieces far apart, with a
// line of a few words it says twice ("same-day appointments") that the
// page says once between them. That line links wherever its words recur;
// it must not make the pieces a summary of the page between them.
TEST(Regions, ALineSaidTwiceDoesNotMakeTwoPiecesASummary) {
  const std::string line = "We offer same-day appointments. ";
  const std::string first = kSummarised[0] + kSummarised[1];
  const std::string second = kSummarised[2] + kSummarised[3];
  std::string source = line + first + line + second;
  std::string head = Filler(3, 10), middle = Filler(5, 25) + line + Filler(6, 25);
  std::string page = head + first + middle + second + Filler(7, 10);
  Comparison c = TestComparer().Compare(source, page);
  ASSERT_NE(c.verdict, Verdict::kUnrelated);
  for (const Passage& p : c.passages) {
    // Each passage lies on one piece, not across the page between them.
    EXPECT_TRUE(p.b.end <= head.size() + first.size() + 2 || p.b.begin + 2 >= head.size() + first.size() + middle.size())
        << p.b.begin << "-" << p.b.end;
  }
}

// The first sentence of a run also links far back in the other document
// (a point the story made earlier too). Without that link the run is a
// copy sentence for sentence, which is no condensed passage; with it, it
// would seem to draw on thirty sentences.
TEST(Regions, ACondensedRunStartsAtItsFirstSentencesNearestLink) {
  Document a = TestComparer().Analyze(Filler(1, 40)), b = TestComparer().Analyze(Filler(2, 10));
  SentenceGraph graph;
  auto link = [](uint32_t sa, uint32_t sb, float similarity) {
    SentenceLink l;
    l.a = sa, l.b = sb, l.similarity = similarity;
    return l;
  };
  graph.links = {link(5, 2, 0.54f), link(30, 2, 0.56f), link(31, 3, 0.6f), link(32, 4, 0.6f), link(33, 5, 0.6f)};
  EXPECT_TRUE(FindCondensed(a, b, graph, AlignParams{}, RegionParams{}).empty());
  // Two pieces copied sentence for sentence, far apart: no summary of the
  // sentences between them either.
  graph.links = {link(10, 2, 0.6f), link(11, 3, 0.6f), link(12, 4, 0.6f), link(30, 5, 0.6f), link(31, 6, 0.6f)};
  EXPECT_TRUE(FindCondensed(a, b, graph, AlignParams{}, RegionParams{}).empty());
  // Far apart in earnest, it is one.
  graph.links = {link(10, 2, 0.54f), link(15, 3, 0.6f), link(20, 4, 0.6f), link(25, 5, 0.6f)};
  std::vector<Region> condensed = FindCondensed(a, b, graph, AlignParams{}, RegionParams{});
  ASSERT_EQ(condensed.size(), 1u);
  EXPECT_EQ(condensed[0].passage.a_first, 10u);
  EXPECT_EQ(condensed[0].passage.a_last, 25u);
}

TEST(Regions, UnrelatedTextsHaveNone) {
  std::string a = Filler(1, 20), b = Filler(2, 20);
  EXPECT_EQ(TestComparer().Compare(a, b).verdict, Verdict::kUnrelated);
}

AlignedPassage Piece(uint32_t a_first, uint32_t a_last, uint32_t b_first, uint32_t b_last, float similarity) {
  AlignedPassage p;
  p.a_first = a_first, p.a_last = a_last, p.b_first = b_first, p.b_last = b_last;
  p.similarity = similarity;
  p.evidence = similarity * 10;
  for (uint32_t k = 0; a_first + k <= a_last && b_first + k <= b_last; ++k) p.cells.emplace_back(a_first + k, b_first + k);
  return p;
}

TEST(Regions, ARegionJoinsTheChainsItOverlaps) {
  std::vector<AlignedPassage> evidence = {Piece(0, 2, 0, 2, 0.6f), Piece(6, 8, 6, 8, 0.5f), Piece(20, 21, 30, 31, 0.9f)};
  Region region{Piece(1, 9, 1, 9, 0.55f), false};
  MergeRegions({region}, &evidence);
  ASSERT_EQ(evidence.size(), 2u);
  EXPECT_EQ(evidence[0].a_first, 0u);
  EXPECT_EQ(evidence[0].a_last, 9u);
  EXPECT_EQ(evidence[0].b_last, 9u);
  EXPECT_FLOAT_EQ(evidence[0].similarity, 0.6f);  // the stronger chain's figures
  EXPECT_EQ(evidence[1].a_first, 20u);
}

TEST(Regions, OnlyAStandaloneRegionBecomesAPassageOfItsOwn) {
  std::vector<AlignedPassage> evidence;
  MergeRegions({Region{Piece(3, 5, 3, 5, 0.7f), false}}, &evidence);
  EXPECT_TRUE(evidence.empty());
  MergeRegions({Region{Piece(3, 5, 3, 5, 0.7f), true}}, &evidence);
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].a_first, 3u);
}

TEST(Regions, ARegionOfNoNoteJoinsAPairShownToBeACopy) {
  std::vector<AlignedPassage> evidence = {Piece(4, 8, 4, 8, 0.9f)};
  std::vector<Region> regions = {
      Region{Piece(20, 23, 40, 42, 0.5f), false},   // apart from the copy: a second passage
      Region{Piece(7, 10, 30, 33, 0.6f), false},    // shares sentences of A with it: part of it
      Region{Piece(30, 33, 50, 52, 0.4f), false}};  // too loose
  AddSupportedRegions(regions, &evidence);
  ASSERT_EQ(evidence.size(), 2u);
  EXPECT_EQ(evidence[0].a_first, 4u);
  EXPECT_EQ(evidence[1].a_first, 20u);
  EXPECT_EQ(evidence[1].b_last, 42u);
}

TEST(Regions, ANearVerbatimChainKeepsItsEdges) {
  std::vector<AlignedPassage> evidence = {Piece(4, 8, 4, 8, 0.95f)};
  MergeRegions({Region{Piece(2, 10, 2, 10, 0.6f), true}}, &evidence);
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].a_first, 4u);
  EXPECT_EQ(evidence[0].a_last, 8u);
}

}  // namespace
}  // namespace retold
