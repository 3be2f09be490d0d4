#include "retold/compare.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "analysis/utf8.h"
#include "testing/test_support.h"

namespace retold {
namespace {

using testing::Filler;
using testing::TestComparer;

void ExpectValidOffsets(const Comparison& c, const std::string& a, const std::string& b) {
  for (const Passage& p : c.passages) {
    for (auto [span, text] : {std::pair{p.a, &a}, std::pair{p.b, &b}}) {
      EXPECT_LT(span.begin, span.end);
      EXPECT_LE(span.end, text->size());
      EXPECT_TRUE(utf8::IsBoundary(*text, span.begin));
      EXPECT_TRUE(utf8::IsBoundary(*text, span.end));
    }
    EXPECT_GE(p.similarity, 0.0);
    EXPECT_LE(p.similarity, 1.0);
    for (const AlignedSentences& row : p.rows) {
      EXPECT_GE(row.a.begin, p.a.begin);
      EXPECT_LE(row.a.end, p.a.end);
      EXPECT_GE(row.b.begin, p.b.begin);
      EXPECT_LE(row.b.end, p.b.end);
    }
  }
  EXPECT_GE(c.score, 0.0);
  EXPECT_LE(c.score, 1.0);
  EXPECT_GE(c.coverage_a, 0.0);
  EXPECT_LE(c.coverage_a, 1.0);
}

TEST(Compare, SampleRewriteIsFoundAndAligned) {
  std::string a = testing::ReadFile(testing::SamplePath("original.txt"));
  std::string b = testing::ReadFile(testing::SamplePath("rewritten.txt"));
  Comparison c = TestComparer().Compare(a, b);
  EXPECT_EQ(c.verdict, Verdict::kRewrite);
  EXPECT_GT(c.coverage_a, 0.8);
  EXPECT_GT(c.coverage_b, 0.8);
  ExpectValidOffsets(c, a, b);
  // The mayor's quote lines up with its rewritten twin.
  size_t quote = a.find("\"Tonight we chose");
  size_t twin = b.find("\"This evening we picked");
  bool found = false;
  for (const Passage& p : c.passages) {
    for (const AlignedSentences& row : p.rows) {
      if (row.a.begin == quote) {
        EXPECT_EQ(row.b.begin, twin);
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);
}

TEST(Compare, SameStoryWrittenIndependentlyIsUnrelated) {
  std::string a = testing::ReadFile(testing::SamplePath("original.txt"));
  std::string b = testing::ReadFile(testing::SamplePath("same_story.txt"));
  Comparison c = TestComparer().Compare(a, b);
  EXPECT_EQ(c.verdict, Verdict::kUnrelated);
  EXPECT_TRUE(c.passages.empty());
}

TEST(Compare, TemplateReportsAreUnrelated) {
  std::string a = "Alpha Industries Inc 1st qtr net\n\nShr 1.05 dlrs vs 95 cts\n\n"
                  "Net 5,500,000 vs 4,300,000\n\nRevs 80.1 mln vs 70.0 mln\n\n"
                  "Note: Results include a gain of 400,000 dlrs from the sale of a unit.\n";
  std::string b = "Beta Mills Corp 1st qtr net\n\nShr 22 cts vs 31 cts\n\n"
                  "Net 2,100,000 vs 2,900,000\n\nRevs 41.7 mln vs 45.2 mln\n\n"
                  "Note: Results include a gain of 150,000 dlrs from the sale of a plant.\n";
  EXPECT_EQ(TestComparer().Compare(a, b).verdict, Verdict::kUnrelated);
}

TEST(Compare, OneSharedQuoteIsNotACopy) {
  std::string quote = "\"We will not make any concessions under pressure,\" the deputy minister said. ";
  std::string a = "Talks opened in Geneva on Monday amid deep mistrust between the delegations. " + quote +
                  "Analysts expect the meeting to end without agreement on troop levels.";
  std::string b = "The foreign ministry published a statement on its website late on Sunday. " + quote +
                  "Markets in Moscow fell sharply as investors worried about new sanctions.";
  EXPECT_EQ(TestComparer().Compare(a, b).verdict, Verdict::kUnrelated);
}

TEST(Compare, OneLongVerbatimSentenceIsACopyButAShortOneIsNot) {
  // Plagiarism as PAN annotates it: one long sentence lifted word for word
  // into an otherwise different text. A short shared sentence stays chance.
  std::string lifted =
      "The museum's textile collection, begun with a gift of thirty-two advertising leaflets, "
      "instruction booklets and illustrated threading directions for domestic sewing machines, "
      "now fills four storerooms and draws researchers from high schools and universities alike. ";
  std::string a = "Volunteers catalogued the donations over the winter months. " + lifted +
                  "Opening hours change in the summer season.";
  std::string b = "Our club meets on the first Tuesday of every month in the library. " + lifted +
                  "New members are always welcome to join the knitting circle.";
  Comparison c = TestComparer().Compare(a, b);
  EXPECT_NE(c.verdict, Verdict::kUnrelated);  // most of these short texts: rewrite
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].a.begin, a.find("The museum"));
  ExpectValidOffsets(c, a, b);

  std::string short_line = "The museum opens at ten on weekdays. ";
  EXPECT_EQ(TestComparer()
                .Compare("Volunteers catalogued the donations. " + short_line + "Hours change in summer.",
                         "Our club meets in the library. " + short_line + "New members are welcome.")
                .verdict,
            Verdict::kUnrelated);
}

// `source` and its `copy` put amid filler text that shares nothing: one
// partial passage, starting where each of them starts.
void ExpectOnePassageInsideUnrelatedText(const std::string& source, const std::string& copy) {
  const std::string head_a = Filler(1, 8), head_b = Filler(3, 12);
  const std::string a = head_a + source + Filler(2, 8);
  const std::string b = head_b + copy + Filler(4, 6);
  Comparison c = TestComparer().Compare(a, b);
  EXPECT_EQ(c.verdict, Verdict::kPartial);
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].a.begin, head_a.size());
  EXPECT_EQ(c.passages[0].b.begin, head_b.size());
}

