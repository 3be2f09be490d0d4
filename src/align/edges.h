// Edges: where a verbatim passage starts and ends, to the word.
//
// Passages are found sentence by sentence, so their edges fall on sentence
// boundaries. A copied passage need not: it may start in the middle of a
// sentence of the copy (pasted after a writer's own words, or glued to
// them where a sentence splitter sees no break: "...this section! This is
// how it began"), and a passage's first or last row may pair a sentence
// with a neighbour that only shares its topic words. A reader marks the
// copied words, and PAN scores them so.
//
// Where a passage is mostly verbatim (most word trigrams of one side
// recur on the other), its edges are moved to the words: first trimmed to
// the first and last trigram the two sides share, then extended word by
// word while both sides go on with the same words (one differing word is
// passed over when the next three agree), across sentence boundaries if
// need be, and closed with the punctuation after the last word. Rewritten
// passages (spun, shuffled, translated) keep their sentence edges: there
// no trigram marks where the reuse starts.
#ifndef RETOLD_ALIGN_EDGES_H_
#define RETOLD_ALIGN_EDGES_H_

#include "retold/analysis.h"
#include "retold/compare.h"

namespace retold {

// Share of one side's word trigrams found on the other side that makes a
// passage verbatim enough to have word edges.
inline constexpr double kVerbatimTrigrams = 0.7;
// Passages below this similarity are never verbatim enough.
inline constexpr double kVerbatimSimilarity = 0.6;

// Moves `passage`'s edges (and its first and last rows with them) to the
// words where its verbatim text starts and ends; leaves it as it is when
// it is not mostly verbatim or either document is a translation.
void RefineVerbatimEdges(const Document& a, const Document& b, Passage* passage);

}  // namespace retold

#endif  // RETOLD_ALIGN_EDGES_H_
