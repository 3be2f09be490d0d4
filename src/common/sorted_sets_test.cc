#include "common/sorted_sets.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <vector>

namespace retold {
namespace {

std::vector<int> RandomSet(std::mt19937& random, int universe) {
  std::set<int> s;
  size_t n = random() % 60;
  while (s.size() < n) s.insert(static_cast<int>(random() % universe));
  return {s.begin(), s.end()};
}

TEST(SortedSets, JaccardOfSmallCases) {
  EXPECT_DOUBLE_EQ(SortedJaccard<int>({}, {}), 0.0);
  EXPECT_DOUBLE_EQ(SortedJaccard<int>({1, 2, 3}, {2, 3, 4}), 0.5);
  EXPECT_DOUBLE_EQ(SortedJaccard<int>({1, 2}, {1, 2}), 1.0);
}

// The early stop must never change the answer, at or near the threshold.
TEST(SortedSets, JaccardAtLeastAgreesWithJaccard) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<int> x = RandomSet(random, 80), y = RandomSet(random, 80);
    if (trial % 3 == 0) y = x;  // nested and equal sets, where the answer is yes
    if (trial % 3 == 0 && !y.empty()) y.resize(random() % y.size());
    for (double t : {0.25, 0.5, 0.6, 1.0}) {
      ASSERT_EQ(SortedJaccardAtLeast(x, y, t), SortedJaccard(x, y) >= t)
          << "trial " << trial << " threshold " << t;
    }
  }
}

}  // namespace
}  // namespace retold