TEST(Compare, OneLongSentenceRewordedInsideLongTextsIsACopy) {
  // PAN's "random" obfuscation of a one-sentence passage: words dropped,
  // swapped and replaced, inside documents that share nothing else.
  std::string source =
      "The regional hospital board approved a plan on Tuesday to convert the old maternity wing into a "
      "rehabilitation centre for stroke patients, with thirty beds, two therapy pools, a quiet garden and a "
      "small workshop where patients relearn cooking and household tasks. ";
  std::string reworded =
      "Tuesday board hospital okayed scheme turning wing maternity of old into facility for patients of "
      "strokes, beds thirty, pools therapy, peaceful garden and tiny studio in which the sick learn again "
      "cooking chores and home jobs in the regional setting. ";
  ExpectOnePassageInsideUnrelatedText(source, reworded);
}

TEST(Compare, SentencesRunTogetherAndRewordedAreACopy) {
  // PAN's "random" obfuscation often drops the full stops between
  // sentences: the merged sentence links weakly to each of them (none
  // strongly), and closely only to all of them together.
  std::string source =
      "The agency collects, processes, analyses and publishes detailed figures on wages, prices and "
      "employment for the government, the courts and private business. It also keeps an archive of "
      "household surveys that researchers at universities may consult free of charge on request. "
      "Its monthly bulletin on rents and heating costs is read closely by landlords and tenants alike. ";
  std::string merged =
      "Agency gathers, process, studies and publish careful figures about pay, costs and jobs for the "
      "state, courts and private firms it keeps also an archive of household surveys that university "
      "scholars may consult free of cost when asked, its monthly bulletin on rent and heating bills is "
      "read with care by landlords and tenants both. ";
  ExpectOnePassageInsideUnrelatedText(source, merged);
}

