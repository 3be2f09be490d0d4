#include "align/aligner.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_map>

#include "common/seen_set.h"
#include "common/sorted_sets.h"

namespace retold {
namespace {

// What a token can match in the other document: its stem (kind 0), the
// synsets of its senses (1) and the synsets one relation away (2).
enum : uint8_t { kKeyStem = 0, kKeyStrong = 1, kKeyWeak = 2 };

// Caps that bound the work per token whatever the lexicon holds.
constexpr size_t kMaxStrongKeys = 8;
constexpr size_t kMaxWeakKeys = 12;

template <typename Fn>
void ForEachKey(const Token& t, const Lexicon* lexicon, Fn&& fn) {
  fn(t.stem, kKeyStem);
  if (lexicon == nullptr || t.sense == 0) return;
  WordSense sense = lexicon->Entry(t.sense);
  for (size_t k = 0; k < sense.strong.size() && k < kMaxStrongKeys; ++k) fn(sense.strong[k], kKeyStrong);
  for (size_t k = 0; k < sense.weak.size() && k < kMaxWeakKeys; ++k) fn(sense.weak[k], kKeyWeak);
}

struct MatchKey {
  uint32_t key;
  uint32_t token;
  uint8_t kind;
};

// The keys of one document, grouped by key in an open-addressing table so
// that the other document's keys are looked up in constant time. Built with
// two counting passes, no sort: this runs once per compared pair.
class KeyIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // Keys in more than `max_postings` tokens are counted but not stored: the
  // aligner ignores them, and a document of one repeated word would
  // otherwise hold millions of useless entries.
  KeyIndex(const Document& doc, const Lexicon* lexicon, uint32_t max_postings) {
    // The table is sized by distinct word types, not tokens: a type's keys
    // are the same wherever it occurs.
    SeenSet<uint64_t> types(doc.tokens.size());
    size_t distinct_keys = 0;
    for (const Token& t : doc.tokens) {
      if (t.weight <= 0 || !types.Insert((uint64_t{t.stem} << 32) | t.sense)) continue;
      ForEachKey(t, lexicon, [&](uint32_t, uint8_t) { ++distinct_keys; });
    }
    size_t slots = 64;
    while (slots < distinct_keys * 2) slots <<= 1;
    mask_ = slots - 1;
    slots_.assign(slots, Slot{});
    auto each_key = [&](auto&& fn) {
      for (uint32_t t = 0; t < doc.tokens.size(); ++t) {
        if (doc.tokens[t].weight <= 0) continue;
        ForEachKey(doc.tokens[t], lexicon, [&](uint32_t key, uint8_t kind) { fn(key, t, kind); });
      }
    };
    each_key([&](uint32_t key, uint32_t, uint8_t) { ++SlotFor(key, true)->count; });
    uint32_t offset = 0;
    for (Slot& slot : slots_) {
      slot.first = offset;
      if (slot.count <= max_postings) offset += slot.count;
    }
    entries_.resize(offset);
    std::vector<uint32_t> filled(slots_.size(), 0);
    each_key([&](uint32_t key, uint32_t t, uint8_t kind) {  // tokens ascend within a group
      Slot* slot = SlotFor(key, false);
      if (slot->count <= max_postings) {
        entries_[slot->first + filled[slot - slots_.data()]++] = {key, t, kind};
      }
    });
    max_postings_ = max_postings;
  }

  size_t groups() const { return slots_.size(); }

  // The group of `key` (an id below groups()), or kAbsent.
  uint32_t Find(uint32_t key) const {
    for (size_t s = Mix(key) & mask_;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.count == 0) return kAbsent;
      if (slot.key == key) return static_cast<uint32_t>(s);
    }
  }

  // True when the key is in more tokens than the index stores.
  bool TooCommon(uint32_t group) const { return slots_[group].count > max_postings_; }

  std::span<const MatchKey> Group(uint32_t group) const {
    const Slot& slot = slots_[group];
    if (TooCommon(group)) return {};
    return {entries_.data() + slot.first, slot.count};
  }

 private:
  struct Slot {
    uint32_t key = 0;
    uint32_t first = 0;
    uint32_t count = 0;
  };

