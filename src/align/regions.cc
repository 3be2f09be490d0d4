#include "align/regions.h"

#include <algorithm>
#include <iterator>

#include "align/bags.h"
#include "common/sorted_sets.h"

namespace retold {
namespace {

// Share of the names and numbers of a standalone region's thinner side
// that the other side must have.
constexpr float kImmutableAgreement = 0.5f;

// The entry of `stem` in a bag of stems (const or not), or null.
template <typename StemBag>
auto FindStem(StemBag& bag, uint32_t stem) -> decltype(&*bag.begin()) {
  auto it = std::lower_bound(bag.begin(), bag.end(), std::make_pair(stem, -1.0f));
  return it != bag.end() && it->first == stem ? &*it : nullptr;
}

// A stretch of sentences as a bag of stems.
struct Stretch {
  Bag<uint32_t> stems;
  float weight = 0;

  void Read(const Document& doc, uint32_t first, uint32_t last) {
    for (uint32_t k = first; k <= last; ++k) {
      for (const auto& entry : SentenceStems(doc, k)) {
        stems.push_back(entry);
        weight += entry.second;
      }
    }
    Settle(&stems);
  }

  float WeightOf(uint32_t stem) const {
    const auto* entry = FindStem(stems, stem);
    return entry != nullptr ? entry->second : 0;
  }
};

// The two stretches of a region and what they share, kept up to date as
// sentences leave them at either end.
class Trimmer {
 public:
  Trimmer(const Document& a, const Document& b, const AlignedPassage& p) : doc_{&a, &b} {
    side_[0].Read(a, p.a_first, p.a_last);
    side_[1].Read(b, p.b_first, p.b_last);
    shared_ = Shared(side_[0].stems, side_[1].stems);
  }

  float overlap() const { return Dice(shared_, side_[0].weight, side_[1].weight); }

  // The overlap if sentence k left side `s` (0: A, 1: B).
  float OverlapWithout(int s, uint32_t k, Bag<uint32_t>* leaving) const {
    *leaving = SentenceStems(*doc_[s], k);
    float shared = shared_, weight = side_[s].weight;
    for (const auto& [stem, w] : *leaving) {
      float own = side_[s].WeightOf(stem), other = side_[1 - s].WeightOf(stem);
      shared += std::min(own - w, other) - std::min(own, other);
      weight -= w;
    }
    return s == 0 ? Dice(shared, weight, side_[1].weight) : Dice(shared, side_[0].weight, weight);
  }

  void Remove(int s, const Bag<uint32_t>& leaving) {
    Stretch& own = side_[s];
    for (const auto& [stem, w] : leaving) {
      auto* entry = FindStem(own.stems, stem);  // never null: the sentence is in the stretch
      float other = side_[1 - s].WeightOf(stem);
      shared_ += std::min(entry->second - w, other) - std::min(entry->second, other);
      entry->second -= w;
      own.weight -= w;
    }
  }

  float weight(int s) const { return side_[s].weight; }

