#include "align/blocks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "retold/compare.h"
#include "testing/test_support.h"

namespace retold {
namespace {

using testing::Filler;

using testing::TestComparer;

const std::string kPassage =
    "The harbour commission approved the dredging contract after a long debate about silt and "
    "shipping. Engineers warned that the northern channel had narrowed every winter since the "
    "storm wall was built. Fishermen asked for compensation because the work would close their "
    "moorings for most of the spring season. ";

// PAN's random obfuscation, by hand: the sentences in reverse order, words
// dropped, replaced and shuffled within each. No two sentences keep their
// order, and few consecutive words survive.
const std::string kScrambled =
    "Fishermen spring asked qorv because their druve work plim would blunt. "
    "Northern engineers trask channel pell warned narrowed since frin wall vost. "
    "Commission harbour debate the dredging blay quelm contract brisk sorp. ";

// Sentences of `text`, each with its full stop and the space after it.
std::vector<std::string> SentencesOf(const std::string& text) {
  std::vector<std::string> out;
  for (size_t begin = 0, end; begin < text.size(); begin = end + 2) {
    end = text.find(". ", begin);
    if (end == std::string::npos) break;
    out.push_back(text.substr(begin, end + 2 - begin));
  }
  return out;
}

// Half of a sentence's words swapped for made-up ones: a link of about 0.5.
std::string HalfChanged(const std::string& sentence) {
  std::string out;
  size_t word = 0;
  for (size_t begin = 0; begin < sentence.size();) {
    size_t end = sentence.find(' ', begin);
    if (end == std::string::npos) end = sentence.size();
    std::string w = sentence.substr(begin, end - begin);
    out += (word++ % 2 == 1 ? "zzq" + std::to_string(word) + (w.back() == '.' ? "." : "") : w);
    if (end < sentence.size()) out += ' ';
    begin = end + 1;
  }
  return out;
}

struct Pair {
  Document a, b;
  SentenceGraph graph;
};

Pair Analyze(const std::string& a, const std::string& b) {
  Pair p{TestComparer().Analyze(a), TestComparer().Analyze(b), {}};
  p.graph = LinkSentences(p.a, p.b, testing::TestLexicon(), AlignParams{});
  return p;
}

// The block over the scrambled passage (B's sentences from `first`), or null.
const Block* BlockAt(const std::vector<Block>& blocks, uint32_t first) {
  for (const Block& b : blocks) {
    if (b.passage.b_first <= first && first <= b.passage.b_last) return &b;
  }
  return nullptr;
}

TEST(Blocks, AScrambledPassageAmidUnrelatedTextIsACopy) {
  std::string head = Filler(3, 20);
  std::string a = Filler(1, 20) + kPassage + Filler(2, 20);
  std::string b = head + kScrambled + Filler(4, 20);
  Comparison c = TestComparer().Compare(a, b);
  ASSERT_EQ(c.verdict, Verdict::kPartial);
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].b.begin, head.size());
  EXPECT_GE(c.passages[0].b.end + 2, head.size() + kScrambled.size());

  Pair p = Analyze(a, b);
  const std::vector<Block> blocks = FindBlocks(p.a, p.b, p.graph, AlignParams{}, BlockParams{});
  const Block* block = BlockAt(blocks, 20);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(block->passage.sentences, 3u);
  EXPECT_LE(block->chance, BlockParams{}.max_chance);
}

// Three short sentences, scrambled: too little content for the evidence a
// verdict needs in general, but nothing else in the pair looks like them.
TEST(Blocks, AShortScrambledPassageThatStandsOutIsACopy) {
  const std::string passage =
      "Engineers warned the northern channel. Fishermen asked the harbour board for compensation over "
      "lost catches. The storm wall narrowed every mooring along the quiet eastern shore. ";
  const std::string scrambled = "Channel engineers druve. Compensation blay fishermen. Mooring frin storm. ";
  std::string head = Filler(3, 20);
  std::string a = Filler(1, 20) + passage + Filler(2, 20);
  std::string b = head + scrambled + Filler(4, 20);
  Pair p = Analyze(a, b);
  std::vector<Region> passing = PassingBlocks(p.a, p.b, p.graph, AlignParams{}, BlockParams{});
  ASSERT_EQ(passing.size(), 1u);
  EXPECT_LE(passing[0].passage.chance, BlockParams{}.rare_chance);
  EXPECT_LT(passing[0].passage.evidence, 4.0);  // below what a verdict needs from a passage of no note
  Comparison c = TestComparer().Compare(a, b);
  ASSERT_EQ(c.verdict, Verdict::kPartial);
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].b.begin, head.size());
}

