#include "retold/fingerprint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>

#include "fingerprint/minhash.h"
#include "testing/test_support.h"

namespace retold {
namespace {

std::string RandomWords(std::mt19937& rng, size_t n) {
  static const char* kWords[] = {"tram", "council", "vote", "harbour", "bridge", "river", "loan",
                                 "mayor", "budget", "tax",  "station", "square", "fund", "region",
                                 "spring", "autumn", "tender", "street", "shop", "engineer"};
  std::string s;
  for (size_t i = 0; i < n; ++i) s += std::string(kWords[rng() % 20]) + std::to_string(rng() % 50) + " ";
  return s;
}

size_t Shared(std::vector<uint32_t> x, std::vector<uint32_t> y) {
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  std::vector<uint32_t> both;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
  return both.size();
}

TEST(MinHash, EstimatesJaccard) {
  MinHasher x(256), y(256);
  for (uint64_t i = 0; i < 3000; ++i) {
    uint64_t h = i * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
    if (i < 2000) x.Add(h);
    if (i >= 1000) y.Add(h);
  }
  // True Jaccard: 1000 shared of 3000.
  EXPECT_NEAR(EstimateJaccard(x.Finish(), y.Finish()), 1.0 / 3, 0.08);
  EXPECT_TRUE(MinHasher(16).Finish().empty());
}

TEST(Fingerprint, IdenticalTextsIdenticalFingerprints) {
  std::string text = testing::ReadFile(testing::SamplePath("original.txt"));
  Fingerprint a = LexicalFingerprint(text), b = LexicalFingerprint(text);
  EXPECT_EQ(a.lexical, b.lexical);
  EXPECT_EQ(a.winnow, b.winnow);
  EXPECT_EQ(a.lexical.size(), kLexicalHashes);
  std::vector<uint32_t> sorted = a.winnow;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());  // unique
  EXPECT_EQ(a.winnow_sentence.size(), a.winnow.size());
  // Case and punctuation do not change the lexical channel.
  std::string shouted = text;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(LexicalFingerprint(shouted).lexical, a.lexical);
}

// Winnowing's guarantee: a shared run of kShingle + window - 1 words always
// leaves a shared hash, wherever it sits in two otherwise different texts.
TEST(FingerprintProperty, SharedRunsAlwaysLeaveASharedWinnow) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::string run = RandomWords(rng, 5 + kWinnowWindow - 1);
    std::string a = RandomWords(rng, rng() % 200) + run + RandomWords(rng, rng() % 200);
    std::string b = RandomWords(rng, rng() % 200) + run + RandomWords(rng, rng() % 200);
    EXPECT_GE(Shared(LexicalFingerprint(a).winnow, LexicalFingerprint(b).winnow), 1u) << trial;
  }
}

// The same in a document long enough to be winnowed in segments (16,384
// shingles), with the run across a segment's edge.
TEST(FingerprintProperty, SharedRunsLeaveASharedWinnowInLongDocuments) {
  std::mt19937 rng(9);
  for (int trial = 0; trial < 20; ++trial) {
    std::string run = RandomWords(rng, 5 + kWinnowWindow - 1);
    std::string a = RandomWords(rng, 16384 - 12 + trial) + run + RandomWords(rng, 3000);
    std::string b = RandomWords(rng, rng() % 50) + run + RandomWords(rng, rng() % 50);
    EXPECT_GE(Shared(LexicalFingerprint(a).winnow, LexicalFingerprint(b).winnow), 1u) << trial;
  }
}

