// On-disk layout of the compiled lexicon (retold.lex).
//
// The file is written once by retold-build-lexicon and memory-mapped by
// Lexicon::Open, so every structure here is plain old data, little-endian,
// 8-byte aligned, and addressed by offsets from the start of the file.
// Changing anything here means bumping kLexiconVersion.
#ifndef RETOLD_LEXICON_LEXICON_FORMAT_H_
#define RETOLD_LEXICON_LEXICON_FORMAT_H_

#include <cstdint>

namespace retold::lexfmt {

inline constexpr char kMagic[8] = {'R', 'E', 'T', 'O', 'L', 'D', 'L', 'X'};
inline constexpr uint32_t kLexiconVersion = 3;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t word_count;
  uint32_t slot_count;     // power of two; open addressing, linear probing
  uint32_t key_count;      // total uint32 entries in the key pool
  uint64_t slots_offset;   // Slot[slot_count]
  uint64_t words_offset;   // WordEntry[word_count]
  uint64_t keys_offset;    // uint32[key_count]
  uint64_t strings_offset; // char pool, words are not NUL-terminated
  uint64_t strings_size;
  uint64_t file_size;      // for truncation checks
};

// A hash table slot: the word's index + 1 (0 = empty) and the upper half
// of its hash, so that a probe rarely has to compare strings.
struct Slot {
  uint32_t word;
  uint32_t tag;
};

// One lemma or inflected form. Strong keys are the ids of the synsets the
// word belongs to (its most frequent senses); weak keys are synsets one
// relation away (hypernym, similar-to, derivation, pertainym, also-see).
// Two words are synonyms when their strong keys meet and related when a
// strong key of one meets a weak key of the other.
// Regular inflections ("talks", "warned", "stopping") are entries of their
// own that share their lemma's keys, so a lookup is always one probe.
struct WordEntry {
  uint32_t string_offset;
  uint16_t string_length;
  uint8_t strong_count;
  uint8_t weak_count;
  uint32_t keys_offset;    // index into the key pool: strong keys, then weak
  uint32_t corpus_count;   // SemCor sense-tag count summed over senses
};

// Same hash is used by the writer and the reader.
inline uint64_t SlotHashSeed() { return 0x7265746f6c64ULL; }

}  // namespace retold::lexfmt

#endif  // RETOLD_LEXICON_LEXICON_FORMAT_H_
