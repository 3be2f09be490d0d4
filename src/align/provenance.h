// Provenance: which of two related documents is the likely original, judged
// from their texts alone. Five kinds of evidence, tried in this order:
//
//   page_furniture  a whole-document copy that carries furniture or a byline
//                   the other lacks ("4 min read", "Share this article",
//                   "(Reporting by ...)") was taken from the other and
//                   dressed by the site that re-posted it.
//   contains        a shared passage that fits its surroundings on one side
//                   (its neighbours talk about the same things) and stands
//                   amid unrelated text on the other: the second side holds
//                   an excerpt of the first.
//   round_trip      the aligned sentences of one side use "of" far more
//                   often ("the prices of the oil" for "oil prices"): it is
//                   a translation back into English from a Romance language.
//   typos           one side misspells words of the other (a swap, a
//                   dropped or added letter) or writes a word twice, and
//                   the other has no such slip: a careless copy.
//   wording         where aligned sentences differ, the side whose own words
//                   are the rarer or unknown ones (a spinner's "laborious"
//                   for "hard") is the copy: spinners swap common words for
//                   strange ones far more often than the reverse. In a
//                   corpus run the corpus decides first: the side whose
//                   changed words the rest of the corpus uses least
//                   ("oblation" for "offering") is the copy; then synonym
//                   pairs; failing them, all changed words by SemCor counts.
//
// When no kind decides by a clear margin, the answer is kUnknown: a wrong
// answer is worse than none. Dates, where a corpus has them, come first
// (see dedup.h); they are not known here.
#ifndef RETOLD_ALIGN_PROVENANCE_H_
#define RETOLD_ALIGN_PROVENANCE_H_

#include "retold/analysis.h"
#include "retold/compare.h"
#include "retold/lexicon.h"
#include "retold/word_counts.h"

namespace retold {

// Sets c->source and c->source_reason from the passages and verdict already
// in `c`. `lexicon` may be null (then synonyms are not judged), and so may
// `corpus` (then the corpus's words are not judged).
void JudgeSource(const Document& a, const Document& b, const Lexicon* lexicon, const WordCounts* corpus,
                 Comparison* c);

}  // namespace retold

#endif  // RETOLD_ALIGN_PROVENANCE_H_
