#include "dedup/families.h"

#include <gtest/gtest.h>

namespace retold {
namespace {

TEST(Families, UnionFindJoinsChains) {
  auto families = BuildFamilies(6, {{0, 1}, {1, 2}, {4, 5}},
                                {{"", 100}, {"", 300}, {"", 200}, {"", 50}, {"", 10}, {"", 20}});
  ASSERT_EQ(families.size(), 2u);
  EXPECT_EQ(families[0].members, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(families[0].original, 1u);  // undated: the longest text
  EXPECT_EQ(families[1].members, (std::vector<uint32_t>{4, 5}));
  EXPECT_EQ(families[1].original, 5u);
}

TEST(Families, EarliestDateWinsThenLength) {
  auto families = BuildFamilies(
      4, {{0, 1}, {0, 2}, {0, 3}},
      {{"2024-03-02", 900}, {"2024-03-01", 100}, {"2024-03-01", 200}, {"", 5000}});
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].original, 2u);  // earliest date; of the two, the longer
}

TEST(Families, NoLinksNoFamilies) {
  EXPECT_TRUE(BuildFamilies(3, {}, {{"", 1}, {"", 2}, {"", 3}}).empty());
}

}  // namespace
}  // namespace retold
