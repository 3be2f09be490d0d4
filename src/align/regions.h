// Regions: reused passages found by the density of their links rather than
// by chains of sentence pairs.
//
// Chaining (aligner.h) follows a passage sentence by sentence, and breaks
// where a rewrite moved words across sentence boundaries: PAN's "random"
// obfuscation shuffles words and punctuation, a summary condenses five
// sentences into one. What survives is a cluster of links, each weak, in
// one stretch of each document, while the rest of the two documents share
// nothing. FindRegions gathers such clusters (links within max_gap
// sentences of each other on both sides) and scores each stretch as a bag
// of words: the weighted overlap of the stems of all its sentences, order
// and sentence boundaries ignored. A region that overlaps passages the
// chains found joins them into one; a region on its own is a passage only
// when its words also keep some of their order (pairs of consecutive
// content words in common): two reports of one event share a bag of topic
// words, a reused passage shares its phrasing too. The verdict rules
// (verdict.h) then judge the passages as usual.
#ifndef RETOLD_ALIGN_REGIONS_H_
#define RETOLD_ALIGN_REGIONS_H_

#include <cstdint>
#include <vector>

#include "align/aligner.h"
#include "retold/analysis.h"

namespace retold {

struct RegionParams {
  float min_seed = 0.25f;    // weakest link that seeds a region
  uint32_t max_gap = 6;      // sentences between two seeds of a region, per side
  uint32_t min_seeds = 2;    // links in a region
  float min_overlap = 0.45f;  // weighted stem overlap of the two stretches
  float min_weight = 8.0f;   // content weight of the thinner stretch
  // A region alone: stem overlap plus overlap of consecutive word pairs.
  float min_standalone = 0.8f;
  // Condensed passages (FindCondensed).
  float condensed_link = 0.4f;       // links that count, each
  float condensed_mean = 0.5f;       // their mean similarity
  uint32_t condensed_sentences = 3;  // sentences of the condensed side, at least
  uint32_t condensed_spread = 30;    // sentences of the long side between two links
  float condensed_min_weight = 1.5f;  // content weight of each linked sentence
};

struct Region {
  // Its similarity is the stem overlap of its stretches, its cells the
  // seeds inside them.
  AlignedPassage passage;
  bool standalone = false;  // a passage even where no chain is
  // Its edges are close links, so it may widen any chain it joins.
  bool firm_edges = false;
  // It only stands alone: where it overlaps a passage, that passage is
  // left as it is (a summary's stretch of source would blur it).
  bool alone_only = false;
};

// Regions of linked sentences that pass the params, in order of A.
std::vector<Region> FindRegions(const Document& a, const Document& b, const SentenceGraph& graph,
                                        const AlignParams& align, const RegionParams& params);

// Summaries: a run of consecutive sentences on one side, each closely
// linked to a sentence of the other, where those lie in order but far
// apart (a summary takes a sentence or two from each part of its source).
// The long side's passage runs from the first of them to the last, as a
// reader would mark the source of a summary. Both directions are tried.
std::vector<Region> FindCondensed(const Document& a, const Document& b, const SentenceGraph& graph,
                                  const AlignParams& align, const RegionParams& params);

// Whether the names and numbers of a passage's two stretches agree, as a
// copy's do and two reports filled into one template's do not: most of
// the names and numbers of the side with fewer are found in the other,
// and most of its numbers alone (a template's names recur, its numbers
// do not).
bool NamesAndNumbersAgree(const Document& a, const Document& b, const AlignedPassage& p);


// Adds `regions` to the evidence passages: a region that overlaps
// passages on both sides joins them into one passage spanning all of them
// (one reused passage is reported once, not as its surviving pieces); a
// standalone region that overlaps none becomes a passage of its own.
void MergeRegions(std::vector<Region> regions, std::vector<AlignedPassage>* evidence);

// In a pair already shown to be a copy, the regions that are not passages
// on their own (their phrasing is not kept) but whose stretches are this
// close as bags of stems: a plagiarised document's other reused passages
// are often reworded more than the one that gave it away. Each that shares
// no sentence with a passage, on either side, is added to the evidence.
inline constexpr float kSupportedRegionOverlap = 0.45f;
void AddSupportedRegions(const std::vector<Region>& regions, std::vector<AlignedPassage>* evidence);

}  // namespace retold

#endif  // RETOLD_ALIGN_REGIONS_H_
