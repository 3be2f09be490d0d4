// Closed classes of English words, looked up in one step: function words,
// words too frequent in news to be evidence, and spelled-out numbers.
#ifndef RETOLD_ANALYSIS_STOPWORDS_H_
#define RETOLD_ANALYSIS_STOPWORDS_H_

#include <cstdint>
#include <string_view>

namespace retold {

enum WordClass : uint8_t {
  kOrdinaryWord = 0,
  // Articles, pronouns, auxiliaries, prepositions, conjunctions and their
  // contractions ("it's", "can't").
  kStopword = 1,
  // Reporting verbs ("said", "told"), calendar words ("monday", "week") and
  // similar: real words, but weak evidence that one text came from another.
  kWeakWord = 2,
  // "three", "hundred", "million": copied, not paraphrased, like digits.
  kNumberWord = 4,
  // The commonest function words of English that no language retold
  // translates from shares ("the", "of", "and"): English text is full of
  // them (20-30% of its words), text in other languages nearly free.
  kEnglishMarker = 8,
  // The commonest function words of the languages retold translates from
  // (Spanish, Catalan, Galician, Esperanto): a stretch without English
  // markers is taken for foreign only when it has these ("de", "que",
  // "kaj"); an English price table has neither.
  kForeignMarker = 16,
};

// The classes of a folded word, as a bit set of WordClass values.
uint8_t ClassifyWord(std::string_view folded);

inline bool IsStopword(std::string_view folded) { return ClassifyWord(folded) & kStopword; }
inline bool IsWeakWord(std::string_view folded) { return ClassifyWord(folded) & kWeakWord; }
inline bool IsNumberWord(std::string_view folded) { return ClassifyWord(folded) & kNumberWord; }

}  // namespace retold

#endif  // RETOLD_ANALYSIS_STOPWORDS_H_