  static uint32_t Mix(uint32_t key) { return (key * 0x9E3779B1u) ^ (key >> 15); }

  Slot* SlotFor(uint32_t key, bool claim) {
    for (size_t s = Mix(key) & mask_;; s = (s + 1) & mask_) {
      Slot& slot = slots_[s];
      if (slot.count > 0 && slot.key == key) return &slot;
      if (slot.count == 0 && claim) {
        slot.key = key;
        return &slot;
      }
    }
  }

  std::vector<Slot> slots_;
  std::vector<MatchKey> entries_;
  size_t mask_ = 0;
  uint32_t max_postings_ = 0;
};

float MatchWeight(uint8_t kind_a, uint8_t kind_b) {
  if (kind_a == kKeyStem && kind_b == kKeyStem) return 1.0f;
  if (kind_a == kKeyStrong && kind_b == kKeyStrong) return 0.8f;
  if ((kind_a == kKeyStrong && kind_b == kKeyWeak) || (kind_a == kKeyWeak && kind_b == kKeyStrong)) {
    return 0.6f;
  }
  return 0.0f;
}

// A token of A and a token of B that share a key, and how well they match.
struct TokenPair {
  uint32_t token_a;
  uint32_t token_b;
  float weight;
};

// Matched weight per sentence pair, for each side: dense for documents of
// ordinary length, hashed when the sentence grid would be too large.
class PairTotals {
 public:
  PairTotals(size_t sentences_a, size_t sentences_b) : columns_(sentences_b) {
    if (sentences_a * sentences_b <= kDenseCells) dense_.assign(sentences_a * sentences_b, {});
  }

  void Add(uint32_t sa, uint32_t sb, bool side_b, float weight) {
    uint64_t cell = uint64_t{sa} * columns_ + sb;
    Cell& c = dense_.empty() ? sparse_[cell] : dense_[cell];
    if (c.a == 0 && c.b == 0) touched_.push_back(cell);
    (side_b ? c.b : c.a) += weight;
  }

  // fn(sentence of A, of B, matched weight of A's side, of B's side) for
  // every pair with any match; returning a positive factor marks the pair
  // linked, with its matches weighted by that factor (see Factor).
  template <typename Fn>
  void ForEach(Fn&& fn) {
    for (uint64_t cell : touched_) {
      Cell& c = dense_.empty() ? sparse_.at(cell) : dense_[cell];
      c.factor = fn(static_cast<uint32_t>(cell / columns_), static_cast<uint32_t>(cell % columns_), c.a, c.b);
    }
  }

  // The factor ForEach's function gave the pair; 0 when it was not linked.
  float Factor(uint32_t sa, uint32_t sb) const {
    uint64_t cell = uint64_t{sa} * columns_ + sb;
    if (!dense_.empty()) return dense_[cell].factor;
    auto it = sparse_.find(cell);
    return it == sparse_.end() ? 0.0f : it->second.factor;
  }

 private:
  static constexpr size_t kDenseCells = size_t{1} << 16;
  struct Cell {
    float a = 0;
    float b = 0;
    float factor = 0;
  };
  size_t columns_;
  std::vector<Cell> dense_;
  std::unordered_map<uint64_t, Cell> sparse_;
  std::vector<uint64_t> touched_;
};

