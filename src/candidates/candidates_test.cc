#include "retold/candidates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "testing/test_support.h"

namespace retold {
namespace {

bool Has(const std::vector<std::pair<uint32_t, uint32_t>>& pairs, uint32_t a, uint32_t b) {
  return std::find(pairs.begin(), pairs.end(), std::make_pair(a, b)) != pairs.end();
}

TEST(Candidates, RewritesMeetThroughTheSkeletonNotTheWords) {
  Analyzer analyzer(testing::TestLexicon());
  std::vector<Fingerprint> f;
  for (const char* name : {"original.txt", "rewritten.txt", "same_story.txt"}) {
    f.push_back(FullFingerprint(analyzer.Analyze(testing::ReadFile(testing::SamplePath(name)))));
  }
  CandidateStats stats;
  auto pairs = FindCandidates(f, CandidateOptions{}, &stats);
  EXPECT_TRUE(Has(pairs, 0, 1));
  EXPECT_GT(stats.skeleton, 0u);
  CandidateOptions lexical;
  lexical.lexical_only = true;
  CandidateStats lexical_stats;
  FindCandidates(f, lexical, &lexical_stats);
  EXPECT_EQ(lexical_stats.lexical, 0u);  // classic MinHash LSH misses the rewrite
}

TEST(Candidates, BigBucketsStayLinear) {
  std::string text = testing::ReadFile(testing::SamplePath("original.txt"));
  std::vector<Fingerprint> f(5000, LexicalFingerprint(text));
  CandidateOptions options;
  options.lexical_only = true;
  auto pairs = FindCandidates(f, options);
  // Neighbours only: about n pairs, not n^2 / 2.
  EXPECT_GE(pairs.size(), 4999u);
  EXPECT_LE(pairs.size(), 5u * 5000u);
}

TEST(Candidates, ExcerptsMeetThroughWinnowing) {
  std::string source = testing::ReadFile(testing::SamplePath("original.txt"));
  std::string host = testing::ReadFile(testing::SamplePath("same_story.txt"));
  size_t from = source.find("Shopkeepers on Canal Street");
  size_t to = source.find("The regional government");
  std::string copy = host + "\n\n" + source.substr(from, to - from);
  std::vector<Fingerprint> f = {LexicalFingerprint(source), LexicalFingerprint(host),
                                LexicalFingerprint(copy)};
  CandidateStats stats;
  auto pairs = FindCandidates(f, CandidateOptions{}, &stats);
  EXPECT_TRUE(Has(pairs, 0, 2));
  EXPECT_FALSE(Has(pairs, 0, 1));
}

// Sentences of random words, each distinct across the whole test.
std::string Sentences(std::mt19937& rng, size_t n) {
  static const char* kWords[] = {"harbour", "council", "budget", "river",   "orchard", "violin",
                                 "glacier", "pottery", "senate", "railway", "meteor",  "lantern",
                                 "quarry",  "tariff",  "vaccine", "bakery",  "drought", "ferry"};
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += "Word" + std::to_string(rng() % 100000);
    for (int w = 0; w < 17; ++w) s += std::string(" ") + kWords[rng() % 18] + std::to_string(rng() % 1000);
    s += ". ";
  }
  return s;
}

TEST(Candidates, ARecurringSentenceIsOnePassageNotPairs) {
  // 10,000 different stories, all ending with the same sign-off sentence:
  // one recurring passage, no pair (it would be 50 million pairs).
  std::mt19937 rng(7);
  const std::string boilerplate =
      "This story was produced by our regional desk with the support of the national news "
      "agency and the foundation for local journalism in the northern provinces.";
  std::vector<Fingerprint> f;
  for (int d = 0; d < 10000; ++d) f.push_back(LexicalFingerprint(Sentences(rng, 4) + "\n\n" + boilerplate));
  std::vector<RecurringPassage> recurring;
  CandidateStats stats;
  auto pairs = FindCandidates(f, CandidateOptions{.lexical_only = true}, &stats, &recurring);
  JoinRecurring(&recurring);
  // The winnow channel proposes nothing; MinHash bands filled by the
  // sentence form full buckets, which link neighbours only (linear).
  EXPECT_EQ(stats.winnow, 0u);
  EXPECT_LT(pairs.size(), 10000u);
  ASSERT_EQ(recurring.size(), 1u);
  EXPECT_EQ(recurring[0].documents.size(), 10000u);
  EXPECT_GE(recurring[0].hashes, 2u);
  EXPECT_EQ(recurring[0].sentences, (std::vector<uint16_t>{4}));  // the fifth sentence
}

TEST(Candidates, OneSharedSentenceIsNotEnoughTwoPlacesAre) {
  std::mt19937 rng(11);
  std::string shared1 = Sentences(rng, 1), shared2 = Sentences(rng, 1);
  std::string a = Sentences(rng, 3) + shared1 + Sentences(rng, 3) + shared2 + Sentences(rng, 2);
  std::string one = Sentences(rng, 4) + shared1 + Sentences(rng, 4);
  std::string two = Sentences(rng, 2) + shared1 + Sentences(rng, 1) + shared2 + Sentences(rng, 4);
  std::vector<Fingerprint> f = {LexicalFingerprint(a), LexicalFingerprint(one), LexicalFingerprint(two)};
  auto pairs = FindCandidates(f, CandidateOptions{.lexical_only = true});
  EXPECT_FALSE(Has(pairs, 0, 1));
  EXPECT_TRUE(Has(pairs, 0, 2));
}

// Keys are grouped by their low 32 bits first: two keys that agree there
// and nowhere else (a band's hash and a winnowed hash) stay two groups.
TEST(Candidates, KeysAlikeInTheirLowBitsOnlyAreNotOneGroup) {
  const uint64_t band = (uint64_t{kLexicalBandKey} << 62) | (uint64_t{0x1234} << 32) | 0xABCD;
  const uint64_t winnow = (uint64_t{kWinnowKey} << 62) | 0xABCD;
  std::vector<CandidateKey> keys = {{band, 1, 0}, {winnow, 2, 0}, {band, 3, 0}, {winnow, 4, 3}};
  const std::vector<uint32_t> none;
  KeyPartEvidence out;
  ScanKeyPart(&keys, CandidateOptions{}, [&](uint32_t) -> const std::vector<uint32_t>& { return none; }, &out);
  ASSERT_EQ(out.evidence.size(), 2u);
  std::sort(out.evidence.begin(), out.evidence.end(),
            [](const PairEvidence& x, const PairEvidence& y) { return x.pair < y.pair; });
  EXPECT_EQ(out.evidence[0].pair, (uint64_t{1} << 32) | 3);
  EXPECT_EQ(out.evidence[0].kind, kLexicalBandKey);
  EXPECT_EQ(out.evidence[1].pair, (uint64_t{2} << 32) | 4);
  EXPECT_EQ(out.evidence[1].kind, kWinnowKey);
  EXPECT_EQ(out.evidence[1].value, 3u);  // the places: 0 in 2, 3 in 4
}

// CandidateKeys appends: the parts of several documents' keys, gathered
// into one vector a part, hold every key of every document once, in
// document order, each winnowed hash with its place.
TEST(Candidates, CandidateKeysAppendEveryKeyToItsPart) {
  std::mt19937 rng(4);
  std::vector<Fingerprint> prints;
  for (int d = 0; d < 3; ++d) prints.push_back(LexicalFingerprint(Sentences(rng, 6)));
  constexpr uint32_t kParts = 4;
  size_t total = 0;
  for (uint32_t part = 0; part < kParts; ++part) {
    std::vector<CandidateKey> keys;
    for (uint32_t d = 0; d < prints.size(); ++d) CandidateKeys(prints[d], d, true, part, kParts, &keys);
    total += keys.size();
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end(),
                               [](const CandidateKey& x, const CandidateKey& y) { return x.doc < y.doc; }));
    for (const CandidateKey& k : keys) {
      if (KindOfKey(k) != kWinnowKey) continue;
      const Fingerprint& f = prints[k.doc];
      auto it = std::find(f.winnow.begin(), f.winnow.end(), static_cast<uint32_t>(k.key));
      ASSERT_NE(it, f.winnow.end());
      EXPECT_EQ(k.place, f.winnow_sentence[it - f.winnow.begin()]);
    }
  }
  size_t expected = 0;
  for (const Fingerprint& f : prints) expected += BandsOf(f, true).size() + f.winnow.size();
  EXPECT_EQ(total, expected);
}

}  // namespace
}  // namespace retold