TEST(Compare, OneLongSentenceSharingOnlyNamesAndTitlesIsNotACopy) {
  // Two reports of one meeting list the same people with their titles in
  // one long sentence, and word it otherwise in their own way.
  std::string a = Filler(1, 8) +
                  "Finance Minister Carla Mendes will be explaining Portugal's budget to European Commission "
                  "President Ursula Hartmann, European Central Bank President Marco Delvecchio and Eurogroup "
                  "chairman Pieter Van Loon before travelling on to Madrid at the weekend. " +
                  Filler(2, 8);
  std::string b = Filler(3, 12) +
                  "Talks were held in Brussels with European Commission President Ursula Hartmann, European "
                  "Central Bank chief Marco Delvecchio and Eurogroup head Pieter Van Loon, and Finance "
                  "Minister Carla Mendes left for home afterwards. " +
                  Filler(4, 6);
  EXPECT_EQ(TestComparer().Compare(a, b).verdict, Verdict::kUnrelated);
}

TEST(Compare, ExcerptInsideAnotherDocumentIsPartial) {
  std::string source = testing::ReadFile(testing::SamplePath("original.txt"));
  std::string host = testing::ReadFile(testing::SamplePath("same_story.txt"));
  size_t from = source.find("Shopkeepers on Canal Street");
  size_t to = source.find("The regional government");
  std::string excerpt = source.substr(from, to - from);
  size_t cut = host.find("Students at the university");
  std::string copy = host.substr(0, cut) + excerpt + host.substr(cut);
  Comparison c = TestComparer().Compare(source, copy);
  EXPECT_EQ(c.verdict, Verdict::kPartial);
  ASSERT_FALSE(c.passages.empty());
  EXPECT_EQ(c.passages[0].a.begin, from);
  EXPECT_EQ(c.passages[0].b.begin, cut);
  ExpectValidOffsets(c, source, copy);
}

// A reworded passage whose last sentence was reworded more than the rest:
// its link is weak, but it follows the passage on both sides, so the
// passage runs to its end.
TEST(Compare, AReworkedLastSentenceStillEndsThePassage) {
  const std::string passage =
      "The harbour commission approved the dredging contract after a long debate about silt and shipping. "
      "Engineers warned that the northern channel had narrowed every winter since the storm wall was built. "
      "Fishermen asked for compensation because the work would close their moorings for most of the spring. ";
  const std::string last_a = "Critics said the budget ignored the cost of moving contaminated mud to the inland landfill. ";
  const std::string last_b = "Opponents claimed the budget overlooked what hauling polluted mud would cost. ";
  std::string head = Filler(3, 8);
  std::string a = Filler(1, 8) + passage + last_a + Filler(2, 8);
  const std::string reworded =
      "The harbour board approved the dredging deal after a lengthy debate about silt and shipping. "
      "Engineers cautioned that the north channel had narrowed each winter since the storm wall went up. "
      "Fishermen sought compensation since the work would shut their moorings for much of the spring. ";
  std::string b = head + reworded + last_b + Filler(4, 8);
  Comparison c = TestComparer().Compare(a, b);
  ASSERT_EQ(c.verdict, Verdict::kPartial);
  ASSERT_EQ(c.passages.size(), 1u);
  EXPECT_EQ(c.passages[0].b.begin, head.size());
  EXPECT_GE(c.passages[0].b.end + 2, head.size() + reworded.size() + last_b.size());
  ExpectValidOffsets(c, a, b);
}

TEST(Compare, InvisibleCharactersAndHomoglyphsDoNotHideACopy) {
  std::string a = testing::ReadFile(testing::SamplePath("original.txt"));
  std::string b;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == 'a' && i % 3 == 0) {
      b += "\u0430";  // Cyrillic a
    } else if (a[i] == 'e' && i % 5 == 0) {
      b += "e\u200B";  // zero-width space
    } else {
      b += a[i];
    }
  }
  Comparison c = TestComparer().Compare(a, b);
  EXPECT_EQ(c.verdict, Verdict::kExact);
  ExpectValidOffsets(c, a, b);
}

TEST(Compare, DocumentWithItselfIsExactWithFullCoverage) {
  for (const char* name : {"original.txt", "rewritten.txt", "same_story.txt"}) {
    std::string a = testing::ReadFile(testing::SamplePath(name));
    Comparison c = TestComparer().Compare(a, a);
    EXPECT_EQ(c.verdict, Verdict::kExact) << name;
    EXPECT_EQ(c.coverage_a, 1.0);
    EXPECT_EQ(c.coverage_b, 1.0);
    EXPECT_EQ(c.score, 1.0);
  }
}