// For each token of one side, its best match in each sentence of the other
// side, weighted by the token's weight, summed into the sentence pair.
// Pairs are bucketed by the token (a counting sort), so this is linear.
void AccumulateSide(const std::vector<TokenPair>& pairs, const Document& a, const Document& b,
                    bool side_b, PairTotals* totals) {
  const Document& own = side_b ? b : a;
  const Document& other = side_b ? a : b;
  std::vector<uint32_t> start(own.tokens.size() + 1, 0);
  for (const TokenPair& p : pairs) ++start[(side_b ? p.token_b : p.token_a) + 1];
  for (size_t t = 1; t < start.size(); ++t) start[t] += start[t - 1];
  std::vector<uint32_t> order(pairs.size());
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  for (uint32_t i = 0; i < pairs.size(); ++i) {
    order[fill[side_b ? pairs[i].token_b : pairs[i].token_a]++] = i;
  }
  std::vector<float> best(other.sentences.size(), 0);
  std::vector<uint32_t> touched;
  for (uint32_t t = 0; t < own.tokens.size(); ++t) {
    if (start[t] == start[t + 1]) continue;
    for (uint32_t k = start[t]; k < start[t + 1]; ++k) {
      const TokenPair& p = pairs[order[k]];
      uint32_t s = other.tokens[side_b ? p.token_a : p.token_b].sentence;
      if (best[s] == 0) touched.push_back(s);
      best[s] = std::max(best[s], p.weight);
    }
    const Token& token = own.tokens[t];
    for (uint32_t s : touched) {
      float w = token.weight * best[s];
      if (side_b) {
        totals->Add(s, token.sentence, true, w);
      } else {
        totals->Add(token.sentence, s, false, w);
      }
      best[s] = 0;
    }
    touched.clear();
  }
}

// Names and numbers ("immutables") survive spinning and translation. Two
// sentences that both carry some and share none are not the same sentence.
// Counted as distinct stems on each side, so that the answer is the same
// whichever sentence is called A, and a name said twice counts once.
std::vector<uint32_t> ImmutablesOf(const Document& doc, const Sentence& sentence) {
  std::vector<uint32_t> stems;
  for (uint32_t i = sentence.first_token; i < sentence.token_end; ++i) {
    const Token& t = doc.tokens[i];
    if ((t.is_number || t.is_name) && t.weight > 0) stems.push_back(t.stem);
  }
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  return stems;
}

float ImmutableAgreement(const Document& a, const Sentence& sa, const Document& b,
                         const Sentence& sb) {
  std::vector<uint32_t> x = ImmutablesOf(a, sa);
  if (x.empty()) return 1.0f;
  std::vector<uint32_t> y = ImmutablesOf(b, sb);
  if (y.empty()) return 1.0f;
  const size_t shared = SortedShared(x, y);
  float agreement = static_cast<float>(shared) / static_cast<float>(std::min(x.size(), y.size()));
  return 0.2f + 0.8f * agreement;
}

}  // namespace

const SentenceLink* FindLink(const std::vector<SentenceLink>& links, uint32_t sa, uint32_t sb) {
  auto it = std::lower_bound(links.begin(), links.end(), std::make_pair(sa, sb),
                             [](const SentenceLink& l, const std::pair<uint32_t, uint32_t>& c) {
                               return l.a != c.first ? l.a < c.first : l.b < c.second;
                             });
  return it != links.end() && it->a == sa && it->b == sb ? &*it : nullptr;
}

