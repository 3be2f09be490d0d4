// Summaries: a short run of sentences that condenses a whole document.
//
// A human summary (PAN's "summary" obfuscation: a paragraph of five
// sentences standing for a source of fifty) shares few words with any one
// sentence of its source; each of its sentences links weakly, at 0.25 to
// 0.4, to one or two sentences of the source, in the source's order. One
// such link is what two reports on a subject share by chance. A run of
// them is not, when the rest of the summarising document links to the
// source hardly at all: FindSummaryRuns finds consecutive sentences of one
// side that each link to the other while the side's other sentences
// mostly do not, and counts how many such runs the side's own density of
// linked sentences would make by chance, as blocks do (blocks.h).
#ifndef RETOLD_ALIGN_SUMMARIES_H_
#define RETOLD_ALIGN_SUMMARIES_H_

#include <cstdint>
#include <vector>

#include "align/aligner.h"
#include "align/regions.h"
#include "retold/analysis.h"

namespace retold {

struct SummaryParams {
  float min_link = 0.25f;      // links that count
  uint32_t min_rows = 3;       // linked sentences in the run
  uint32_t max_gap = 2;        // unlinked sentences between two linked ones
  // Expected number of runs as long at the side's density of linked
  // sentences; a run passes below it.
  double max_chance = 0.001;
  // Share of the run's pairs of linked sentences whose sources are in the
  // same order: a summary keeps its source's order.
  double min_in_order = 0.6;
  // Soft Dice of the run's linked sentences, at least: independent
  // reports on one subject leave runs of links too, but looser ones.
  float min_similarity = 0.3f;
  // Bytes of the source's stretch (first to last linked sentence) over the
  // run's, at least: a summary condenses, two reports running side by side
  // (a market wrap, sector by sector) do not.
  double min_condensing = 2.0;
};

// Runs that pass, both directions, as standalone regions for MergeRegions.
std::vector<Region> FindSummaryRuns(const Document& a, const Document& b, const SentenceGraph& graph,
                                    const AlignParams& align, const SummaryParams& params);

// A short passage that condenses a large part of a document (its long
// side at least kSummaryRatio times its short one, and kSummaryShare of
// its document) is a summary of the whole document when the rest of that
// document is on its topic (kSummaryRemainderRelated of the rest's content
// weight in words the summary uses): a summary leaves parts of its source
// out, and a reader marks the source whole. The long side is widened to
// the whole document, and the passages it then holds, with short sides
// next to the summary's, join it. A summary of a stretch amid unrelated
// text keeps the stretch's edges.
inline constexpr double kSummaryRatio = 2.5;
inline constexpr double kSummaryShare = 0.2;
inline constexpr uint32_t kSummaryBytes = 1500;  // of the short side, at most
inline constexpr double kSummaryRemainderRelated = 0.05;
void WidenSummaries(const Document& a, const Document& b, std::vector<AlignedPassage>* evidence);

}  // namespace retold

#endif  // RETOLD_ALIGN_SUMMARIES_H_