// The same block where the two texts also share a loose link every few
// sentences, as two reports on one subject do: it no longer stands out.
TEST(Blocks, TheSameLinksAmidManyOthersAreChance) {
  std::vector<std::string> filler_a = SentencesOf(Filler(1, 20)), filler_b = SentencesOf(Filler(3, 20));
  std::string a, b;
  for (size_t k = 0; k < filler_a.size(); ++k) {
    a += filler_a[k];
    // B echoes A's sentences half changed, far apart and out of order.
    b += filler_b[k] + (k % 2 == 0 ? HalfChanged(filler_a[(k * 7) % filler_a.size()]) : "");
  }
  uint32_t scrambled_first = static_cast<uint32_t>(SentencesOf(b).size());
  a += kPassage + Filler(2, 20);
  b += kScrambled + Filler(4, 20);
  Pair p = Analyze(a, b);
  size_t background = 0;
  for (const SentenceLink& l : p.graph.links) background += l.similarity >= BlockParams{}.min_link;
  ASSERT_GE(background, 10u);  // the echoes did link
  const std::vector<Block> blocks = FindBlocks(p.a, p.b, p.graph, AlignParams{}, BlockParams{});
  const Block* block = BlockAt(blocks, scrambled_first);
  ASSERT_NE(block, nullptr);
  EXPECT_GT(block->chance, BlockParams{}.max_chance);
  for (const Region& r : PassingBlocks(p.a, p.b, p.graph, AlignParams{}, BlockParams{})) {
    EXPECT_FALSE(r.passage.b_first <= scrambled_first && scrambled_first <= r.passage.b_last);
  }
}

// Two weekly reports filled into one template: the same sentences, each
// with numbers of its own. Their links stand out from a sparse background
// as a copy's do, but their numbers disagree.
std::string WeeklyReport(const std::vector<std::string>& n) {
  return "Narrowly defined money supply M-1 fell " + n[0] + " mln dlrs to " + n[1] +
         " billion dlrs in the week ended March " + n[2] + ", the central bank said. M-2, which is M-1 plus "
         "notice and personal fixed-term deposits, rose " + n[3] + " mln dlrs to " + n[4] +
         " billion dlrs. M-3, which adds non-personal term deposits and foreign currency deposits of "
         "residents, rose " + n[5] + " mln dlrs to " + n[6] + " billion dlrs. General loans outstanding "
         "at chartered banks fell " + n[7] + " mln dlrs to " + n[8] + " billion dlrs. ";
}

TEST(Blocks, ReportsFilledIntoOneTemplateAreNoBlock) {
  std::string report_a = WeeklyReport({"291", "32.44", "25", "56", "177.54", "321", "216.67", "169", "126.03"});
  std::string report_b = WeeklyReport({"592", "33.36", "4", "778", "177.95", "113", "217.28", "500", "125.54"});
  std::string a = Filler(1, 20) + report_a + Filler(2, 20);
  std::string b = Filler(3, 20) + report_b + Filler(4, 20);
  Pair p = Analyze(a, b);
  EXPECT_TRUE(PassingBlocks(p.a, p.b, p.graph, AlignParams{}, BlockParams{}).empty());
  EXPECT_EQ(TestComparer().Compare(a, b).verdict, Verdict::kUnrelated);
  // The same report copied, its numbers kept, is one.
  EXPECT_NE(TestComparer().Compare(a, Filler(3, 20) + report_a + Filler(4, 20)).verdict, Verdict::kUnrelated);
}

TEST(Blocks, UnrelatedTextsHaveNone) {
  Pair p = Analyze(Filler(1, 30), Filler(2, 30));
  EXPECT_TRUE(PassingBlocks(p.a, p.b, p.graph, AlignParams{}, BlockParams{}).empty());
}

}  // namespace
}  // namespace retold
