// Candidate search: from fingerprints to the pairs of documents worth
// verifying, without comparing every pair.
//
// MinHash channels go through locality-sensitive hashing: a signature is cut
// into b bands of r values, and documents sharing m whole bands meet. A
// pair whose channel Jaccard is J meets with the probability that m or more
// of b trials succeed, each with probability J^r (the "recall model"):
//
//   channel    bands x rows, m   J for 50% recall   recall at J = 0.2 / 0.3 / 0.5 / 0.8
//   lexical    16 x 4, 1         0.47               0.03 / 0.12 / 0.64 / 1.00
//   skeleton   16 x 2, 2         0.32               0.13 / 0.43 / 0.94 / 1.00
//
// Names and numbers in order are rare between independent documents, so the
// skeleton can be looser than the lexical channel; but one shared band is
// what documents sharing one name-heavy sentence have, so a pair meeting in
// one band only is kept when the estimate of its Jaccard from all 32 values
// reaches 0.25 (most translated copies do).
// Winnowed hashes meet exactly: two documents are candidates when the
// hashes they share lie in at least two different sentences of each (one
// shared sentence, or one stock phrase, is never a copy, and the verifier
// would reject it; a 5-gram that runs over a sentence boundary stands for
// both sentences). A hash found in `recurring_documents` documents or more
// is not evidence between any two of them: it is a recurring passage (a
// wire paragraph, a widely quoted line, boilerplate), reported once with the
// documents that carry it. So the pairs proposed grow with the corpus, not
// with the square of how often its sentences recur. LSH buckets so full that
// they hold page furniture rather than evidence are cut down (max_bucket).
#ifndef RETOLD_CANDIDATES_H_
#define RETOLD_CANDIDATES_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "retold/fingerprint.h"

namespace retold {

struct CandidateOptions {
  bool lexical_only = false;       // only the lexical channel (dedup --mode lexical)
  size_t max_bucket = 64;          // a fuller bucket links each member to its next only
  size_t min_skeleton_bands = 2;   // skeleton bands a pair must share, or else
  double min_skeleton_jaccard = 0.25;  // estimated skeleton Jaccard with one band
  size_t recurring_documents = 8;  // a winnow hash in this many documents recurs
  size_t min_places = 2;           // separate sentences of shared hashes, on each side
  unsigned threads = 1;            // for the winnow channel's scan
};

struct Band {
  uint8_t channel;  // 0 lexical, 1 skeleton
  uint8_t index;
  uint64_t hash;
};

// The LSH band hashes of one fingerprint (also what the persistent index
// stores per document).
std::vector<Band> BandsOf(const Fingerprint& f, bool lexical_only);

// How many pairs each channel proposed (before merging; lexical and winnow
// count a pair once per band or hash range that found it).
struct CandidateStats {
  size_t lexical = 0, skeleton = 0, winnow = 0;
};

// Text found in many documents: winnowed hashes that occur in the same (or
// a nested) set of documents, two hashes or more (a longer run than a stock
// phrase).
struct RecurringPassage {
  std::vector<uint32_t> documents;  // ascending
  uint32_t hashes = 0;              // winnowed hashes it holds
  // Where it is in documents[0]: the sentences its hashes end in, ascending.
  std::vector<uint16_t> sentences;
};

// Pairs (i, j), i < j, of indexes into `fingerprints`, sorted and unique.
// With `recurring`, also the recurring passages, most widespread first.
std::vector<std::pair<uint32_t, uint32_t>> FindCandidates(
    const std::vector<Fingerprint>& fingerprints, const CandidateOptions& options,
    CandidateStats* stats = nullptr, std::vector<RecurringPassage>* recurring = nullptr);

}  // namespace retold

#endif  // RETOLD_CANDIDATES_H_
