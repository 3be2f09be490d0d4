// Translation into English, retold's pivot language, with Apertium.
//
// A text is translated sentence by sentence (one sentence a line through
// one Apertium run), so that each sentence of the translation maps back to
// the sentence of the original it came from: every offset retold reports
// in a translated document is mapped back through these segments, exact to
// the sentence. Translations are cached by content, so that a corpus run,
// which analyses a document more than once, translates it once.
#ifndef RETOLD_ANALYSIS_TRANSLATE_H_
#define RETOLD_ANALYSIS_TRANSLATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retold/analysis.h"

namespace retold {

struct Pivot {
  std::string text;                    // the English translation
  std::vector<PivotSegment> segments;  // ascending on both sides
};

// Translates the sentences `sentences` (byte spans of `text`) with the
// Apertium mode `mode` ("spa-eng"). Null, with `error` set, when Apertium
// cannot be run or fails.
std::shared_ptr<const Pivot> TranslateToEnglish(std::string_view text,
                                                const std::vector<std::pair<uint32_t, uint32_t>>& sentences,
                                                const std::string& mode, std::string* error);

}  // namespace retold

#endif  // RETOLD_ANALYSIS_TRANSLATE_H_
