#include "common/seen_set.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace retold {
namespace {

// Insert says "first time" exactly when a std::set would, for any values,
// the one that marks empty slots and zero among them, and a little past the
// number of keys the set was sized for.
TEST(SeenSet, FirstTimeExactlyOnceForEveryValue) {
  std::mt19937 rng(3);
  SeenSet<uint32_t> seen(100);
  std::set<uint32_t> truth;
  for (int i = 0; i < 150; ++i) {
    uint32_t key = i % 7 == 0 ? UINT32_MAX : i % 11 == 0 ? 0 : static_cast<uint32_t>(rng() % 120);
    EXPECT_EQ(seen.Insert(key), truth.insert(key).second) << key;
  }
  SeenSet<uint64_t> wide(4);
  EXPECT_TRUE(wide.Insert(UINT64_MAX));
  EXPECT_FALSE(wide.Insert(UINT64_MAX));
  EXPECT_TRUE(wide.Insert(uint64_t{1} << 40));
  EXPECT_FALSE(wide.Insert(uint64_t{1} << 40));
}

}  // namespace
}  // namespace retold
