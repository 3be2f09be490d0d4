#include "retold/candidates.h"

#include <gtest/gtest.h>

#include <algorithm>

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

}  // namespace
}  // namespace retold