// Random documents over a small vocabulary with shared passages: offsets must
// stay in bounds and on boundaries, and the verdict must not depend on order.
TEST(CompareProperty, OffsetsAndSymmetryOnRandomPairs) {
  const std::vector<std::string> words = {
      "council", "tram", "harbour", "vote", "mayor", "budget", "bridge", "river", "loan", "tax",
      "Valmora", "Sarrut", "1958", "410", "caf\u00e9", "na\u00efve", "\u201cquoted\u201d", "the",
      "of", "and", "was", "approved", "rejected", "quickly", "slowly", "\u0436\u0430\u0440"};
  std::mt19937 rng(20261122);
  auto sentence = [&] {
    std::string s;
    int n = 4 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += words[rng() % words.size()] + (i + 1 < n ? " " : "");
    const char* ends[] = {". ", "! ", "? ", ".\n\n", ", "};
    return s + ends[rng() % 5];
  };
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<std::string> shared;
    for (int i = 0; i < 6; ++i) shared.push_back(sentence());
    std::string a, b;
    for (int i = 0; i < 8; ++i) {
      a += (rng() % 2) ? shared[rng() % shared.size()] : sentence();
      b += (rng() % 2) ? shared[rng() % shared.size()] : sentence();
    }
    if (trial % 7 == 0) b += "\xff\xfe broken \xc3";  // invalid UTF-8 too
    Comparison ab = TestComparer().Compare(a, b);
    Comparison ba = TestComparer().Compare(b, a);
    ExpectValidOffsets(ab, a, b);
    ExpectValidOffsets(ba, b, a);
    EXPECT_EQ(ab.verdict, ba.verdict) << "trial " << trial;
    EXPECT_NEAR(ab.coverage_a, ba.coverage_b, 1e-9) << "trial " << trial;
  }
}

TEST(CompareProperty, SymmetricOnTheSamples) {
  std::vector<std::string> names = {"original.txt", "rewritten.txt", "same_story.txt"};
  for (const auto& x : names) {
    for (const auto& y : names) {
      std::string a = testing::ReadFile(testing::SamplePath(x));
      std::string b = testing::ReadFile(testing::SamplePath(y));
      EXPECT_EQ(TestComparer().Compare(a, b).verdict, TestComparer().Compare(b, a).verdict)
          << x << " vs " << y;
    }
  }
}

TEST(Compare, SharedExamplesAreARewriteWithHighCoverage) {
  std::string dir = testing::SharedPath("examples");
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no " << dir << "; skipped";
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 2u);
  std::string a = testing::ReadFile(files[0]), b = testing::ReadFile(files[1]);
  Comparison c = TestComparer().Compare(a, b);
  EXPECT_TRUE(c.verdict == Verdict::kRewrite || c.verdict == Verdict::kPartial)
      << VerdictName(c.verdict);
  EXPECT_GE(c.coverage_a, 0.6);
  EXPECT_GE(c.coverage_b, 0.6);
  ExpectValidOffsets(c, a, b);
}

// Found by fuzzing (compare target): passages ending before a stray
// continuation byte.
TEST(Compare, OffsetsAvoidStrayContinuationBytes) {
  std::string a = testing::ReadFile(testing::SamplePath("original.txt"));
  std::string b = a;
  for (size_t i = 200; i < b.size(); i += 97) {
    if (b[i] == ' ') b[i] = '\x9c';
  }
  Comparison c = TestComparer().Compare(a, b);
  EXPECT_NE(c.verdict, Verdict::kUnrelated);
  ExpectValidOffsets(c, a, b);
  for (const Passage& p : c.passages) {
    for (uint32_t off : {p.b.begin, p.b.end}) {
      if (off < b.size()) {
        EXPECT_NE(static_cast<unsigned char>(b[off]) & 0xC0, 0x80);
      }
    }
  }
}

TEST(Compare, EmptyAndTinyDocumentsAreUnrelated) {
  EXPECT_EQ(TestComparer().Compare("", "").verdict, Verdict::kUnrelated);
  EXPECT_EQ(TestComparer().Compare("...", "Hello there.").verdict, Verdict::kUnrelated);
}

}  // namespace
}  // namespace retold