// Words are runs of ASCII letters and digits and UTF-8 bytes, read eight
// bytes at a time: any other byte separates them, wherever words and
// separators fall in those blocks, and long words count whole.
TEST(FingerprintProperty, WordsAreTheSameWhateverSeparatesThem) {
  std::mt19937 rng(11);
  static const char* kWords[] = {"a", "to", "Mayor", "x9", "2024", "caf\xc3\xa9", "infrastructure",
                                 "counter-intelligence", "QUARTERLY", "z\xc3\xbcrich", "ab12cd34ef56"};
  static const char* kSeparators[] = {" ", ", ", "  ", "\t", " (", ") ", " / ", ";", " \"", "' ", " - "};
  for (int trial = 0; trial < 200; ++trial) {
    std::string spaced, separated;
    size_t n = 5 + rng() % 60;
    for (size_t i = 0; i < n; ++i) {
      std::string word = kWords[rng() % std::size(kWords)];
      if (word == "counter-intelligence") word = "counter intelligence";  // two words either way
      spaced += word + " ";
      separated += word + kSeparators[rng() % std::size(kSeparators)];
    }
    Fingerprint a = LexicalFingerprint(spaced), b = LexicalFingerprint(separated);
    EXPECT_EQ(a.lexical, b.lexical) << separated;
    EXPECT_EQ(a.winnow, b.winnow) << separated;
  }
  // A separator inside a word makes two words of it; digits and UTF-8
  // bytes are part of words.
  EXPECT_NE(LexicalFingerprint("one two three four fivesix").lexical,
            LexicalFingerprint("one two three four five-six").lexical);
  EXPECT_NE(LexicalFingerprint("one two three four x9").lexical,
            LexicalFingerprint("one two three four x 9").lexical);
  EXPECT_NE(LexicalFingerprint("one two three four caf\xc3\xa9").lexical,
            LexicalFingerprint("one two three four caf \xc3\xa9").lexical);
  EXPECT_EQ(LexicalFingerprint("one two three four five [@`{").lexical,
            LexicalFingerprint("one two three four five").lexical);
  EXPECT_EQ(LexicalFingerprint("one two three four five AZ").lexical,
            LexicalFingerprint("one two three four five az").lexical);
  EXPECT_EQ(LexicalFingerprint("one two three four five six").lexical,
            LexicalFingerprint("one two three four five-six").lexical);
}

// A word of any length hashes the same whether the text has 16 more bytes
// after its start (read as two words at once) or ends within them (read
// byte-exact), and its case is folded either way.
TEST(FingerprintProperty, WordsHashTheSameAtTheTextsEnd) {
  const std::string lead = "alpha beta gamma delta ";
  for (size_t length = 1; length <= 40; ++length) {
    std::string word;
    for (size_t k = 0; k < length; ++k) word += static_cast<char>((k % 3 == 0 ? 'A' : 'a') + k % 26);
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const Fingerprint at_end = LexicalFingerprint(lead + word);
    const Fingerprint padded = LexicalFingerprint(lead + word + std::string(20, ' '));
    const Fingerprint followed = LexicalFingerprint(lead + lower + " and more words after it");
    EXPECT_EQ(at_end.lexical, padded.lexical) << length;
    EXPECT_EQ(at_end.winnow, padded.winnow) << length;
    EXPECT_EQ(at_end.winnow, LexicalFingerprint(lead + lower).winnow) << length;
    EXPECT_EQ(Shared(at_end.winnow, followed.winnow), at_end.winnow.size()) << length;
  }
  EXPECT_NE(LexicalFingerprint(lead + "abcdefgh").winnow, LexicalFingerprint(lead + "abcdefghi").winnow);
  EXPECT_NE(LexicalFingerprint(lead + "abcdefghijklmnop").winnow,
            LexicalFingerprint(lead + "abcdefghijklmnopq").winnow);
}

