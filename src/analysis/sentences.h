// Sentence segmentation over tokens.
//
// Works on the gaps between tokens: a gap holding ". " before a capital, a
// blank line, or a line break before an indented or after a short line
// (a headline) ends a sentence. Wrapped lines (newswire bodies break every
// ~70 columns) do not. Very long runs without punctuation are cut so that
// no sentence grows past kMaxSentenceTokens.
#ifndef RETOLD_ANALYSIS_SENTENCES_H_
#define RETOLD_ANALYSIS_SENTENCES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.h"

namespace retold {

inline constexpr uint32_t kMaxSentenceTokens = 100;

struct SentenceSpan {
  uint32_t begin = 0;  // bytes, half-open; includes opening quotes and
  uint32_t end = 0;    // the closing punctuation and quotes
  uint32_t first_token = 0;
  uint32_t token_end = 0;  // one past the last token
  bool own_line = false;   // nothing else on its line(s)
  bool terminated = false; // ends with . ! ? or …
  float quote_fraction = 0;  // share of its tokens inside quotation marks
};

std::vector<SentenceSpan> SplitSentences(std::string_view text, const Tokens& tokens);

}  // namespace retold

#endif  // RETOLD_ANALYSIS_SENTENCES_H_
