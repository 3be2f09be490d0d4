// Translation into English, retold's pivot language, with Apertium.
//
// Sentences that do not read as English (few English marker words,
// stopwords.h) are gathered into runs; each run's language is identified
// (language.h) and, when Apertium has a pair from it into English, the run
// is translated sentence by sentence: one sentence a line through one
// Apertium run, so that each sentence of the translation maps back to the
// sentence it came from. A whole foreign document is one run; an English
// story quoting a Spanish paragraph has one run inside it. The English
// "pivot" text keeps English sentences and the gaps between sentences as
// they were, and every offset retold reports in it maps back to the
// original through its segments, exact to the sentence. Translations are
// cached by content, so a corpus run, which analyses a document more than
// once, translates it once.
#ifndef RETOLD_ANALYSIS_TRANSLATE_H_
#define RETOLD_ANALYSIS_TRANSLATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "retold/analysis.h"

namespace retold {

// Words of one sentence, and how many of them are English markers and
// markers of the languages translated from (stopwords.h).
struct SentenceTally {
  uint32_t words = 0;
  uint32_t markers = 0;
  uint32_t foreign_markers = 0;
};

struct PivotText {
  bool translated = false;  // some run was translated; then text and segments are set
  std::string text;
  std::vector<PivotSegment> segments;  // one per sentence of the original, ascending
  std::string language;  // the language of most of the words ("en", "es"; "" unknown)
  std::string error;     // why a foreign run stayed untranslated, if one did
};

// `doc` analysed as it is, with the tally of each of its sentences.
PivotText TranslateForeignRuns(const Document& doc, const std::vector<SentenceTally>& tally);

}  // namespace retold

#endif  // RETOLD_ANALYSIS_TRANSLATE_H_
