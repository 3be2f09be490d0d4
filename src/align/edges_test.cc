#include "align/edges.h"

#include <gtest/gtest.h>

#include <string>

#include "retold/compare.h"
#include "testing/test_support.h"

namespace retold {
namespace {

using testing::Filler;

using testing::TestComparer;

const std::string kCopied =
    "The harbour commission approved the dredging contract after a long debate about silt and shipping. "
    "A consultant from the port authority estimated that the project would take eighteen months. "
    "Several ferry operators fear delays while the dredgers work in the main basin. "
    "Residents can follow the progress of the dredging on a public website updated every Friday.";

Passage Whole(const Document& a, const Document& b, double similarity) {
  Passage p;
  p.a = {a.sentences.front().begin, a.sentences.back().end};
  p.b = {b.sentences.front().begin, b.sentences.back().end};
  p.similarity = similarity;
  p.rows.push_back({p.a, p.b, similarity});
  return p;
}

TEST(Edges, AVerbatimPassageIsTrimmedToTheCopiedWords) {
  // Both copies sit after text of their own on the same topic.
  const std::string own_a = "Shipping news from the harbour: the basin was busy with ferry traffic all week. ";
  const std::string own_b = "Our readers keep asking about the harbour and the ferry timetable, so here is the report: ";
  Document a = TestComparer().Analyze(own_a + kCopied);
  Document b = TestComparer().Analyze(own_b + kCopied + " " + Filler(2, 3));
  Passage p = Whole(a, b, 0.8);
  RefineVerbatimEdges(a, b, &p);
  EXPECT_EQ(p.a.begin, own_a.size());
  EXPECT_EQ(p.a.end, own_a.size() + kCopied.size());
  EXPECT_EQ(p.b.begin, own_b.size());  // inside a sentence of B
  EXPECT_EQ(p.b.end, own_b.size() + kCopied.size());  // the final period included
  ASSERT_FALSE(p.rows.empty());
  EXPECT_EQ(p.rows.front().b.begin, p.b.begin);
  EXPECT_EQ(p.rows.back().b.end, p.b.end);
}

TEST(Edges, AVerbatimPassageWidensToTheWholeSharedRun) {
  const std::string head_a = Filler(5, 3), head_b = Filler(7, 4);
  Document a = TestComparer().Analyze(head_a + kCopied + " " + Filler(6, 3));
  Document b = TestComparer().Analyze(head_b + kCopied + " " + Filler(8, 2));
  // Found as its two middle sentences only.
  const size_t second = kCopied.find("A consultant"), fourth = kCopied.find("Residents");
  Passage p;
  p.a = {static_cast<uint32_t>(head_a.size() + second), static_cast<uint32_t>(head_a.size() + fourth - 1)};
  p.b = {static_cast<uint32_t>(head_b.size() + second), static_cast<uint32_t>(head_b.size() + fourth - 1)};
  p.similarity = 1.0;
  p.rows.push_back({p.a, p.b, 1.0});
  RefineVerbatimEdges(a, b, &p);
  EXPECT_EQ(p.a.begin, head_a.size());
  EXPECT_EQ(p.a.end, head_a.size() + kCopied.size());
  EXPECT_EQ(p.b.begin, head_b.size());
  EXPECT_EQ(p.b.end, head_b.size() + kCopied.size());
}

TEST(Edges, ARewrittenPassageKeepsItsSentenceEdges) {
  const std::string spun =
      "The port board endorsed the dredging deal following a lengthy argument over mud and freight. "
      "An adviser for the harbour office reckoned that the work could last a year and a half. "
      "Some ferry firms worry about hold-ups as the dredgers operate in the central dock. "
      "Locals may track how the dredging goes on an open site refreshed each Friday.";
  Document a = TestComparer().Analyze("Shipping news. " + kCopied);
  Document b = TestComparer().Analyze("Harbour report. " + spun);
  Passage p = Whole(a, b, 0.7);  // close enough to be looked at
  const Passage before = p;
  RefineVerbatimEdges(a, b, &p);
  EXPECT_EQ(p.a.begin, before.a.begin);
  EXPECT_EQ(p.a.end, before.a.end);
  EXPECT_EQ(p.b.begin, before.b.begin);
  EXPECT_EQ(p.b.end, before.b.end);
}

TEST(Edges, OneChangedWordDoesNotStopTheEdge) {
  std::string edited = kCopied;
  edited.replace(edited.find("long debate"), 4, "heated");  // in the first sentence
  const std::string head_a = Filler(3, 2), head_b = Filler(4, 2);
  Document a = TestComparer().Analyze(head_a + kCopied);
  Document b = TestComparer().Analyze(head_b + edited);
  const size_t second = kCopied.find("A consultant");
  Passage p;
  p.a = {static_cast<uint32_t>(head_a.size() + second), static_cast<uint32_t>(head_a.size() + kCopied.size())};
  p.b = {static_cast<uint32_t>(head_b.size() + edited.find("A consultant")),
         static_cast<uint32_t>(head_b.size() + edited.size())};
  p.similarity = 0.95;
  p.rows.push_back({p.a, p.b, 0.95});
  RefineVerbatimEdges(a, b, &p);
  EXPECT_EQ(p.a.begin, head_a.size());
  EXPECT_EQ(p.b.begin, head_b.size());
}

}  // namespace
}  // namespace retold
