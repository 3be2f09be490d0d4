// Candidate search: from fingerprints to the pairs of documents worth
// verifying, without comparing every pair.
//
// MinHash channels go through locality-sensitive hashing: a signature is cut
// into bands of r values, and documents sharing a whole band meet. With b
// bands, a pair whose channel Jaccard is J meets with probability
// 1 - (1 - J^r)^b (the "recall model"):
//
//   channel    bands x rows   J for 50% recall   recall at J = 0.3 / 0.5 / 0.8
//   lexical    16 x 4         0.47               0.12 / 0.64 / 1.00
//   skeleton   16 x 2         0.21               0.78 / 0.99 / 1.00
//
// (Names and numbers in order are rare between independent documents, so
// the skeleton can be loose; two reports of one event share few of them.)
// Winnowed hashes meet exactly: two documents sharing at least
// kMinSharedWinnows hashes are candidates. Buckets so full that they hold
// page furniture rather than evidence are cut down (see kMaxBucket).
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
  size_t max_winnow_postings = 24; // a winnow hash in more documents is boilerplate
  size_t min_shared_winnows = 2;
};

struct Band {
  uint8_t channel;  // 0 lexical, 1 skeleton
  uint8_t index;
  uint64_t hash;
};

// The LSH band hashes of one fingerprint (also what the persistent index
// stores per document).
std::vector<Band> BandsOf(const Fingerprint& f, bool lexical_only);

// How many pairs each channel proposed (before merging).
struct CandidateStats {
  size_t lexical = 0, skeleton = 0, winnow = 0;
};

// Pairs (i, j), i < j, of indexes into `fingerprints`, sorted and unique.
std::vector<std::pair<uint32_t, uint32_t>> FindCandidates(
    const std::vector<Fingerprint>& fingerprints, const CandidateOptions& options,
    CandidateStats* stats = nullptr);

}  // namespace retold

#endif  // RETOLD_CANDIDATES_H_
