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
#include <functional>
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
// With `recurring`, also the recurring hash groups, as found: JoinRecurring
// makes passages of them (a step of its own, which needs no fingerprints:
// they can be let go first). It is the steps below, run on one machine.
std::vector<std::pair<uint32_t, uint32_t>> FindCandidates(
    const std::vector<Fingerprint>& fingerprints, const CandidateOptions& options,
    CandidateStats* stats = nullptr, std::vector<RecurringPassage>* recurring = nullptr);

// Puts f's winnowed hashes (and their places) in groups by the part of the
// key space FindCandidates puts each in, in text order within a group, so
// that each of its tasks reads the hashes of its own parts, not all. The
// pairs and passages found are the same either way. For a run's first
// pass, on every core; candidate search in steps (below) needs no grouping.
void GroupForCandidates(Fingerprint* f);

// Candidate search in steps, for a run spread over machines
// (python/retold/dask.py), where keys travel to the machine of their part
// of the key space and pair evidence to the machine of its pair:
//
// 1. CandidateKeys: the keys of one document that fall in part `part` of
//    `parts`: its LSH band hashes, and its winnowed hashes with their places.
// 2. ScanKeyPart: the keys of one part, from every document, become
//    evidence about pairs (a shared band; a shared winnowed hash, with where
//    it is on each side) and recurring hash groups (a winnowed hash in
//    recurring_documents documents or more, never expanded into pairs).
// 3. MergeEvidence: all the evidence about a set of pairs (every part's,
//    for the pairs with PairPartOf = k) becomes candidate pairs.
// 4. JoinRecurring: the recurring groups of every part become recurring
//    passages.
inline constexpr uint8_t kLexicalBandKey = 0;
inline constexpr uint8_t kSkeletonBandKey = 1;
inline constexpr uint8_t kWinnowKey = 2;

struct CandidateKey {
  uint64_t key = 0;    // the kind in the top two bits, then the hash
  uint32_t doc = 0;
  uint16_t place = 0;  // winnowed hashes: as in Fingerprint::winnow_sentence
};
inline uint8_t KindOfKey(const CandidateKey& k) { return static_cast<uint8_t>(k.key >> 62); }

struct PairEvidence {
  uint64_t pair = 0;   // a << 32 | b, a < b
  // Winnowed hashes: place in a << 16 | place in b. Skeleton bands: 1 when
  // the whole signatures agree (estimated Jaccard >= min_skeleton_jaccard).
  uint32_t value = 0;
  uint8_t kind = 0;    // kLexicalBandKey, kSkeletonBandKey or kWinnowKey
};

struct KeyPartEvidence {
  std::vector<PairEvidence> evidence;
  // Recurring groups, one for each set of documents (told apart by a hash
  // of the set), in the order found; hashes counts the winnowed hashes
  // found, sentences their places in documents[0].
  std::vector<RecurringPassage> recurring;
};

// A document's skeleton signature, for ScanKeyPart's one-band estimate.
using SkeletonLookup = std::function<const std::vector<uint32_t>&(uint32_t doc)>;

void CandidateKeys(const Fingerprint& f, uint32_t doc, bool lexical_only, uint32_t part, uint32_t parts,
                   std::vector<CandidateKey>* out);
// Sorts `keys` and appends what they show to `out`. `scratch`, when
// given, is the buffer the sort uses, kept by a caller that scans many
// parts.
void ScanKeyPart(std::vector<CandidateKey>* keys, const CandidateOptions& options,
                 const SkeletonLookup& skeleton_of, KeyPartEvidence* out,
                 std::vector<CandidateKey>* scratch = nullptr);
// Which of `parts` machines merges the evidence about `pair`.
uint32_t PairPartOf(uint64_t pair, uint32_t parts);
// Candidate pairs, sorted, from all the evidence about them (sorts
// `evidence`); adds to `stats` when given.
std::vector<std::pair<uint32_t, uint32_t>> MergeEvidence(std::vector<PairEvidence>* evidence,
                                                         const CandidateOptions& options,
                                                         CandidateStats* stats = nullptr);
// Merges groups of the same documents (found in several parts), then joins
// nested sets into passages, on `threads` threads; most widespread first.
void JoinRecurring(std::vector<RecurringPassage>* groups, unsigned threads = 1);

}  // namespace retold

#endif  // RETOLD_CANDIDATES_H_
