#include "retold/candidates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>

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

// ScanKeyPart's grouping (a radix sort by the keys' low bits, then by the
// whole key where those agree) gives what grouping by a map gives, whether
// the keys come in document order (one machine) or in none (a cluster):
// each winnowed hash in fewer than recurring_documents documents is
// evidence for each pair of its documents, with their places; one in more
// is one recurring group; a band shared is evidence for its pairs.
// Groups as a map does, whether the radix sort's runs are small (three
// passes of 8 bits) or large (two of 12).
class ScanKeyPartSizes : public ::testing::TestWithParam<int> {};

TEST_P(ScanKeyPartSizes, GroupsAsAMapDoes) {
  const int key_count = GetParam();
  std::mt19937_64 rng(11);
  std::vector<uint64_t> pool;
  // As many keys in the pool as keep a band key's documents under
  // max_bucket (a fuller bucket is cut down, and this reference does not).
  const int pool_size = 400 * std::max(1, key_count / 3000);
  for (int h = 0; h < pool_size; ++h) {
    // Half at random; half alike in their top 8 and low 12 bits, so that
    // only the middle bits tell them apart.
    uint64_t low = rng() & 0xFFFFFFFFu;
    if (h % 2 == 0) low = (h % 4 == 0 ? 0xFF000000u : 0u) | ((rng() % 4096) << 12) | 0x123u;
    pool.push_back((uint64_t{kWinnowKey} << 62) | low);
    // Some band keys alike in the low 32 bits to a winnowed hash.
    if (h % 10 == 0) pool.push_back((uint64_t{kLexicalBandKey} << 62) | ((rng() & 0xFFFFFF) << 32) | low);
  }
  std::vector<CandidateKey> keys;
  for (int k = 0; k < key_count; ++k) {
    // Skewed: a few keys are in many documents.
    const size_t pick = std::min(rng() % pool.size(), rng() % pool.size());
    keys.push_back({pool[pick], static_cast<uint32_t>(rng() % 200), static_cast<uint16_t>(rng() % 50)});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const CandidateKey& x, const CandidateKey& y) { return x.doc < y.doc; });
  const CandidateOptions options;
  // The reference: groups by key, each in document order.
  std::map<uint64_t, std::vector<CandidateKey>> groups;
  for (const CandidateKey& k : keys) groups[k.key].push_back(k);
  using Row = std::tuple<uint64_t, uint32_t, uint8_t>;
  std::vector<Row> expected;
  size_t expected_recurring = 0;
  for (const auto& [key, members] : groups) {
    std::vector<uint32_t> docs;
    for (const CandidateKey& k : members) docs.push_back(k.doc);
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    if (KindOfKey(members[0]) == kWinnowKey) {
      if (docs.size() >= options.recurring_documents) {
        ++expected_recurring;
        continue;
      }
      for (size_t x = 0; x < members.size(); ++x) {
        for (size_t y = x + 1; y < members.size(); ++y) {
          if (members[x].doc == members[y].doc) continue;
          expected.emplace_back((uint64_t{members[x].doc} << 32) | members[y].doc,
                                (uint32_t{members[x].place} << 16) | members[y].place, kWinnowKey);
        }
      }
    } else {
      for (size_t x = 0; x < docs.size(); ++x) {
        for (size_t y = x + 1; y < docs.size(); ++y) {
          expected.emplace_back((uint64_t{docs[x]} << 32) | docs[y], 0u, kLexicalBandKey);
        }
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  ASSERT_GT(expected_recurring, 0u);
  ASSERT_GT(expected.size(), 100u);
  const std::vector<uint32_t> none;
  for (bool shuffled : {false, true}) {
    std::vector<CandidateKey> input = keys;
    if (shuffled) std::shuffle(input.begin(), input.end(), rng);
    KeyPartEvidence out;
    ScanKeyPart(&input, options, [&](uint32_t) -> const std::vector<uint32_t>& { return none; }, &out);
    std::vector<Row> got;
    for (const PairEvidence& e : out.evidence) got.emplace_back(e.pair, e.value, e.kind);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected) << (shuffled ? "shuffled" : "in document order");
    EXPECT_EQ(out.recurring.size(), expected_recurring);
  }
}

// 3,000 keys make runs of a few hundred; 40,000 make two runs (the pool's
// keys alike in their top 8 bits) of some 10,000.
INSTANTIATE_TEST_SUITE_P(Candidates, ScanKeyPartSizes, ::testing::Values(3000, 40000));

// Fingerprints grouped for candidate search (as dedup's first pass groups
// them) give the same pairs and recurring passages as fingerprints in text
// order, and the same keys in candidate search in steps, whose part count
// is not the one they were grouped by.
TEST(Candidates, GroupedFingerprintsFindWhatUngroupedOnesFind) {
  std::mt19937 rng(21);
  std::vector<std::string> pool;
  for (int k = 0; k < 60; ++k) pool.push_back(Sentences(rng, 1));
  std::vector<Fingerprint> plain, grouped;
  for (int d = 0; d < 300; ++d) {
    std::string text;
    for (int k = 0; k < 12; ++k) text += pool[rng() % pool.size()];
    plain.push_back(LexicalFingerprint(text + Sentences(rng, 3)));
    grouped.push_back(plain.back());
    GroupForCandidates(&grouped.back());
    ASSERT_NE(grouped.back().winnow_parts, 0u);
    std::vector<uint32_t> a = plain.back().winnow, b = grouped.back().winnow;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    ASSERT_EQ(a, b);
  }
  const CandidateOptions options{.lexical_only = true};
  std::vector<RecurringPassage> plain_recurring, grouped_recurring;
  CandidateStats plain_stats, grouped_stats;
  const auto plain_pairs = FindCandidates(plain, options, &plain_stats, &plain_recurring);
  const auto grouped_pairs = FindCandidates(grouped, options, &grouped_stats, &grouped_recurring);
  ASSERT_GT(plain_pairs.size(), 10u);
  EXPECT_EQ(plain_pairs, grouped_pairs);
  EXPECT_EQ(plain_stats.winnow, grouped_stats.winnow);
  JoinRecurring(&plain_recurring);
  JoinRecurring(&grouped_recurring);
  ASSERT_FALSE(plain_recurring.empty());
  ASSERT_EQ(plain_recurring.size(), grouped_recurring.size());
  for (size_t k = 0; k < plain_recurring.size(); ++k) {
    EXPECT_EQ(plain_recurring[k].documents, grouped_recurring[k].documents);
    EXPECT_EQ(plain_recurring[k].sentences, grouped_recurring[k].sentences);
  }
  auto key_rows = [](std::vector<CandidateKey> keys) {
    std::vector<std::tuple<uint64_t, uint32_t, uint16_t>> rows;
    for (const CandidateKey& k : keys) rows.emplace_back(k.key, k.doc, k.place);
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  for (uint32_t parts : {3u, 16u}) {
    for (uint32_t part = 0; part < parts; ++part) {
      std::vector<CandidateKey> from_plain, from_grouped;
      for (uint32_t d = 0; d < plain.size(); ++d) {
        CandidateKeys(plain[d], d, true, part, parts, &from_plain);
        CandidateKeys(grouped[d], d, true, part, parts, &from_grouped);
      }
      EXPECT_EQ(key_rows(from_plain), key_rows(from_grouped)) << part << " of " << parts;
    }
  }
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
