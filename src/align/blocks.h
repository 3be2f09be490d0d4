// Blocks: reused passages told apart from chance by how they stand out.
//
// A rewrite that scrambles words and sentences (PAN's "random"
// obfuscation: words dropped, replaced and shuffled, sentences reordered)
// leaves neither a chain, which needs sentences in order, nor a region's
// shared phrasing. What it leaves is a block: a few sentences of a short
// stretch of A, each linked to one of a short stretch of B, in any order,
// while the two documents share little else. Two reports of one event
// leave links too, but all over the grid of sentence pairs; so does a
// template. A block therefore counts by contrast with the rest of the
// pair: how many blocks of its size and density the pair's own background
// of links would produce by chance. Few links in a sparse pair stand out;
// the same links in a pair of same-topic reports do not.
#ifndef RETOLD_ALIGN_BLOCKS_H_
#define RETOLD_ALIGN_BLOCKS_H_

#include <cstdint>
#include <vector>

#include "align/aligner.h"
#include "align/regions.h"
#include "retold/analysis.h"

namespace retold {

struct BlockParams {
  float min_link = 0.35f;      // links that make blocks and the background
  uint32_t max_gap = 2;        // sentences between two links of a block, per side
  uint32_t min_sentences = 2;  // linked sentences on the thinner side
  float min_similarity = 0.45f;  // order-free soft Dice of the block's two stretches
  float min_weight = 6.0f;     // content weight of the thinner side
  // Expected number of blocks as dense as this one at the pair's density
  // of links as close as the block's own; a block passes below it.
  double max_chance = 0.01;
  // A block far rarer than that passes looser and lighter: PAN's short
  // scrambled copies keep few of their words, but nothing else in their
  // pair looks like them.
  double rare_chance = 0.001;
  float rare_min_similarity = 0.35f;
  float rare_min_weight = 4.0f;
};

struct Block {
  // Scored by ScoreCells, except that its similarity and weight are those
  // of its two stretches taken whole, as bags of words.
  AlignedPassage passage;
  double chance = 0;       // expected count of such blocks by chance
};

// Every block of at least two linked sentences per side, with its chance,
// in order of A (whether it passes or not: for study and tests).
std::vector<Block> FindBlocks(const Document& a, const Document& b, const SentenceGraph& graph,
                              const AlignParams& align, const BlockParams& params);

// The blocks that pass the params, as standalone regions for MergeRegions.
std::vector<Region> PassingBlocks(const Document& a, const Document& b, const SentenceGraph& graph,
                                  const AlignParams& align, const BlockParams& params);

}  // namespace retold

#endif  // RETOLD_ALIGN_BLOCKS_H_
