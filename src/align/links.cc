// The link helpers of aligner.h that the finders of passages by density
// (regions, blocks, condensed runs) and the chains' trimming share.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "align/aligner.h"
#include "common/union_find.h"

namespace retold {
namespace {

// A link that matches this much of a sentence accounts for all of it.
constexpr float kWholeSentence = 0.9f;

}  // namespace

std::vector<std::vector<const SentenceLink*>> ClusterLinks(const SentenceGraph& graph, float min_similarity,
                                                           uint32_t max_gap) {
  std::vector<const SentenceLink*> seeds;
  for (const SentenceLink& l : graph.links) {
    if (l.similarity >= min_similarity && !l.outshone) seeds.push_back(&l);
  }
  // Links are sorted by (a, b): the seeds near one in A are just before it.
  UnionFind clusters(static_cast<uint32_t>(seeds.size()));
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (size_t j = i; j-- > 0;) {
      if (seeds[i]->a - seeds[j]->a > max_gap + 1) break;
      uint32_t db = seeds[i]->b > seeds[j]->b ? seeds[i]->b - seeds[j]->b : seeds[j]->b - seeds[i]->b;
      if (db <= max_gap + 1) clusters.Union(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
    }
  }
  // Numbered by their first seed, so that the order does not depend on a hash.
  std::vector<int64_t> number(seeds.size(), -1);
  std::vector<std::vector<const SentenceLink*>> out;
  for (size_t i = 0; i < seeds.size(); ++i) {
    uint32_t root = clusters.Find(static_cast<uint32_t>(i));
    if (number[root] < 0) {
      number[root] = static_cast<int64_t>(out.size());
      out.emplace_back();
    }
    out[number[root]].push_back(seeds[i]);
  }
  return out;
}

void MarkOutshoneLinks(std::vector<SentenceLink>* links) {
  // The closest whole match of each sentence, on each side.
  std::unordered_map<uint32_t, float> whole_a, whole_b;
  for (const SentenceLink& l : *links) {
    if (l.covered_a >= kWholeSentence) whole_a[l.a] = std::max(whole_a[l.a], l.similarity);
    if (l.covered_b >= kWholeSentence) whole_b[l.b] = std::max(whole_b[l.b], l.similarity);
  }
  for (SentenceLink& l : *links) {
    auto a = whole_a.find(l.a), b = whole_b.find(l.b);
    l.outshone = (a != whole_a.end() && a->second > l.similarity) || (b != whole_b.end() && b->second > l.similarity);
  }
}

AlignedPassage Enclosing(const std::vector<const SentenceLink*>& links) {
  AlignedPassage p;
  p.a_first = p.b_first = UINT32_MAX;
  for (const SentenceLink* l : links) {
    p.a_first = std::min(p.a_first, l->a);
    p.a_last = std::max(p.a_last, l->a);
    p.b_first = std::min(p.b_first, l->b);
    p.b_last = std::max(p.b_last, l->b);
    p.cells.emplace_back(l->a, l->b);
  }
  return p;
}

bool IsContentSentence(const Sentence& s) { return !s.boilerplate && s.weight > 0; }

uint32_t ContentSentences(const Document& doc) {
  uint32_t n = 0;
  for (const Sentence& s : doc.sentences) n += IsContentSentence(s);
  return n;
}

std::span<const Token> TokensIn(const Document& d, Span span) {
  auto first = std::lower_bound(d.tokens.begin(), d.tokens.end(), span.begin,
                                [](const Token& t, uint32_t at) { return t.begin < at; });
  auto last = first;
  while (last != d.tokens.end() && last->end <= span.end) ++last;
  return {first, last};
}

double LogChoose(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

}  // namespace retold