// The text is read in blocks of 64 bytes: a word cut by a block's edge,
// or ending where the text fills its last block, still counts whole and
// once, and the sentences are numbered the same.
TEST(FingerprintProperty, WordsAcrossBlockEdgesCountWhole) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 50; ++trial) {
    std::string text = RandomWords(rng, 30 + rng() % 40);
    text.replace(text.find(' ', text.size() / 2), 1, ". Then ");
    text.pop_back();  // ends with a word
    Fingerprint plain = LexicalFingerprint(text);
    std::vector<uint32_t> starts = LexicalSentenceStarts(text);
    ASSERT_EQ(starts.size(), 2u);
    EXPECT_EQ(LexicalSentenceStarts(text, 1), std::vector<uint32_t>{0});  // read no further
    EXPECT_EQ(LexicalSentenceStarts(text, 2), starts);
    for (size_t shift = 1; shift <= 130; ++shift) {
      std::string moved = std::string(shift, ' ') + text;
      Fingerprint f = LexicalFingerprint(moved);
      EXPECT_EQ(f.lexical, plain.lexical) << shift;
      EXPECT_EQ(f.winnow, plain.winnow) << shift;
      EXPECT_EQ(f.winnow_sentence, plain.winnow_sentence) << shift;
      EXPECT_EQ(LexicalSentenceStarts(moved)[1], starts[1] + shift) << shift;
    }
  }
  // A last word that ends the text at a block's end.
  std::string full(64 - 9, ' ');
  full += "one two three four fivefive";
  full = full.substr(full.size() - 64);
  ASSERT_EQ(full.size(), 64u);
  EXPECT_EQ(LexicalFingerprint(full).lexical, LexicalFingerprint(full + " ").lexical);
  EXPECT_NE(LexicalFingerprint(full).lexical, LexicalFingerprint(full.substr(0, 63)).lexical);
}

// A passage said twice leaves its hashes once, each with its first place.
TEST(Fingerprint, RepeatedPassageKeepsItsFirstPlace) {
  std::mt19937 rng(3);
  std::string passage = RandomWords(rng, 40);
  passage.back() = '.';
  std::string text = passage + " Then " + RandomWords(rng, 30) + "now. Again " + passage;
  Fingerprint once = LexicalFingerprint(passage), twice = LexicalFingerprint(text);
  std::vector<uint32_t> sorted = twice.winnow;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  size_t found = 0;
  for (uint32_t h : once.winnow) {
    auto it = std::find(twice.winnow.begin(), twice.winnow.end(), h);
    if (it == twice.winnow.end()) continue;
    ++found;
    EXPECT_EQ(twice.winnow_sentence[it - twice.winnow.begin()], 0u) << h;
  }
  EXPECT_GE(found, once.winnow.size() / 2);
}

TEST(Fingerprint, SkeletonSurvivesSynonymSwapsButNotOtherNames) {
  Analyzer analyzer(testing::TestLexicon());
  Document a = analyzer.Analyze(testing::ReadFile(testing::SamplePath("original.txt")));
  Document b = analyzer.Analyze(testing::ReadFile(testing::SamplePath("rewritten.txt")));
  Document c = analyzer.Analyze(testing::ReadFile(testing::SamplePath("same_story.txt")));
  Fingerprint fa = FullFingerprint(a), fb = FullFingerprint(b), fc = FullFingerprint(c);
  ASSERT_EQ(fa.skeleton.size(), kSkeletonHashes);
  EXPECT_GT(EstimateJaccard(fa.skeleton, fb.skeleton), 0.3);
  EXPECT_LT(EstimateJaccard(fa.lexical, fb.lexical), 0.2);  // the words did change
  EXPECT_GT(EstimateJaccard(fa.skeleton, fb.skeleton), EstimateJaccard(fa.skeleton, fc.skeleton));
}

TEST(Fingerprint, EmptyAndTinyTexts) {
  Fingerprint f = LexicalFingerprint("");
  EXPECT_TRUE(f.lexical.empty());
  EXPECT_TRUE(f.winnow.empty());
  Fingerprint g = LexicalFingerprint("one two three four five");
  EXPECT_EQ(g.lexical.size(), kLexicalHashes);
  EXPECT_EQ(g.winnow.size(), 1u);
}

}  // namespace
}  // namespace retold