 private:
  const Document* doc_[2];
  Stretch side_[2];
  float shared_ = 0;
};

// What decides whether a region stands alone, read once its edges are set.
struct Phrasing {
  Bag<uint64_t> word_pairs;  // pairs of consecutive content stems
  float pairs = 0;
  std::vector<uint32_t> immutables;  // stems of names and numbers, sorted, unique
  std::vector<uint32_t> numbers;     // of numbers alone
  float weight = 0, quoted_weight = 0;
  uint32_t sentences = 0;  // that carry content
};

Phrasing ReadPhrasing(const Document& doc, uint32_t first, uint32_t last) {
  Phrasing f;
  uint32_t previous = 0;  // word pairs run on over sentence boundaries, which rewriting moves
  for (uint32_t k = first; k <= last; ++k) {
    const Sentence& sentence = doc.sentences[k];
    if (sentence.boilerplate || sentence.weight <= 0) continue;
    ++f.sentences;
    f.weight += sentence.weight;
    f.quoted_weight += sentence.weight * sentence.quote_fraction;
    for (uint32_t t = sentence.first_token; t < sentence.token_end; ++t) {
      const Token& token = doc.tokens[t];
      if (token.weight <= 0) continue;
      if (token.is_name || token.is_number) f.immutables.push_back(token.stem);
      if (token.is_number) f.numbers.push_back(token.stem);
      if (previous != 0) {
        f.word_pairs.emplace_back((uint64_t{previous} << 32) | token.stem, 1.0f);
        f.pairs += 1;
      }
      previous = token.stem;
    }
  }
  Settle(&f.word_pairs);
  for (std::vector<uint32_t>* v : {&f.immutables, &f.numbers}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return f;
}

// Whether most of the side with fewer keys (sorted, unique) are found in
// the other (true when either side has fewer than two).
bool MostOfFewerShared(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  size_t fewer = std::min(x.size(), y.size());
  if (fewer < 2) return true;
  return static_cast<float>(SortedShared(x, y)) >= kImmutableAgreement * static_cast<float>(fewer);
}

// Whether the names and numbers of two stretches agree, as a copy's do and
// two reports filled into one template's do not.
bool ImmutablesAgree(const Phrasing& x, const Phrasing& y) { return MostOfFewerShared(x.immutables, y.immutables); }

// Passages in order of A, then of B.
bool InOrder(const AlignedPassage& x, const AlignedPassage& y) {
  return x.a_first != y.a_first ? x.a_first < y.a_first : x.b_first < y.b_first;
}

// Widens `to` over the sentences of `from`, on both sides.
void Widen(const AlignedPassage& from, AlignedPassage* to) {
  to->a_first = std::min(to->a_first, from.a_first);
  to->a_last = std::max(to->a_last, from.a_last);
  to->b_first = std::min(to->b_first, from.b_first);
  to->b_last = std::max(to->b_last, from.b_last);
}

// A near-verbatim chain (this close, over this many sentences) found its
// own ends exactly: a region joining it leaves its edges alone.
constexpr float kExactChain = 0.8f;
constexpr uint32_t kExactChainSentences = 3;

}  // namespace

bool NamesAndNumbersAgree(const Document& a, const Document& b, const AlignedPassage& p) {
  Phrasing x = ReadPhrasing(a, p.a_first, p.a_last), y = ReadPhrasing(b, p.b_first, p.b_last);
  return ImmutablesAgree(x, y) && MostOfFewerShared(x.numbers, y.numbers);
}

std::vector<Region> FindRegions(const Document& a, const Document& b, const SentenceGraph& graph,
                                        const AlignParams& align, const RegionParams& params) {
  std::vector<Region> regions;
  for (const auto& links : ClusterLinks(graph, params.min_seed, params.max_gap)) {
    if (links.size() < params.min_seeds) continue;
    AlignedPassage p = Enclosing(links);
    p.cells.clear();  // refilled once the edges are trimmed
    // The seeds at a region's edges are often neighbours that share a
    // word or two; the region shrinks, a sentence at a time, while that
    // makes its two stretches closer.
    Trimmer trimmer(a, b, p);
    while (true) {
      float best = trimmer.overlap();
      int move = -1;
      Bag<uint32_t> leaving, best_leaving;
      for (int m = 0; m < 4; ++m) {
        const int side = m / 2;
        uint32_t& first = side == 0 ? p.a_first : p.b_first;
        uint32_t& last = side == 0 ? p.a_last : p.b_last;
        if (first == last) continue;
        float o = trimmer.OverlapWithout(side, m % 2 == 0 ? first : last, &leaving);
        if (o > best + 1e-4f) {
          best = o;
          move = m;
          best_leaving.swap(leaving);
        }
      }
      if (move < 0) break;
      trimmer.Remove(move / 2, best_leaving);
      uint32_t& first = move / 2 == 0 ? p.a_first : p.b_first;
      uint32_t& last = move / 2 == 0 ? p.a_last : p.b_last;
      (move % 2 == 0 ? ++first : --last);
    }
    p.similarity = trimmer.overlap();
    p.weight = std::min(trimmer.weight(0), trimmer.weight(1));
    if (p.similarity < params.min_overlap || p.weight < params.min_weight) continue;
    for (const SentenceLink* l : links) {
      if (l->a < p.a_first || l->a > p.a_last || l->b < p.b_first || l->b > p.b_last) continue;
      p.cells.emplace_back(l->a, l->b);
      float quote = std::max(a.sentences[l->a].quote_fraction, b.sentences[l->b].quote_fraction);
      if (quote <= align.quoted_sentence && l->similarity >= align.strong_link) ++p.strong_unquoted_links;
    }
    if (p.cells.empty()) continue;
    std::sort(p.cells.begin(), p.cells.end());
    Phrasing x = ReadPhrasing(a, p.a_first, p.a_last), y = ReadPhrasing(b, p.b_first, p.b_last);
    p.evidence = p.similarity * p.weight;
    p.links = static_cast<uint32_t>(p.cells.size());
    p.sentences = std::min(x.sentences, y.sentences);
    p.quote_fraction = x.weight + y.weight > 0 ? (x.quoted_weight + y.quoted_weight) / (x.weight + y.weight) : 0;
    Region region;
    region.standalone = p.quote_fraction <= align.quoted_sentence && ImmutablesAgree(x, y) &&
                        p.similarity + Dice(Shared(x.word_pairs, y.word_pairs), x.pairs, y.pairs) >=
                            params.min_standalone;
    region.passage = std::move(p);
    regions.push_back(std::move(region));
  }
  std::sort(regions.begin(), regions.end(),
            [](const Region& x, const Region& y) { return InOrder(x.passage, y.passage); });
  return regions;
}

void MergeRegions(std::vector<Region> regions, std::vector<AlignedPassage>* evidence) {
  auto overlap = [](const AlignedPassage& x, const AlignedPassage& y) {
    return x.a_first <= y.a_last && y.a_first <= x.a_last && x.b_first <= y.b_last && y.b_first <= x.b_last;
  };
  for (Region& found : regions) {
    AlignedPassage& region = found.passage;
    if (found.alone_only &&
        std::any_of(evidence->begin(), evidence->end(), [&](const AlignedPassage& p) { return overlap(p, region); })) {
      continue;
    }
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
      Widen(p, &merged);
      merged.links += p.links;
      merged.strong_unquoted_links += p.strong_unquoted_links;
      merged.chance = std::min(merged.chance, p.chance);
    }
    if (!joined) {
      if (found.standalone) kept.push_back(std::move(region));
    } else {
      // The region's looser edges would only blur a near-verbatim chain's
      // (unless they are firm and the chain short).
      if (merged.similarity < kExactChain || (found.firm_edges && merged.sentences < kExactChainSentences)) {
        Widen(region, &merged);
        merged.sentences = std::max(merged.sentences, region.sentences);
        merged.evidence = std::max(merged.evidence, region.evidence);
        merged.weight = std::max(merged.weight, region.weight);
        merged.cells.insert(merged.cells.end(), region.cells.begin(), region.cells.end());
        merged.chance = std::min(merged.chance, region.chance);
      }
      std::sort(merged.cells.begin(), merged.cells.end());
      merged.cells.erase(std::unique(merged.cells.begin(), merged.cells.end()), merged.cells.end());
      kept.push_back(std::move(merged));
    }
    *evidence = std::move(kept);
  }
  std::sort(evidence->begin(), evidence->end(), InOrder);
}

void AddSupportedRegions(const std::vector<Region>& regions, std::vector<AlignedPassage>* evidence) {
  bool added = false;
  for (const Region& r : regions) {
    if (r.standalone || r.passage.similarity < kSupportedRegionOverlap) continue;
    // One that shares sentences with a passage on either side is part of
    // what that passage already marks (or of a summary's source).
    auto shares = [&](const AlignedPassage& p) {
      return (p.a_first <= r.passage.a_last && r.passage.a_first <= p.a_last) ||
             (p.b_first <= r.passage.b_last && r.passage.b_first <= p.b_last);
    };
    if (std::any_of(evidence->begin(), evidence->end(), shares)) continue;
    evidence->push_back(r.passage);
    added = true;
  }
  if (added) std::sort(evidence->begin(), evidence->end(), InOrder);
}

}  // namespace retold
