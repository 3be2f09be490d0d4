#include "align/blocks.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace retold {
namespace {

// Expected number of windows of the block's size holding as many linked
// sentences as it does, were the pair's other links (those at least as
// close as the block's own, `background_links`) strewn at random: the
// windows of that size in the grid, times the chance that `k` of a
// window's cells hold a link (union bound: choose k cells, each a link).
double Chance(const AlignedPassage& p, uint32_t rows, uint32_t columns, size_t background_links) {
  const double wa = p.a_last - p.a_first + 1, wb = p.b_last - p.b_first + 1;
  const double cells = static_cast<double>(rows) * columns;
  // One link at least: a pair with no other link is still a sample of one.
  const double density = std::min(1.0, std::max<double>(1.0, static_cast<double>(background_links)) / cells);
  const double windows = std::max(1.0, rows - wa + 1) * std::max(1.0, columns - wb + 1);
  const double k = p.sentences, window_cells = wa * wb;
  if (k > window_cells) return 0;
  return windows * std::exp(LogChoose(window_cells, k) + k * std::log(density));
}

// Order-free soft Dice of a block's two stretches: each content token of
// either takes its best match anywhere in the other stretch (the graph's
// token matches: same stem, synonym, related word), over the content
// weight of both stretches whole. Words that moved between sentences, as
// scrambling moves them, still count. Sets the thinner stretch's weight.
float WindowSimilarity(const Document& a, const Document& b, const SentenceGraph& graph, const AlignedPassage& p,
                       float* thinner) {
  const uint32_t a_begin = a.sentences[p.a_first].first_token, a_end = a.sentences[p.a_last].token_end;
  const uint32_t b_begin = b.sentences[p.b_first].first_token, b_end = b.sentences[p.b_last].token_end;
  std::vector<float> best_a(a_end - a_begin, 0), best_b(b_end - b_begin, 0);
  auto it = std::lower_bound(graph.matches.begin(), graph.matches.end(), a_begin,
                             [](const TokenMatch& m, uint32_t t) { return m.token_a < t; });
  for (; it != graph.matches.end() && it->token_a < a_end; ++it) {
    if (it->token_b < b_begin || it->token_b >= b_end) continue;
    best_a[it->token_a - a_begin] = std::max(best_a[it->token_a - a_begin], it->weight);
    best_b[it->token_b - b_begin] = std::max(best_b[it->token_b - b_begin], it->weight);
  }
  float hit = 0, weight_a = 0, weight_b = 0;
  for (uint32_t t = a_begin; t < a_end; ++t) {
    hit += a.tokens[t].weight * best_a[t - a_begin];
    weight_a += a.tokens[t].weight;
  }
  for (uint32_t t = b_begin; t < b_end; ++t) {
    hit += b.tokens[t].weight * best_b[t - b_begin];
    weight_b += b.tokens[t].weight;
  }
  *thinner = std::min(weight_a, weight_b);
  return weight_a + weight_b > 0 ? std::min(1.0f, hit / (weight_a + weight_b)) : 0;
}

}  // namespace

std::vector<Block> FindBlocks(const Document& a, const Document& b, const SentenceGraph& graph,
                              const AlignParams& align, const BlockParams& params) {
  const std::vector<std::vector<const SentenceLink*>> clusters =
      ClusterLinks(graph, params.min_link, params.max_gap);
  // The similarities of all the seeds, to count those at least as close
  // as a block's.
  std::vector<float> seed_similarities;
  for (const auto& links : clusters) {
    for (const SentenceLink* l : links) seed_similarities.push_back(l->similarity);
  }
  std::sort(seed_similarities.begin(), seed_similarities.end());
  auto at_least = [](const std::vector<float>& sorted, float level) {
    return static_cast<size_t>(sorted.end() - std::lower_bound(sorted.begin(), sorted.end(), level));
  };
  const uint32_t rows = ContentSentences(a), columns = ContentSentences(b);
  std::vector<Block> blocks;
  for (const auto& links : clusters) {
    if (links.size() < params.min_sentences) continue;
    Block block;
    block.passage = Enclosing(links);
    AlignedPassage& p = block.passage;
    ScoreCells(a, b, graph, align, &p);
    if (p.sentences < params.min_sentences) continue;
    p.similarity = WindowSimilarity(a, b, graph, p, &p.weight);
    p.evidence = p.similarity * p.weight;
    // The background is the links outside the block as close as its own:
    // those at least as close as the weakest of its sentences' best links.
    std::unordered_map<uint32_t, float> best_a, best_b;
    std::vector<float> own;
    for (const SentenceLink* l : links) {
      best_a[l->a] = std::max(best_a[l->a], l->similarity);
      best_b[l->b] = std::max(best_b[l->b], l->similarity);
      own.push_back(l->similarity);
    }
    const auto& thinner = best_a.size() <= best_b.size() ? best_a : best_b;
    float level = 1;
    for (const auto& [sentence, similarity] : thinner) level = std::min(level, similarity);
    std::sort(own.begin(), own.end());
    block.chance = Chance(p, rows, columns, at_least(seed_similarities, level) - at_least(own, level));
    blocks.push_back(std::move(block));
  }
  std::sort(blocks.begin(), blocks.end(), [](const Block& x, const Block& y) {
    return x.passage.a_first != y.passage.a_first ? x.passage.a_first < y.passage.a_first
                                                  : x.passage.b_first < y.passage.b_first;
  });
  return blocks;
}

std::vector<Region> PassingBlocks(const Document& a, const Document& b, const SentenceGraph& graph,
                                  const AlignParams& align, const BlockParams& params) {
  std::vector<Region> regions;
  for (Block& block : FindBlocks(a, b, graph, align, params)) {
    const AlignedPassage& p = block.passage;
    const bool rare = block.chance <= params.rare_chance;
    if (block.chance > params.max_chance ||
        p.similarity < (rare ? params.rare_min_similarity : params.min_similarity) ||
        p.weight < (rare ? params.rare_min_weight : params.min_weight) || p.quote_fraction > align.quoted_sentence ||
        p.strong_unquoted_links == 0 || !NamesAndNumbersAgree(a, b, p)) {
      continue;
    }
    block.passage.chance = block.chance;
    regions.push_back({std::move(block.passage), true, true});
  }
  return regions;
}

}  // namespace retold
