#include "align/aligner.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace retold {
namespace {

float MatchWeight(uint8_t kind_a, uint8_t kind_b) {
  if (kind_a == kKeyStem && kind_b == kKeyStem) return 1.0f;
  if (kind_a == kKeyStrong && kind_b == kKeyStrong) return 0.8f;
  if ((kind_a == kKeyStrong && kind_b == kKeyWeak) || (kind_a == kKeyWeak && kind_b == kKeyStrong)) {
    return 0.6f;
  }
  return 0.0f;
}

struct TokenMatch {
  uint32_t token;     // token on the side being scored
  uint32_t sentence;  // sentence on the other side
  float weight;
};

constexpr float kSpreadDamping = 0.0f;

uint64_t PairKey(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }

// For each token of one side and each sentence of the other, keeps the best
// match weight, then sums the token weights into per-sentence-pair totals.
void Accumulate(std::vector<TokenMatch>& matches, const Document& own, bool own_is_a,
                std::unordered_map<uint64_t, float>* totals) {
  std::sort(matches.begin(), matches.end(), [](const TokenMatch& x, const TokenMatch& y) {
    if (x.token != y.token) return x.token < y.token;
    if (x.sentence != y.sentence) return x.sentence < y.sentence;
    return x.weight > y.weight;
  });
  for (size_t first = 0; first < matches.size();) {
    size_t last = first;
    size_t sentences = 0;
    while (last < matches.size() && matches[last].token == matches[first].token) {
      if (last == first || matches[last].sentence != matches[last - 1].sentence) ++sentences;
      ++last;
    }
    // A word that finds a partner in many sentences of the other document
    // is shared topic, not a trace of this sentence: damp it as IDF would.
    float spread = 1.0f / (1.0f + kSpreadDamping * std::log(static_cast<float>(sentences)));
    const Token& t = own.tokens[matches[first].token];
    for (size_t i = first; i < last; ++i) {
      if (i > first && matches[i].sentence == matches[i - 1].sentence) continue;  // worse match
      uint64_t key = own_is_a ? PairKey(t.sentence, matches[i].sentence)
                              : PairKey(matches[i].sentence, t.sentence);
      (*totals)[key] += t.weight * matches[i].weight * spread;
    }
    first = last;
  }
}

// Names and numbers ("immutables") survive spinning and translation. Two
// sentences that both carry some and share none are not the same sentence.
float ImmutableAgreement(const Document& a, const Sentence& sa, const Document& b,
                         const Sentence& sb) {
  uint32_t count_a = 0, count_b = 0, shared = 0;
  for (uint32_t i = sa.first_token; i < sa.token_end; ++i) {
    const Token& t = a.tokens[i];
    if (!(t.is_number || t.is_name) || t.weight <= 0) continue;
    ++count_a;
    for (uint32_t j = sb.first_token; j < sb.token_end; ++j) {
      if (b.tokens[j].stem == t.stem) {
        ++shared;
        break;
      }
    }
  }
  for (uint32_t j = sb.first_token; j < sb.token_end; ++j) {
    const Token& t = b.tokens[j];
    if ((t.is_number || t.is_name) && t.weight > 0) ++count_b;
  }
  if (count_a == 0 || count_b == 0) return 1.0f;
  float agreement = std::min(1.0f, static_cast<float>(shared) / std::min(count_a, count_b));
  return 0.2f + 0.8f * agreement;
}

}  // namespace

