// Corpus deduplication: every pair of documents where one is a copy of the
// other, grouped into families with the likely original named.
//
//   retold::DedupOptions options;           // full mode: rewrites too
//   retold::Deduplicator dedup(lexicon.get(), options);
//   retold::DedupResult result;
//   std::string error;
//   if (!dedup.Run({"crawl.jsonl.zst"}, &result, &error)) { ... }
//
// Pass 1 reads the corpus once, analysing and fingerprinting each document
// on every core; candidate search pairs fingerprints (retold/candidates.h);
// pass 2 reads the corpus again, keeping only the texts of candidates, and
// the aligner verifies each candidate pair. Nothing unverified is reported.
#ifndef RETOLD_DEDUP_H_
#define RETOLD_DEDUP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "retold/candidates.h"
#include "retold/compare.h"
#include "retold/corpus.h"
#include "retold/lexicon.h"

namespace retold {

struct DedupOptions {
  bool lexical_only = false;  // near-duplicates only, fast (--mode lexical)
  unsigned threads = 0;       // 0: every core
  ReaderOptions reader;
  // Called now and then with (documents read, pass number); may be empty.
  std::function<void(size_t, int)> progress;
};

struct DedupPair {
  uint32_t a = 0;  // document indexes, a < b
  uint32_t b = 0;
  Comparison comparison;
};

struct DedupMember {
  uint32_t document = 0;
  bool original = false;
  // How it relates to the original: a verdict name, "original", or
  // "indirect" when it joined the family through another member.
  std::string relation;
};

struct DedupFamily {
  uint32_t id = 0;
  std::vector<DedupMember> members;
};

struct DedupResult {
  std::vector<std::string> ids;  // by document index, in reading order
  std::vector<DedupPair> pairs;  // verified derived pairs
  std::vector<DedupFamily> families;
  // The texts of the documents in families, for reports: (index, text).
  std::vector<std::pair<uint32_t, std::string>> member_texts;
  size_t documents = 0;
  size_t skipped = 0;              // bad records skipped (--skip-bad)
  std::vector<std::string> skipped_reasons;
  size_t candidate_pairs = 0;
  CandidateStats candidate_stats;  // pairs proposed per channel (with repeats)
  size_t bytes = 0;
};

class Deduplicator {
 public:
  Deduplicator(const Lexicon* lexicon, DedupOptions options);

  // False with `error` ("file:line: ...", "duplicate id ...") on bad input.
  bool Run(const std::vector<std::string>& inputs, DedupResult* result, std::string* error);

 private:
  DedupOptions options_;
  Comparer comparer_;
};

}  // namespace retold

#endif  // RETOLD_DEDUP_H_
