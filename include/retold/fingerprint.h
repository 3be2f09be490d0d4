// Fingerprints: what candidate search keeps of a document, a few hundred
// bytes that survive rewriting, computed once per document (a map step).
//
// Three channels, each catching a kind of copy the others miss:
//   lexical   MinHash of word 5-grams: exact and near-duplicate copies.
//   skeleton  MinHash of consecutive names and numbers: spinners and
//             translators leave these alone (DSpin's "immutables").
//   winnow    winnowed word 5-gram hashes (Schleimer et al. 2003): any
//             shared run of 5 + kWinnowWindow - 1 words leaves a shared
//             hash, so excerpts inside longer documents are found.
#ifndef RETOLD_FINGERPRINT_H_
#define RETOLD_FINGERPRINT_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "retold/analysis.h"

namespace retold {

inline constexpr size_t kLexicalHashes = 64;
inline constexpr size_t kSkeletonHashes = 32;
inline constexpr size_t kWinnowWindow = 12;
inline constexpr uint16_t kWinnowSentenceMask = 0x7FFF;
inline constexpr uint16_t kWinnowCrossesSentence = 0x8000;

struct Fingerprint {
  std::vector<uint32_t> lexical;   // kLexicalHashes values, or empty
  std::vector<uint32_t> skeleton;  // kSkeletonHashes values, or empty (too few names)
  // Unique, in the order of the text (not sorted); or, once
  // GroupForCandidates (retold/candidates.h) has run, grouped by the part
  // of candidate search's key space each falls in (of winnow_parts parts),
  // in text order within a part.
  std::vector<uint32_t> winnow;
  // Beside each winnowed hash, its place: the sentence its 5-gram ends in
  // (counted from 0, capped at kWinnowSentenceMask), plus
  // kWinnowCrossesSentence when the 5-gram began in the sentence before (a
  // hash picked in several places has the least of them). Candidate search
  // asks for evidence in two separate places, since one shared sentence is
  // never a copy.
  std::vector<uint16_t> winnow_sentence;
  uint32_t text_bytes = 0;
  uint32_t winnow_parts = 0;  // 0: winnow is in text order
};

// Where LexicalFingerprint's sentences begin: after ". ", "! " or "? " (and
// any closing quote or bracket) before a capital or digit, unless the full
// stop ends an initial or a common abbreviation, and at blank lines. Byte
// offsets, the first always 0. Full fingerprints use the analyser's
// sentences instead. With `limit`, the text is read only until that many
// starts are found.
std::vector<uint32_t> LexicalSentenceStarts(std::string_view text, size_t limit = SIZE_MAX);

// The lexical channels (lexical, winnow) straight from the bytes: a fast
// ASCII-case-folding word splitter, no analysis. For `dedup --mode lexical`.
Fingerprint LexicalFingerprint(std::string_view text);

// All three channels from an analysed document.
//
// (A fourth channel, MinHash over the WordNet synsets of content words, was
// tried and dropped: two reports of one event share as many concepts as a
// spun copy does, and on the harness it found no copy the skeleton and
// winnow channels missed.)
Fingerprint FullFingerprint(const Document& doc);

// Share of equal positions: an estimate of the Jaccard similarity of the
// two sets a channel was computed from. 0 when either is empty.
double EstimateJaccard(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y);

}  // namespace retold

#endif  // RETOLD_FINGERPRINT_H_
