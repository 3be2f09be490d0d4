#include "common/first_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

namespace retold {
namespace {

// Against a map from key to first index, over keys of which many share a
// hash (a hash of only 6 bits), across several doublings of the table.
TEST(FirstIndexTest, AnswersAsAMapOfFirstIndexesDoes) {
  std::mt19937 rng(3);
  std::vector<std::string> keys;
  std::map<std::string, uint32_t> first;
  FirstIndex table;
  for (uint32_t i = 0; i < 5000; ++i) {
    std::string key = "id-" + std::to_string(rng() % 3000);
    keys.push_back(key);
    const uint64_t weak_hash = std::hash<std::string>{}(key) % 64;
    const uint32_t found = table.FindOrInsert(weak_hash, i, [&](uint32_t j) { return keys[j] == key; });
    auto [it, fresh] = first.emplace(key, i);
    if (fresh) {
      EXPECT_EQ(found, FirstIndex::kNone) << key;
    } else {
      EXPECT_EQ(found, it->second) << key;
    }
  }
  EXPECT_EQ(table.size(), first.size());
}

}  // namespace
}  // namespace retold