std::vector<SentenceLink> LinkSentences(const Document& a, const Document& b,
                                        const AlignParams& params) {
  std::vector<TokenMatch> from_a, from_b;
  const auto& ka = a.keys;
  const auto& kb = b.keys;
  size_t i = 0, j = 0;
  while (i < ka.size() && j < kb.size()) {
    if (ka[i].key < kb[j].key) {
      ++i;
      continue;
    }
    if (kb[j].key < ka[i].key) {
      ++j;
      continue;
    }
    uint32_t key = ka[i].key;
    size_t i_end = i, j_end = j;
    while (i_end < ka.size() && ka[i_end].key == key) ++i_end;
    while (j_end < kb.size() && kb[j_end].key == key) ++j_end;
    if (i_end - i <= params.max_key_postings && j_end - j <= params.max_key_postings) {
      for (size_t x = i; x < i_end; ++x) {
        for (size_t y = j; y < j_end; ++y) {
          float w = MatchWeight(ka[x].kind, kb[y].kind);
          if (w <= 0) continue;
          from_a.push_back({ka[x].token, b.tokens[kb[y].token].sentence, w});
          from_b.push_back({kb[y].token, a.tokens[ka[x].token].sentence, w});
        }
      }
    }
    i = i_end;
    j = j_end;
  }

  std::unordered_map<uint64_t, float> matched_a, matched_b;
  matched_a.reserve(from_a.size() / 2 + 16);
  matched_b.reserve(from_b.size() / 2 + 16);
  Accumulate(from_a, a, true, &matched_a);
  Accumulate(from_b, b, false, &matched_b);

  std::vector<SentenceLink> links;
  links.reserve(matched_a.size());
  for (const auto& [key, weight_a] : matched_a) {
    uint32_t sa = static_cast<uint32_t>(key >> 32);
    uint32_t sb = static_cast<uint32_t>(key);
    auto it = matched_b.find(key);
    float weight_b = it == matched_b.end() ? 0.0f : it->second;
    float total = a.sentences[sa].weight + b.sentences[sb].weight;
    if (std::min(a.sentences[sa].content_tokens, b.sentences[sb].content_tokens) <
        params.min_content_tokens) {
      continue;  // "4." or "Reuters": too little text to say anything
    }
    float sim = std::min(1.0f, (weight_a + weight_b) / total);
    if (sim < params.min_link) continue;
    sim *= ImmutableAgreement(a, a.sentences[sa], b, b.sentences[sb]);
    if (sim < params.min_link) continue;
    links.push_back({sa, sb, sim});
  }
  std::sort(links.begin(), links.end(), [](const SentenceLink& x, const SentenceLink& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return links;
}

std::vector<AlignedPassage> ChainPassages(const Document& a, const Document& b,
                                          const std::vector<SentenceLink>& links,
                                          const AlignParams& params, size_t max_passages) {
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
    while (chain.size() > 1 && links[chain.back()].similarity < params.min_chain_end) chain.pop_back();
    while (chain.size() > 1 && links[chain.front()].similarity < params.min_chain_end) {
      chain.erase(chain.begin());
    }
    AlignedPassage p;
    p.a_first = links[chain.back()].a;
    p.a_last = links[chain.front()].a;
    p.b_first = links[chain.back()].b;
    p.b_last = links[chain.front()].b;
    if (overlaps(p)) continue;
    float weight_sum = 0, quoted = 0;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const SentenceLink& l = links[*it];
      p.cells.emplace_back(l.a, l.b);
      float w = std::min(a.sentences[l.a].weight, b.sentences[l.b].weight);
      float quote = std::max(a.sentences[l.a].quote_fraction, b.sentences[l.b].quote_fraction);
      p.evidence += l.similarity * w;
      weight_sum += w;
      quoted += w * quote;
      if (quote <= params.quoted_sentence && l.similarity >= params.strong_link) {
        ++p.strong_unquoted_links;
      }
    }
    p.links = static_cast<uint32_t>(chain.size());
    std::vector<uint32_t> distinct_a, distinct_b;
    for (auto [sa, sb] : p.cells) {
      distinct_a.push_back(sa);
      distinct_b.push_back(sb);
    }
    std::sort(distinct_a.begin(), distinct_a.end());
    std::sort(distinct_b.begin(), distinct_b.end());
    p.sentences = static_cast<uint32_t>(std::min(
        std::unique(distinct_a.begin(), distinct_a.end()) - distinct_a.begin(),
        std::unique(distinct_b.begin(), distinct_b.end()) - distinct_b.begin()));
    p.similarity = weight_sum > 0 ? p.evidence / weight_sum : 0;
    p.quote_fraction = weight_sum > 0 ? quoted / weight_sum : 0;
    passages.push_back(p);
  }
  std::sort(passages.begin(), passages.end(), [](const AlignedPassage& x, const AlignedPassage& y) {
    return x.a_first < y.a_first;
  });
  return passages;
}

std::vector<AlignedPassage> SplitAtGaps(const AlignedPassage& chain, uint32_t max_skip) {
  std::vector<AlignedPassage> pieces;
  for (size_t k = 0; k < chain.cells.size(); ++k) {
    auto [sa, sb] = chain.cells[k];
    bool start = pieces.empty();
    if (!start) {
      AlignedPassage& last = pieces.back();
      start = sa > last.a_last + max_skip + 1 || sb > last.b_last + max_skip + 1;
    }
    if (start) {
      AlignedPassage piece = chain;
      piece.cells.clear();
      piece.a_first = piece.a_last = sa;
      piece.b_first = piece.b_last = sb;
      pieces.push_back(std::move(piece));
    }
    AlignedPassage& cur = pieces.back();
    cur.a_last = std::max(cur.a_last, sa);
    cur.b_last = std::max(cur.b_last, sb);
    cur.cells.emplace_back(sa, sb);
  }
  return pieces;
}

}  // namespace retold
