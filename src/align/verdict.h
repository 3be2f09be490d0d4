// From aligned passages to a verdict: which passages are evidence, what share
// of each document they cover, and what kind of copy that makes.
#ifndef RETOLD_ALIGN_VERDICT_H_
#define RETOLD_ALIGN_VERDICT_H_

#include <vector>

#include "align/aligner.h"
#include "retold/compare.h"

namespace retold {

// True when a passage is evidence of copying on its own: several linked
// sentences, or one long, close, unquoted sentence. A single shared quote
// or a topical sentence pair is not.
bool IsEvidence(const AlignedPassage& passage, const Document& a, const Document& b);

// Share of the document's countable bytes (boilerplate excluded) inside
// the given sentence ranges.
double Coverage(const Document& doc, const std::vector<std::pair<uint32_t, uint32_t>>& ranges);

// Jaccard similarity of the two documents' word 3-gram sets (computed on
// demand from the tokens).
double ShingleJaccard(const Document& a, const Document& b);

// Whether the passages together show a copy: a run of sentences, several
// scattered ones or one long close passage, with enough evidence in all.
bool EnoughEvidence(const Document& a, const Document& b, const std::vector<AlignedPassage>& evidence);

// Fills verdict and score from coverage, passages and literal overlap.
void DecideVerdict(const Document& a, const Document& b,
                   const std::vector<AlignedPassage>& evidence, Comparison* result);

}  // namespace retold

#endif  // RETOLD_ALIGN_VERDICT_H_
