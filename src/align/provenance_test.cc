#include "align/provenance.h"

#include <gtest/gtest.h>

#include "retold/word_counts.h"
#include "testing/test_support.h"

namespace retold {
namespace {

using testing::TestComparer;

std::string Sample(const char* name) { return testing::ReadFile(testing::SamplePath(name)); }

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find("\n\n", at);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

// A story about something else, with two paragraphs of the sample put into
// its middle: a host that carries an excerpt.
std::string HostWithExcerpt() {
  std::vector<std::string> source = Paragraphs(Sample("original.txt"));
  return "Northfield Rovers unveil plans for a new stadium\n\n"
         "Northfield Rovers on Monday presented plans for a 22,000-seat stadium on the site of the "
         "old gasworks, ending years of speculation about the football club's future at its "
         "crumbling ground.\n\n"
         "The club's chairman, Olav Brenner, said the move would allow Rovers to compete with "
         "larger rivals and to host international youth tournaments. Supporters' groups gave the "
         "plans a cautious welcome but asked for guarantees on ticket prices.\n\n" +
         source[4] + "\n\n" + source[5] +
         "\n\nArchitects expect the stadium's steel roof to be the largest of its kind in the "
         "country. Season ticket holders will be offered seats in the new stands at the prices "
         "they pay today for the first three seasons.\n\n"
         "The club hopes to play its first match at the new ground in August 2028, subject to "
         "planning approval from the district authority.\n";
}

TEST(Provenance, FurnitureMarksTheRepost) {
  std::string original = Sample("original.txt");
  std::string repost = "Share this article\n\n4 min read\n\n" + original +
                       "\nFollow us on Twitter for the latest news.\n";
  Comparison c = TestComparer().Compare(repost, original);
  EXPECT_NE(c.verdict, Verdict::kUnrelated);
  EXPECT_EQ(c.source, Side::kB);
  EXPECT_EQ(c.source_reason, "page_furniture");
  Comparison mirrored = TestComparer().Compare(original, repost);
  EXPECT_EQ(mirrored.source, Side::kA);
}

TEST(Provenance, SpunWordsMarkTheCopy) {
  Comparison c = TestComparer().Compare(Sample("rewritten.txt"), Sample("original.txt"));
  EXPECT_EQ(c.verdict, Verdict::kRewrite);
  EXPECT_EQ(c.source, Side::kB);
  EXPECT_EQ(c.source_reason, "wording");
}

TEST(Provenance, AnExcerptAmidAnotherStoryIsTheCopy) {
  Comparison c = TestComparer().Compare(HostWithExcerpt(), Sample("original.txt"));
  EXPECT_EQ(c.verdict, Verdict::kPartial);
  EXPECT_EQ(c.source, Side::kB);
  EXPECT_EQ(c.source_reason, "contains");
}

// A careless copy: letters swapped in a few words, one word written twice.
TEST(Provenance, TyposMarkTheCopy) {
  std::string original = Sample("original.txt");
  std::string copy = original;
  for (auto [word, slip] : {std::pair{"estimated", "estimtaed"}, {"passengers", "pasengers"},
                            {"complained", "complianed"}, {"compensation", "compensaton"}}) {
    size_t at = copy.find(word);
    ASSERT_NE(at, std::string::npos) << word;
    copy.replace(at, std::string_view(word).size(), slip);
  }
  size_t at = copy.find("the tram would");
  copy.replace(at, 3, "the the");
  Comparison c = TestComparer().Compare(copy, original);
  EXPECT_TRUE(IsWholeDocument(c.verdict));
  EXPECT_EQ(c.source, Side::kB);
  EXPECT_EQ(c.source_reason, "typos");
  EXPECT_EQ(TestComparer().Compare(original, copy).source, Side::kA);
}

// The first paragraphs of the sample as a round trip through a Romance
// language leaves them: compounds and possessives undone into "of" phrases.
TEST(Provenance, RoundTripTranslationMarksTheCopy) {
  std::vector<std::string> paragraphs = Paragraphs(Sample("original.txt"));
  std::string original;
  for (size_t i = 0; i < 5; ++i) original += paragraphs[i] + "\n\n";
  std::string translated =
      "Council of the city of harbour approves line of tram after debate of seven hours\n\n"
      "The council of the city of Valmora voted 31 to 14 in the night of Tuesday to build a line "
      "of tram of 12 kilometres linking the old district of the harbour with the campus of the "
      "university, ending a dispute that has divided the city for almost four years.\n\n"
      "The line, which will cost an estimated 410 million of euros, is due to open in 2029 and "
      "will carry up to 60,000 passengers a day, according to figures presented by the department "
      "of transport. The construction will begin the next spring on the section between the "
      "Square of Fisher and the central station of railway.\n\n"
      "The mayor Helena Sarrut called the decision the most important investment of public "
      "transport since the first network of buses of the city was built in 1958. \"Tonight we "
      "chose a city where a student, a nurse and a pensioner can cross the town without a car,\" "
      "she told the reporters after the vote.\n\n"
      "The councillors of the opposition argued that the project was too expensive and that the "
      "money would be better spent on the repair of roads and the extension of the existing routes "
      "of bus. The councillor Marek Ilves, who led the campaign against the tram, said the estimate "
      "of the cost had already risen twice and warned that the payers of taxes would pay for "
      "further overruns.\n";
  Comparison c = TestComparer().Compare(translated, original);
  EXPECT_TRUE(IsWholeDocument(c.verdict));
  EXPECT_EQ(c.source, Side::kB);
  EXPECT_EQ(c.source_reason, "round_trip");
  EXPECT_EQ(TestComparer().Compare(original, translated).source, Side::kA);
}

// In a corpus run the corpus's own language decides: the side whose changed
// words the other documents use is the original. The same pair is judged
// both ways by corpora that speak like one side or the other.
TEST(Provenance, TheCorpusWordsMarkTheCopy) {
  std::string original = Sample("original.txt");
  std::string spun = original;
  for (auto [word, other] : {std::pair{"tram", "streetcar"}, {"councillors", "aldermen"},
                             {"shopkeepers", "storekeepers"}, {"passengers", "riders"},
                             {"department", "bureau"}, {"construction", "building"}}) {
    for (size_t at = spun.find(word); at != std::string::npos; at = spun.find(word, at + 1)) {
      spun.replace(at, std::string_view(word).size(), other);
    }
  }
  auto judged_with = [&](const std::string& language) {
    WordCounts corpus;
    const Comparer& plain = TestComparer();
    corpus.AddDocument(plain.Analyze(original));
    corpus.AddDocument(plain.Analyze(spun));
    for (int k = 0; k < 2; ++k) {  // two other documents in that language, paragraph by paragraph
      for (const std::string& p : Paragraphs(language)) {
        corpus.AddDocument(plain.Analyze("Another report " + std::to_string(k) + ".\n\n" + p));
      }
    }
    CompareOptions options;
    options.corpus_words = &corpus;
    Comparer comparer(testing::TestLexicon(), options);
    return comparer.Compare(spun, original);
  };
  Comparison c = judged_with(original);
  EXPECT_TRUE(IsWholeDocument(c.verdict));
  EXPECT_EQ(c.source, Side::kB);
  EXPECT_EQ(c.source_reason, "wording");
  EXPECT_EQ(judged_with(spun).source, Side::kA);
}

TEST(Provenance, WordCountsMergeAndRoundTrip) {
  WordCounts a, b;
  Document d = TestComparer().Analyze(Sample("original.txt"));
  a.AddDocument(d);
  b.AddDocument(d);
  b.AddDocument(TestComparer().Analyze(Sample("same_story.txt")));
  a.Merge(b);
  uint32_t tram = 0;
  for (const Token& t : d.tokens) {
    if (d.text.compare(t.begin, t.end - t.begin, "tram") == 0) tram = t.term;
  }
  ASSERT_NE(tram, 0u);
  EXPECT_EQ(a.Count(tram), 2u + b.Count(tram) - 1u);
  WordCounts c;
  ASSERT_TRUE(c.FromBytes(a.ToBytes()));
  EXPECT_EQ(c.Count(tram), a.Count(tram));
  EXPECT_EQ(c.words(), a.words());
  EXPECT_FALSE(c.FromBytes("odd"));
}

// A copy with its paragraphs reordered whose passages the alignment found
// for only some of them: the rest is the same text found elsewhere, not
// text of the copy's own, so no side "contains" the other. A copy that
// really leaves text out (a cut version) still marks the fuller side.
TEST(Provenance, TextTheAlignmentMissedIsNotTextOfItsOwn) {
  std::vector<std::string> paragraphs = Paragraphs(Sample("original.txt"));
  ASSERT_GE(paragraphs.size(), 6u);
  std::string original, reordered, cut;
  for (const std::string& p : paragraphs) original += p + "\n\n";
  for (size_t k = paragraphs.size(); k-- > 0;) reordered += paragraphs[k] + "\n\n";
  for (size_t k = 0; k < paragraphs.size(); k += 2) cut += paragraphs[k] + "\n\n";
  const Document a = TestComparer().Analyze(original);
  // Passages for every other paragraph, each where A and B have it.
  auto judge = [&](const std::string& b_text) {
    const Document b = TestComparer().Analyze(b_text);
    Comparison c;
    c.verdict = Verdict::kRewrite;
    for (size_t k = 0; k < paragraphs.size(); k += 2) {
      size_t in_a = original.find(paragraphs[k]), in_b = b_text.find(paragraphs[k]);
      auto end = [&](size_t at) { return static_cast<uint32_t>(at + paragraphs[k].size()); };
      c.passages.push_back({{static_cast<uint32_t>(in_a), end(in_a)}, {static_cast<uint32_t>(in_b), end(in_b)}, 1.0, {}});
    }
    std::sort(c.passages.begin(), c.passages.end(), [](const Passage& x, const Passage& y) { return x.a.begin < y.a.begin; });
    // The passages' spans in A run over the gaps (as a chain's do), so A
    // reads as covered; B's own coverage is what tells the two apart.
    const bool is_cut = b_text.size() == cut.size();
    c.coverage_a = is_cut ? 0.5 : 1.0;
    c.coverage_b = is_cut ? 1.0 : 0.5;
    JudgeSource(a, b, testing::TestLexicon(), nullptr, &c);
    return c;
  };
  EXPECT_EQ(judge(reordered).source, Side::kUnknown);
  Comparison shortened = judge(cut);
  EXPECT_EQ(shortened.source, Side::kA);
  EXPECT_EQ(shortened.source_reason, "contains");
}

TEST(Provenance, NoEvidenceNoAnswer) {
  std::string original = Sample("original.txt");
  Comparison twins = TestComparer().Compare(original, original);
  EXPECT_EQ(twins.source, Side::kUnknown);
  EXPECT_TRUE(twins.source_reason.empty());
  Comparison unrelated = TestComparer().Compare(original, Sample("same_story.txt"));
  EXPECT_EQ(unrelated.source, Side::kUnknown);
  // Both dressed alike: furniture does not decide, and nothing else differs.
  std::string dressed = "Share this article\n\n" + original;
  EXPECT_EQ(TestComparer().Compare(dressed, dressed + " ").source, Side::kUnknown);
}

}  // namespace
}  // namespace retold
