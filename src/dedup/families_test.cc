#include <gtest/gtest.h>

#include "retold/dedup.h"

namespace retold {
namespace {

DedupPair Pair(uint32_t a, uint32_t b, Verdict verdict, uint32_t source = kNoDocument,
               std::string_view reason = {}) {
  DedupPair p;
  p.a = a;
  p.b = b;
  p.comparison.verdict = verdict;
  p.source = source;
  p.source_reason = source == kNoDocument ? std::string_view() : reason;
  return p;
}

std::vector<DocumentFacts> Undated(size_t n) { return std::vector<DocumentFacts>(n, {"", 100}); }

const DedupMember* Member(const DedupFamily& f, uint32_t d) {
  for (const DedupMember& m : f.members) {
    if (m.document == d) return &m;
  }
  return nullptr;
}

TEST(Families, WholeCopiesJoinPartialsLink) {
  // 0 ~ 1 rewrite, 2 holds an excerpt of 1, 3 ~ 4 near duplicates.
  DedupResult r;
  r.pairs = {Pair(0, 1, Verdict::kRewrite, 0, "wording"), Pair(1, 2, Verdict::kPartial, 1, "contains"),
             Pair(3, 4, Verdict::kNearDuplicate)};
  BuildFamilies(Undated(5), &r);
  ASSERT_EQ(r.families.size(), 3u);
  EXPECT_EQ(r.families[0].members.size(), 2u);
  EXPECT_EQ(r.families[1].members.size(), 1u);  // the host: a family of one
  EXPECT_EQ(r.families[1].members[0].document, 2u);
  EXPECT_NE(r.family_of[1], r.family_of[2]);  // the partial pair did not merge them
  EXPECT_EQ(r.family_of[0], r.family_of[1]);
  EXPECT_EQ(r.families[0].members[0].document, 0u);  // named source by its pair
  EXPECT_EQ(r.families[0].original_basis, "wording");
  EXPECT_TRUE(r.families[1].members[0].kept);  // an excerpt's host is kept
  EXPECT_FALSE(Member(r.families[0], 1)->kept);
}

TEST(Families, OriginalFromPairsThenDatesThenFirstRead) {
  DedupResult r;
  // 2 is named source twice; 0 and 1 are its copies.
  r.pairs = {Pair(0, 2, Verdict::kRewrite, 2, "page_furniture"), Pair(1, 2, Verdict::kNearDuplicate, 2, "date"),
             Pair(0, 1, Verdict::kRewrite)};
  std::vector<DocumentFacts> facts = Undated(3);
  BuildFamilies(facts, &r);
  ASSERT_EQ(r.families.size(), 1u);
  EXPECT_EQ(r.families[0].members[0].document, 2u);
  EXPECT_EQ(r.families[0].original_basis, "date");  // a date outranks other reasons
  EXPECT_EQ(Member(r.families[0], 0)->relation, "rewrite");

  DedupResult undecided;
  undecided.pairs = {Pair(0, 1, Verdict::kExact)};
  facts = {{"", 100}, {"2024-03-01", 100}};
  BuildFamilies(facts, &undecided);
  EXPECT_EQ(undecided.families[0].members[0].document, 1u);  // the only dated one
  facts = {{"", 100}, {"", 500}};
  BuildFamilies(facts, &undecided);
  EXPECT_EQ(undecided.families[0].members[0].document, 0u);  // first read, not the longest
  EXPECT_TRUE(undecided.families[0].original_basis.empty());
}

TEST(Families, KeepDropsOnlyWholeCopiesOfKeptDocuments) {
  // 0 ~ 1 and 1 ~ 2 rewrites, but 0 and 2 are no copies of each other:
  // dropping 1 (a copy of 0) must not drop 2, whose text nothing kept holds.
  DedupResult r;
  r.pairs = {Pair(0, 1, Verdict::kRewrite, 0, "wording"), Pair(1, 2, Verdict::kRewrite)};
  BuildFamilies(Undated(3), &r);
  ASSERT_EQ(r.families.size(), 1u);
  EXPECT_TRUE(Member(r.families[0], 0)->kept);
  EXPECT_FALSE(Member(r.families[0], 1)->kept);
  EXPECT_TRUE(Member(r.families[0], 2)->kept);
  EXPECT_EQ(Member(r.families[0], 2)->relation, "indirect");
}

TEST(Families, SourceFromDatesBeforeText) {
  DedupPair p = Pair(0, 1, Verdict::kNearDuplicate);
  p.comparison.source = Side::kA;
  p.comparison.source_reason = "wording";
  DecideSource({"2024-05-01", 10}, {"2024-04-01", 10}, &p);
  EXPECT_EQ(p.source, 1u);
  EXPECT_EQ(p.source_reason, "date");
  DecideSource({"2024-05-01", 10}, {"", 10}, &p);  // one date decides nothing
  EXPECT_EQ(p.source, 0u);
  EXPECT_EQ(p.source_reason, "wording");
}

TEST(Families, NoPairsNoFamilies) {
  DedupResult r;
  BuildFamilies(Undated(3), &r);
  EXPECT_TRUE(r.families.empty());
}

}  // namespace
}  // namespace retold
