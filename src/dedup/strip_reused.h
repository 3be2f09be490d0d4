// --strip-reused: kept documents with the passages they share with an
// earlier kept document cut out, as exact-substring deduplication of
// training data does, but for rewritten passages too (the aligner's rows).
//
// What is cut from a document (read in corpus order):
// - the rows of each passage it shares with an earlier kept document
//   (a verified pair), adjacent rows merged;
// - each recurring passage (boilerplate, a wire paragraph) that an earlier
//   kept document also carries, found by its exact text;
// in both cases only runs of at least `min_bytes`.
#ifndef RETOLD_DEDUP_STRIP_REUSED_H_
#define RETOLD_DEDUP_STRIP_REUSED_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "retold/dedup.h"

namespace retold {

class ReusedPassages {
 public:
  // `kept`: by document index, whether --keep writes the document.
  ReusedPassages(const DedupResult& result, const std::vector<bool>& kept, size_t min_bytes);

  // Call for every document in corpus order, with its text: removes what
  // a kept document reuses and returns the bytes removed (0 for documents
  // --keep leaves out, whose texts are only read).
  size_t Strip(uint32_t document, std::string* text);

 private:
  const DedupResult& result_;
  const std::vector<bool>& kept_;
  size_t min_bytes_;
  std::unordered_map<uint32_t, std::vector<Span>> cuts_;  // from pairs
  // By document, the recurring passages it is the first to carry, or that
  // an earlier kept document carries too.
  std::unordered_map<uint32_t, std::vector<uint32_t>> recurring_in_;
  std::vector<std::vector<std::string>> recurring_texts_;  // from the first document
};

}  // namespace retold

#endif  // RETOLD_DEDUP_STRIP_REUSED_H_
