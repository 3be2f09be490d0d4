// English function words and other words too common to be evidence.
#ifndef RETOLD_ANALYSIS_STOPWORDS_H_
#define RETOLD_ANALYSIS_STOPWORDS_H_

#include <string_view>

namespace retold {

// Function words: articles, pronouns, auxiliaries, prepositions, conjunctions
// and their contractions ("it's", "can't"). Takes a folded word.
bool IsStopword(std::string_view folded);

// Words so frequent in news that they are weak evidence of copying:
// reporting verbs ("said", "told") and calendar words ("monday", "week").
bool IsWeakWord(std::string_view folded);

// Numbers spelled out ("three", "hundred", "million"): like digits, they
// are copied, not paraphrased, and two reports that differ in them differ.
bool IsNumberWord(std::string_view folded);

}  // namespace retold

#endif  // RETOLD_ANALYSIS_STOPWORDS_H_
