#include "align/regions.h"

#include <algorithm>
#include <unordered_map>

#include "common/union_find.h"

namespace retold {
namespace {

// Share of the names and numbers of a standalone region's thinner side
// that the other side must have.
constexpr float kImmutableAgreement = 0.5f;

struct Stretch {
  float weight = 0;         // content weight of its sentences
  float quoted_weight = 0;  // of it, inside quotation
  uint32_t sentences = 0;   // that carry content
  std::unordered_map<uint32_t, float> stems;  // stem -> weight
  // Pairs of consecutive content words (stems), and how many.
  std::unordered_map<uint64_t, float> word_pairs;
  float pairs = 0;
  std::unordered_map<uint32_t, float> immutables;  // names and numbers, each counted once
};

Stretch ReadStretch(const Document& doc, uint32_t first, uint32_t last) {
  Stretch s;
  uint32_t previous = 0;  // word pairs run on over sentence boundaries, which rewriting moves
  for (uint32_t k = first; k <= last; ++k) {
    const Sentence& sentence = doc.sentences[k];
    if (sentence.boilerplate || sentence.weight <= 0) continue;
    ++s.sentences;
    s.weight += sentence.weight;
    s.quoted_weight += sentence.weight * sentence.quote_fraction;
    for (uint32_t t = sentence.first_token; t < sentence.token_end; ++t) {
      const Token& token = doc.tokens[t];
      if (token.weight <= 0) continue;
      s.stems[token.stem] += token.weight;
      if (token.is_name || token.is_number) s.immutables[token.stem] = 1;
      if (previous != 0) {
        s.word_pairs[(uint64_t{previous} << 32) | token.stem] += 1;
        s.pairs += 1;
      }
      previous = token.stem;
    }
  }
  return s;
}

// Weighted overlap of two bags: twice the weight they share over the
// weight of both (a Dice coefficient with weights).
template <typename Bag>
float BagOverlap(const Bag& x, float weight_x, const Bag& y, float weight_y) {
  if (weight_x + weight_y <= 0) return 0;
  const Bag& small = x.size() <= y.size() ? x : y;
  const Bag& large = &small == &x ? y : x;
  float shared = 0;
  for (const auto& [key, weight] : small) {
    auto it = large.find(key);
    if (it != large.end()) shared += std::min(weight, it->second);
  }
  return std::min(1.0f, 2 * shared / (weight_x + weight_y));
}

float StemOverlap(const Stretch& x, const Stretch& y) { return BagOverlap(x.stems, x.weight, y.stems, y.weight); }

// Whether the names and numbers of two stretches agree, as a copy's do and
// two reports filled into one template's do not: most of those of the side
// with fewer are found in the other (true when either side has fewer than
// two).
bool ImmutablesAgree(const Stretch& x, const Stretch& y) {
  size_t fewer = std::min(x.immutables.size(), y.immutables.size());
  if (fewer < 2) return true;
  float shared = BagOverlap(x.immutables, static_cast<float>(x.immutables.size()), y.immutables,
                            static_cast<float>(y.immutables.size()));
  // BagOverlap is a Dice coefficient; the share of the smaller side is
  // shared (x + y) / (2 fewer).
  float of_fewer = shared * static_cast<float>(x.immutables.size() + y.immutables.size()) / (2.0f * fewer);
  return of_fewer >= kImmutableAgreement;
}

}  // namespace

std::vector<Region> FindRegions(const Document& a, const Document& b, const SentenceGraph& graph,
                                        const AlignParams& align, const RegionParams& params) {
  std::vector<const SentenceLink*> seeds;
  for (const SentenceLink& l : graph.links) {
    if (l.similarity >= params.min_seed) seeds.push_back(&l);
  }
  // Links are sorted by (a, b): the seeds near one in A are just before it.
  UnionFind clusters(static_cast<uint32_t>(seeds.size()));
  for (size_t i = 0; i < seeds.size(); ++i) {
    for (size_t j = i; j-- > 0;) {
      if (seeds[i]->a - seeds[j]->a > params.max_gap + 1) break;
      uint32_t db = seeds[i]->b > seeds[j]->b ? seeds[i]->b - seeds[j]->b : seeds[j]->b - seeds[i]->b;
      if (db <= params.max_gap + 1) clusters.Union(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
    }
  }
  std::unordered_map<uint32_t, std::vector<const SentenceLink*>> members;
  for (size_t i = 0; i < seeds.size(); ++i) members[clusters.Find(static_cast<uint32_t>(i))].push_back(seeds[i]);

  std::vector<Region> regions;
  for (auto& [root, links] : members) {
    if (links.size() < params.min_seeds) continue;
    AlignedPassage p;
    p.a_first = p.b_first = UINT32_MAX;
    for (const SentenceLink* l : links) {
      p.a_first = std::min(p.a_first, l->a);
      p.a_last = std::max(p.a_last, l->a);
      p.b_first = std::min(p.b_first, l->b);
      p.b_last = std::max(p.b_last, l->b);
    }
    // The seeds at a region's edges are often neighbours that share a
    // word or two; the region shrinks, a sentence at a time, while that
    // makes its two stretches closer.
    Stretch x = ReadStretch(a, p.a_first, p.a_last), y = ReadStretch(b, p.b_first, p.b_last);
    p.similarity = StemOverlap(x, y);
    while (true) {
      float best = p.similarity;
      int move = -1;
      Stretch best_x, best_y;
      for (int m = 0; m < 4; ++m) {
        if ((m < 2 && p.a_first == p.a_last) || (m >= 2 && p.b_first == p.b_last)) continue;
        uint32_t af = p.a_first + (m == 0), al = p.a_last - (m == 1);
        uint32_t bf = p.b_first + (m == 2), bl = p.b_last - (m == 3);
        Stretch tx = m < 2 ? ReadStretch(a, af, al) : x, ty = m >= 2 ? ReadStretch(b, bf, bl) : y;
        float o = StemOverlap(tx, ty);
        if (o > best + 1e-4f) {
          best = o;
          move = m;
          best_x = std::move(tx);
          best_y = std::move(ty);
        }
      }
      if (move < 0) break;
      p.a_first += move == 0;
      p.a_last -= move == 1;
      p.b_first += move == 2;
      p.b_last -= move == 3;
      x = std::move(best_x);
      y = std::move(best_y);
      p.similarity = best;
    }
    for (const SentenceLink* l : links) {
      if (l->a < p.a_first || l->a > p.a_last || l->b < p.b_first || l->b > p.b_last) continue;
      p.cells.emplace_back(l->a, l->b);
      float quote = std::max(a.sentences[l->a].quote_fraction, b.sentences[l->b].quote_fraction);
      if (quote <= align.quoted_sentence && l->similarity >= align.strong_link) ++p.strong_unquoted_links;
    }
    p.weight = std::min(x.weight, y.weight);
    p.evidence = p.similarity * p.weight;
    p.links = static_cast<uint32_t>(p.cells.size());
    p.sentences = std::min(x.sentences, y.sentences);
    p.quote_fraction = x.weight + y.weight > 0 ? (x.quoted_weight + y.quoted_weight) / (x.weight + y.weight) : 0;
    if (p.similarity < params.min_overlap || p.weight < params.min_weight || p.cells.empty()) continue;
    std::sort(p.cells.begin(), p.cells.end());
    Region region;
    region.standalone = p.quote_fraction <= align.quoted_sentence && ImmutablesAgree(x, y) &&
                        p.similarity + BagOverlap(x.word_pairs, x.pairs, y.word_pairs, y.pairs) >= params.min_standalone;
    region.passage = std::move(p);
    regions.push_back(std::move(region));
  }
  std::sort(regions.begin(), regions.end(), [](const Region& x, const Region& y) {
    const AlignedPassage &p = x.passage, &q = y.passage;
    return p.a_first != q.a_first ? p.a_first < q.a_first : p.b_first < q.b_first;
  });
  return regions;
}

constexpr float kExactChain = 0.8f;

void MergeRegions(std::vector<Region> regions, std::vector<AlignedPassage>* evidence) {
  auto overlap = [](const AlignedPassage& x, const AlignedPassage& y) {
    return x.a_first <= y.a_last && y.a_first <= x.a_last && x.b_first <= y.b_last && y.b_first <= x.b_last;
  };
  for (Region& found : regions) {
    AlignedPassage& region = found.passage;
    std::vector<AlignedPassage> kept;
    bool joined = false;  // merged holds the passages the region overlaps
    AlignedPassage merged;
    for (AlignedPassage& p : *evidence) {
      if (!overlap(p, region)) {
        kept.push_back(std::move(p));
        continue;
      }
      if (!joined) {
        merged = std::move(p);
        joined = true;
        continue;
      }
      // Two chains of one region: the stronger chain's similarity stands,
      // their evidence adds up.
      if (p.similarity > merged.similarity) std::swap(p, merged);
      merged.cells.insert(merged.cells.end(), p.cells.begin(), p.cells.end());
      merged.evidence += p.evidence;
      merged.weight += p.weight;
      merged.sentences += p.sentences;
      merged.a_first = std::min(merged.a_first, p.a_first);
      merged.a_last = std::max(merged.a_last, p.a_last);
      merged.b_first = std::min(merged.b_first, p.b_first);
      merged.b_last = std::max(merged.b_last, p.b_last);
      merged.links += p.links;
      merged.strong_unquoted_links += p.strong_unquoted_links;
    }
    if (!joined) {
      if (found.standalone) kept.push_back(std::move(region));
    } else {
      // A chain this close is a near-verbatim copy whose ends it found
      // exactly; the region's looser edges would only blur them.
      if (merged.similarity < kExactChain || (found.firm_edges && merged.sentences < 3)) {
        merged.a_first = std::min(merged.a_first, region.a_first);
        merged.a_last = std::max(merged.a_last, region.a_last);
        merged.b_first = std::min(merged.b_first, region.b_first);
        merged.b_last = std::max(merged.b_last, region.b_last);
        merged.sentences = std::max(merged.sentences, region.sentences);
        merged.evidence = std::max(merged.evidence, region.evidence);
        merged.weight = std::max(merged.weight, region.weight);
        merged.cells.insert(merged.cells.end(), region.cells.begin(), region.cells.end());
      }
      std::sort(merged.cells.begin(), merged.cells.end());
      merged.cells.erase(std::unique(merged.cells.begin(), merged.cells.end()), merged.cells.end());
      kept.push_back(std::move(merged));
    }
    *evidence = std::move(kept);
  }
  std::sort(evidence->begin(), evidence->end(), [](const AlignedPassage& x, const AlignedPassage& y) {
    return x.a_first != y.a_first ? x.a_first < y.a_first : x.b_first < y.b_first;
  });
}

}  // namespace retold
