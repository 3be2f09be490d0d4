#include "align/blocks.h"

#include <algorithm>
#include <cmath>

namespace retold {
namespace {

uint32_t ContentSentences(const Document& doc) {
  uint32_t n = 0;
  for (const Sentence& s : doc.sentences) n += !s.boilerplate && s.weight > 0;
  return n;
}

// log of n choose k.
double LogChoose(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

// Expected number of windows of the block's size holding as many linked
// sentences as it does, were the pair's other links strewn at random: the
// windows of that size in the grid, times the chance that `k` of a
// window's cells hold a link (union bound: choose k cells, each a link).
double Chance(const AlignedPassage& p, uint32_t rows, uint32_t columns, size_t background_links) {
  const double wa = p.a_last - p.a_first + 1, wb = p.b_last - p.b_first + 1;
  const double cells = static_cast<double>(rows) * columns;
  // One link at least: a pair with no other link is still a sample of one.
  const double density = std::min(1.0, std::max<double>(1.0, static_cast<double>(background_links)) / cells);
  const double windows = std::max(1.0, (rows - wa + 1) * (columns - wb + 1));
  const double k = p.sentences, window_cells = wa * wb;
  if (k > window_cells) return 0;
  return windows * std::exp(LogChoose(window_cells, k) + k * std::log(density));
}

}  // namespace

std::vector<Block> FindBlocks(const Document& a, const Document& b, const SentenceGraph& graph,
                              const AlignParams& align, const BlockParams& params) {
  const std::vector<std::vector<const SentenceLink*>> clusters = ClusterLinks(graph, params.min_link, params.max_gap);
  size_t seeds = 0;
  for (const auto& links : clusters) seeds += links.size();
  const uint32_t rows = ContentSentences(a), columns = ContentSentences(b);
  std::vector<Block> blocks;
  for (const auto& links : clusters) {
    if (links.size() < params.min_sentences) continue;
    Block block;
    block.passage = Enclosing(links);
    AlignedPassage& p = block.passage;
    ScoreCells(a, b, graph, align, &p);
    if (p.sentences < params.min_sentences) continue;
    block.chance = Chance(p, rows, columns, seeds - links.size());
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
    if (block.chance > params.max_chance || p.similarity < params.min_similarity || p.weight < params.min_weight ||
        p.quote_fraction > align.quoted_sentence || p.strong_unquoted_links == 0) {
      continue;
    }
    regions.push_back({std::move(block.passage), true, false});
  }
  return regions;
}

}  // namespace retold
