// Text analysis: from raw bytes to the tokens, sentences and match keys that
// alignment works on.
//
//   retold::Analyzer analyzer(lexicon.get());
//   retold::Document doc = analyzer.Analyze(std::move(bytes));
//   for (const retold::Sentence& s : doc.sentences) ...
//
// Every offset in a Document is a byte offset into the text that was passed
// in, half-open, on a UTF-8 character boundary. Invalid UTF-8 is decoded
// leniently (one replacement character per bad byte) so offsets stay true.
// An Analyzer is cheap, immutable and safe to share between threads.
#ifndef RETOLD_ANALYSIS_H_
#define RETOLD_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retold/lexicon.h"

namespace retold {

struct Token {
  uint32_t begin = 0;  // bytes into Document::text
  uint32_t end = 0;
  uint32_t sentence = 0;
  uint32_t term = 0;   // hash of the folded form (exact match)
  uint32_t stem = 0;   // hash of the Snowball stem (inflection-blind match)
  float weight = 0;    // evidence weight; 0 for function words
  uint32_t sense = 0;  // Lexicon entry id of the word (0: not in the lexicon)
  bool is_number = false;  // digits, or a number word ("three", "million")
  bool is_name = false;  // capitalised inside a sentence, or an acronym
};

struct Sentence {
  uint32_t begin = 0;  // bytes; includes quotes and final punctuation
  uint32_t end = 0;
  uint32_t first_token = 0;
  uint32_t token_end = 0;
  float weight = 0;          // sum of the weights of its tokens
  uint32_t content_tokens = 0;  // tokens that are not function words
  float quote_fraction = 0;  // share of tokens inside quotation marks
  bool boilerplate = false;  // page furniture or a short unpunctuated line: never evidence
  bool furniture = false;    // page furniture or a byline: what a site adds to a story
};

// Where a stretch of a translated document's text came from: bytes
// [pivot_begin, pivot_end) of the English translation translate the bytes
// [original_begin, original_end) of the original.
struct PivotSegment {
  uint32_t pivot_begin = 0, pivot_end = 0;
  uint32_t original_begin = 0, original_end = 0;
};

struct Document {
  // The text analysed: the original, or its English translation when
  // `translated` (then every offset of tokens and sentences is into the
  // translation, and `pivot` maps them back to the original).
  std::string text;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  uint64_t fingerprint = 0;          // hash of the whole folded token stream
  size_t countable_bytes = 0;        // bytes of non-boilerplate sentences
  size_t invalid_utf8_bytes = 0;
  // ISO 639-1 code of the original's language: "en" for English text,
  // empty when it could not be told.
  std::string language;
  bool translated = false;
  std::vector<PivotSegment> pivot;  // ascending; only when translated
  std::string translation_error;    // why a foreign text was left untranslated
};

// Text that does not read as English (few English function words) is
// identified (libexttextcat) and, when Apertium has a pair from its
// language into English, translated and analysed in English: see
// src/analysis/translate.h. English text pays only for counting its
// function words.
struct SentenceTally;

class Analyzer {
 public:
  // `lexicon` may be null: then only exact and stem matches are possible.
  // With `translate` false, every text is analysed as it is.
  explicit Analyzer(const Lexicon* lexicon, bool translate = true) : lexicon_(lexicon), translate_(translate) {}

  Document Analyze(std::string text) const;

 private:
  // With `tally`, also the words of each sentence and its English markers.
  Document AnalyzeAsIs(std::string text, std::vector<SentenceTally>* tally) const;

  const Lexicon* lexicon_;
  bool translate_;
};

}  // namespace retold

#endif  // RETOLD_ANALYSIS_H_
