// Fuzzes UTF-8 decoding, normalisation, tokenisation and sentence
// segmentation: every offset must stay inside the text, on a character
// boundary, in order.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/sentences.h"
#include "analysis/tokenizer.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace retold;
  std::string text(reinterpret_cast<const char*>(data), size);
  Tokens tokens = Tokenize(text);
  uint32_t previous_end = 0;
  for (const RawToken& t : tokens.tokens) {
    RETOLD_FUZZ_CHECK(t.begin < t.end && t.end <= text.size());
    RETOLD_FUZZ_CHECK(t.begin >= previous_end);
    RETOLD_FUZZ_CHECK(utf8::IsBoundary(text, t.begin) && utf8::IsBoundary(text, t.end));
    RETOLD_FUZZ_CHECK(t.folded_begin + t.folded_length <= tokens.folded.size());
    previous_end = t.end;
  }
  auto sentences = SplitSentences(text, tokens);
  uint32_t next_token = 0;
  for (const SentenceSpan& s : sentences) {
    RETOLD_FUZZ_CHECK(s.first_token == next_token && s.token_end > s.first_token);
    RETOLD_FUZZ_CHECK(s.token_end - s.first_token <= kMaxSentenceTokens);
    RETOLD_FUZZ_CHECK(s.begin < s.end && s.end <= text.size());
    RETOLD_FUZZ_CHECK(utf8::IsBoundary(text, s.begin) && utf8::IsBoundary(text, s.end));
    next_token = s.token_end;
  }
  RETOLD_FUZZ_CHECK(next_token == tokens.tokens.size());
  // Analysed as it is, the document has the tokenizer's tokens. (Text that
  // reads as Spanish is analysed through its translation; compare_fuzz
  // checks that the offsets reported for it still fit the input.)
  Document doc = Analyzer(fuzz::FuzzLexicon(), /*translate=*/false).Analyze(text);
  RETOLD_FUZZ_CHECK(doc.tokens.size() == tokens.tokens.size());
  Document translated = Analyzer(fuzz::FuzzLexicon()).Analyze(text);
  for (const PivotSegment& s : translated.pivot) {
    RETOLD_FUZZ_CHECK(s.original_begin <= s.original_end && s.original_end <= text.size());
    RETOLD_FUZZ_CHECK(s.pivot_begin <= s.pivot_end && s.pivot_end <= translated.text.size());
  }
  return 0;
}
