// Lexicon: what WordNet knows about an English word, loaded in microseconds.
//
// The lexicon is compiled from WordNet at build time (retold-build-lexicon)
// and memory-mapped here, so opening it costs one mmap, not a parse. A
// Lexicon is immutable after Open and safe to share between threads.
//
//   std::string error;
//   auto lexicon = retold::Lexicon::Open(retold::Lexicon::DefaultPath(), &error);
//   if (!lexicon) { ... error says which file and why ... }
//   retold::WordSense s = lexicon->Lookup("laborious");
//   // s.strong: ids of the synsets "laborious" belongs to
#ifndef RETOLD_LEXICON_H_
#define RETOLD_LEXICON_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace retold {

struct WordSense {
  // Synsets of the word's most frequent senses. Two words sharing one are
  // synonyms in some sense.
  std::span<const uint32_t> strong;
  // Synsets one relation away (hypernym, similar-to, derivation, ...).
  std::span<const uint32_t> weak;
  // How often the word was sense-tagged in SemCor; 0 for rare words.
  uint32_t corpus_count = 0;
  bool found = false;
};

class Lexicon {
 public:
  ~Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // Maps the compiled lexicon at `path`. Returns null and fills `error`
  // (naming the file) when it is missing, truncated or of another version.
  static std::unique_ptr<Lexicon> Open(const std::string& path, std::string* error);

  // Where to look when the user names no file: $RETOLD_LEXICON, then
  // retold.lex beside the running executable, then the install location.
  static std::string DefaultPath();

  // Looks up a case-folded word or a regular inflection of one ("warned",
  // "stopping", "negotiations"): one hash probe.
  WordSense Lookup(std::string_view word) const { return Entry(Find(word)); }

  // The same in two steps, for callers that store a word's entry: Find gives
  // an id (0 when the word is unknown), Entry what the lexicon knows of it.
  uint32_t Find(std::string_view word) const;
  WordSense Entry(uint32_t id) const;

  size_t word_count() const;

 private:
  Lexicon() = default;
  uint32_t FindExact(std::string_view word) const;

  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace retold

#endif  // RETOLD_LEXICON_H_
