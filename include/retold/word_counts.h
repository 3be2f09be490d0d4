// How many documents of a corpus use each word: exact document
// frequencies of content words (by their folded terms), filled from
// analysed documents on any number of threads. Its size follows the
// vocabulary, not the corpus (a few hundred thousand words for 100,000 news
// stories: ~10 MB).
//
// Provenance reads it in corpus runs: a spinner's substitutes ("oblation"
// for "offering", "precedency" for "priority") are words the rest of the
// corpus seldom uses, while the source's words are its corpus's language.
#ifndef RETOLD_WORD_COUNTS_H_
#define RETOLD_WORD_COUNTS_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "retold/analysis.h"

namespace retold {

class WordCounts {
 public:
  // Counts each distinct content word of `d` once. Safe to call from many
  // threads at once.
  void AddDocument(const Document& d);

  // Documents using the word with this term (0 when none). Only once every
  // AddDocument has returned.
  uint32_t Count(uint32_t term) const;

  // Adds another table's counts (tables of parts of a corpus, filled on
  // different machines, make the table of the whole).
  void Merge(const WordCounts& other);

  // The table as bytes (term and count pairs, ascending), and back; false
  // when `bytes` is not such a table.
  std::string ToBytes() const;
  bool FromBytes(const std::string& bytes);

  size_t words() const;

 private:
  static constexpr size_t kShardBits = 6;
  static constexpr size_t kShards = size_t{1} << kShardBits;
  // Open addressing: a slot holds term << 32 | count, count 0 when empty;
  // the table doubles at half full.
  struct Shard {
    std::mutex mutex;
    std::vector<uint64_t> slots;
    size_t used = 0;
    void Add(uint32_t term, uint32_t count);
    uint32_t Find(uint32_t term) const;
  };
  Shard shards_[kShards];
};

}  // namespace retold

#endif  // RETOLD_WORD_COUNTS_H_