SentenceGraph LinkSentences(const Document& a, const Document& b, const Lexicon* lexicon,
                            const AlignParams& params) {
  // Index the smaller document; stream the larger one's keys past it.
  bool a_is_small = a.tokens.size() <= b.tokens.size();
  const Document& small = a_is_small ? a : b;
  const Document& large = a_is_small ? b : a;
  KeyIndex index(small, lexicon, params.max_key_postings);

  struct Hit {
    uint32_t token;   // in the large document
    uint32_t group;   // first index entry of the key
    uint8_t kind;
  };
  std::vector<Hit> hits;
  std::vector<uint32_t> group_hits(index.groups(), 0);
  for (uint32_t t = 0; t < large.tokens.size(); ++t) {
    if (large.tokens[t].weight <= 0) continue;
    ForEachKey(large.tokens[t], lexicon, [&](uint32_t key, uint8_t kind) {
      uint32_t group = index.Find(key);
      if (group == KeyIndex::kAbsent) return;
      // Past the cap the group is dropped below; keeping its hits would
      // only cost memory (a document of one repeated word).
      if (++group_hits[group] <= params.max_key_postings) hits.push_back({t, group, kind});
    });
  }

  std::vector<TokenPair> pairs;
  for (const Hit& h : hits) {
    std::span<const MatchKey> group = index.Group(h.group);
    // A key in too many tokens of either document is too common to tell
    // one sentence from another.
    if (index.TooCommon(h.group) || group_hits[h.group] > params.max_key_postings) continue;
    for (const MatchKey& entry : group) {
      float w = MatchWeight(h.kind, entry.kind);
      if (w <= 0) continue;
      uint32_t token_a = a_is_small ? entry.token : h.token;
      uint32_t token_b = a_is_small ? h.token : entry.token;
      pairs.push_back({token_a, token_b, w});
    }
  }

  PairTotals totals(a.sentences.size(), b.sentences.size());
  AccumulateSide(pairs, a, b, false, &totals);
  AccumulateSide(pairs, a, b, true, &totals);

  SentenceGraph graph;
  std::vector<SentenceLink>& links = graph.links;
  totals.ForEach([&](uint32_t sa, uint32_t sb, float weight_a, float weight_b) -> float {
    const Sentence& x = a.sentences[sa];
    const Sentence& y = b.sentences[sb];
    if (std::min(x.content_tokens, y.content_tokens) < params.min_content_tokens) {
      return 0;  // "4." or "Reuters": too little text to say anything
    }
    float sim = std::min(1.0f, (weight_a + weight_b) / (x.weight + y.weight));
    if (sim < params.min_link) return 0;
    float agreement = ImmutableAgreement(a, x, b, y);
    sim *= agreement;
    if (sim < params.min_link) return 0;
    links.push_back({sa, sb, sim, std::min(1.0f, weight_a / x.weight) * agreement,
                     std::min(1.0f, weight_b / y.weight) * agreement});
    return agreement;
  });
  std::sort(links.begin(), links.end(), [](const SentenceLink& x, const SentenceLink& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  MarkOutshoneLinks(&links);
  // Keep the token matches of linked sentence pairs, discounted as their
  // link was, ordered by token of A (a counting sort: this runs per pair).
  std::vector<uint32_t> start(a.tokens.size() + 1, 0);
  size_t kept = 0;
  for (TokenPair& p : pairs) {
    p.weight *= totals.Factor(a.tokens[p.token_a].sentence, b.tokens[p.token_b].sentence);
    if (p.weight <= 0) continue;
    ++start[p.token_a + 1];
    ++kept;
  }
  for (size_t t = 1; t < start.size(); ++t) start[t] += start[t - 1];
  graph.matches.resize(kept);
  for (const TokenPair& p : pairs) {
    if (p.weight > 0) graph.matches[start[p.token_a]++] = {p.token_a, p.token_b, p.weight};
  }
  return graph;
}

namespace {

// A link between a sentence and one piece of it (a split or merged
// sentence) matches most of the piece.
constexpr float kPieceContainment = 0.6f;

// Soft Dice of a passage as a whole: each token of a linked sentence takes
// its best match among the tokens of the sentences it is linked to in the
// chain; matched weight over the weight of the linked sentences, both
// sides. Also the weight and the count of sentences on the thinner side.
//
// A sentence linked to several of the other side counts those links only
// where they show it split: each of the several is mostly inside it. A
// short topic sentence loosely linked to five long sentences of a report
// on the same event would otherwise gather its words from all five.
struct PassageScore {
  float similarity = 0;
  float weight = 0;
  uint32_t sentences = 0;
};

PassageScore ScorePassage(const Document& a, const Document& b, const std::vector<SentenceLink>& links,
                          const std::vector<TokenMatch>& matches,
                          const std::vector<std::pair<uint32_t, uint32_t>>& cells) {
  uint32_t a_first = UINT32_MAX, a_last = 0, b_first = UINT32_MAX, b_last = 0;
  for (auto [sa, sb] : cells) {
    a_first = std::min(a_first, sa);
    a_last = std::max(a_last, sa);
    b_first = std::min(b_first, sb);
    b_last = std::max(b_last, sb);
  }
  std::vector<const SentenceLink*> cell_links;
  for (auto [sa, sb] : cells) cell_links.push_back(FindLink(links, sa, sb));
  // Each sentence's closest link in the chain always counts. (-1: the
  // sentence is not in the chain.)
  std::vector<float> closest_a(a_last - a_first + 1, -1), closest_b(b_last - b_first + 1, -1);
  for (const SentenceLink* l : cell_links) {
    closest_a[l->a - a_first] = std::max(closest_a[l->a - a_first], l->similarity);
    closest_b[l->b - b_first] = std::max(closest_b[l->b - b_first], l->similarity);
  }
  std::vector<std::pair<uint32_t, uint32_t>> counted;
  for (const SentenceLink* l : cell_links) {
    // A further link of A's sentence must show it split: B's sentence
    // mostly inside it (and the other way round).
    if (l->similarity < closest_a[l->a - a_first] && l->covered_b < kPieceContainment) continue;
    if (l->similarity < closest_b[l->b - b_first] && l->covered_a < kPieceContainment) continue;
    counted.emplace_back(l->a, l->b);
  }
  std::sort(counted.begin(), counted.end());

  uint32_t a_begin = a.sentences[a_first].first_token, a_end = a.sentences[a_last].token_end;
  uint32_t b_begin = b.sentences[b_first].first_token, b_end = b.sentences[b_last].token_end;
  std::vector<float> best_a(a_end - a_begin, 0), best_b(b_end - b_begin, 0);
  auto it = std::lower_bound(matches.begin(), matches.end(), a_begin,
                             [](const TokenMatch& m, uint32_t t) { return m.token_a < t; });
  for (; it != matches.end() && it->token_a < a_end; ++it) {
    if (it->token_b < b_begin || it->token_b >= b_end) continue;
    auto cell = std::make_pair(a.tokens[it->token_a].sentence, b.tokens[it->token_b].sentence);
    if (!std::binary_search(counted.begin(), counted.end(), cell)) continue;
    float& x = best_a[it->token_a - a_begin];
    x = std::max(x, it->weight);
    float& y = best_b[it->token_b - b_begin];
    y = std::max(y, it->weight);
  }
  float hit = 0, side_a = 0, side_b = 0;
  uint32_t sentences_a = 0, sentences_b = 0;
  for (uint32_t t = a_begin; t < a_end; ++t) hit += a.tokens[t].weight * best_a[t - a_begin];
  for (uint32_t t = b_begin; t < b_end; ++t) hit += b.tokens[t].weight * best_b[t - b_begin];
  for (uint32_t s = a_first; s <= a_last; ++s) {
    if (closest_a[s - a_first] < 0) continue;
    side_a += a.sentences[s].weight;
    ++sentences_a;
  }
  for (uint32_t s = b_first; s <= b_last; ++s) {
    if (closest_b[s - b_first] < 0) continue;
    side_b += b.sentences[s].weight;
    ++sentences_b;
  }
  PassageScore score;
  score.similarity = side_a + side_b > 0 ? std::min(1.0f, hit / (side_a + side_b)) : 0;
  score.weight = std::min(side_a, side_b);
  score.sentences = std::min(sentences_a, sentences_b);
  return score;
}

}  // namespace

void ScoreCells(const Document& a, const Document& b, const SentenceGraph& graph, const AlignParams& params,
                AlignedPassage* p) {
  float weight_sum = 0, quoted = 0;
  p->strong_unquoted_links = 0;
  for (auto [sa, sb] : p->cells) {
    const SentenceLink* l = FindLink(graph.links, sa, sb);
    float w = std::min(a.sentences[sa].weight, b.sentences[sb].weight);
    float quote = std::max(a.sentences[sa].quote_fraction, b.sentences[sb].quote_fraction);
    weight_sum += w;
    quoted += w * quote;
    if (quote <= params.quoted_sentence && l != nullptr && l->similarity >= params.strong_link) {
      ++p->strong_unquoted_links;
    }
  }
  p->links = static_cast<uint32_t>(p->cells.size());
  PassageScore score = ScorePassage(a, b, graph.links, graph.matches, p->cells);
  p->similarity = score.similarity;
  p->weight = score.weight;
  p->sentences = score.sentences;
  p->evidence = score.similarity * score.weight;
  p->quote_fraction = weight_sum > 0 ? quoted / weight_sum : 0;
}

std::vector<AlignedPassage> ChainPassages(const Document& a, const Document& b,
                                          const SentenceGraph& graph, const AlignParams& params,
                                          size_t max_passages) {
  const std::vector<SentenceLink>& links = graph.links;
  const size_t n = links.size();
  std::vector<float> best(n);
  std::vector<int64_t> previous(n, -1);
  // Links are sorted by (a, b); row_start finds the links of a sentence of A.
  std::unordered_map<uint32_t, size_t> row_start;
  for (size_t k = n; k-- > 0;) row_start[links[k].a] = k;

  for (size_t k = 0; k < n; ++k) {
    const SentenceLink& cur = links[k];
    float gain = cur.similarity - params.chain_offset;
    float best_prev = 0;
    int64_t arg = -1;
    uint32_t row_from = cur.a >= params.max_gap + 1 ? cur.a - params.max_gap - 1 : 0;
    for (uint32_t row = row_from; row <= cur.a; ++row) {
      auto it = row_start.find(row);
      if (it == row_start.end()) continue;
      for (size_t p = it->second; p < k && links[p].a == row; ++p) {
        const SentenceLink& prev = links[p];
        if (prev.b > cur.b || cur.b - prev.b > params.max_gap + 1) continue;
        if (prev.a == cur.a && prev.b == cur.b) continue;
        uint32_t skipped = (cur.a - prev.a > 0 ? cur.a - prev.a - 1 : 0) +
                           (cur.b - prev.b > 0 ? cur.b - prev.b - 1 : 0);
        float value = best[p] - params.gap_cost * static_cast<float>(skipped);
        // Ties go to the predecessor nearer the diagonal, which keeps the
        // result independent of which document is called A.
        if (value > best_prev ||
            (arg >= 0 && value == best_prev && prev.a + prev.b > links[arg].a + links[arg].b)) {
          best_prev = value;
          arg = static_cast<int64_t>(p);
        }
      }
    }
    best[k] = gain + best_prev;
    previous[k] = best_prev > 0 ? arg : -1;
  }

  std::vector<size_t> order(n);
  for (size_t k = 0; k < n; ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    if (best[x] != best[y]) return best[x] > best[y];
    return links[x].a + links[x].b < links[y].a + links[y].b;
  });

  std::vector<bool> used(n, false);
  std::vector<AlignedPassage> passages;
  auto overlaps = [&](const AlignedPassage& p) {
    for (const AlignedPassage& q : passages) {
      if (p.a_first <= q.a_last && q.a_first <= p.a_last) return true;
      if (p.b_first <= q.b_last && q.b_first <= p.b_last) return true;
    }
    return false;
  };
  for (size_t end : order) {
    if (passages.size() >= max_passages) break;
    if (used[end] || best[end] <= 0) continue;
    std::vector<size_t> chain;
    for (int64_t k = static_cast<int64_t>(end); k >= 0 && !used[k]; k = previous[k]) {
      chain.push_back(static_cast<size_t>(k));
    }
    for (size_t k : chain) used[k] = true;
    // Weak links at either end are usually neighbours that happen to share
    // a topic word; the passage starts and ends with a convincing link.
    // So are links at an end whose sentence another link matches whole (a
    // sentence copied whole is not also a piece of its neighbours).
    auto trimmed = [&](size_t k) { return links[k].similarity < params.min_chain_end || links[k].outshone; };
    while (chain.size() > 1 && trimmed(chain.back())) chain.pop_back();
    while (chain.size() > 1 && trimmed(chain.front())) chain.erase(chain.begin());
    AlignedPassage p;
    p.a_first = links[chain.back()].a;
    p.a_last = links[chain.front()].a;
    p.b_first = links[chain.back()].b;
    p.b_last = links[chain.front()].b;
    if (overlaps(p)) continue;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) p.cells.emplace_back(links[*it].a, links[*it].b);
    ScoreCells(a, b, graph, params, &p);
    passages.push_back(p);
  }
  std::sort(passages.begin(), passages.end(), [](const AlignedPassage& x, const AlignedPassage& y) {
    return x.a_first < y.a_first;
  });
  return passages;
}

}  // namespace retold
