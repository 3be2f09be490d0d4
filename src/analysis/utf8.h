// Lenient UTF-8 decoding and per-character folding.
//
// retold reads text from the open web, so nothing here rejects input: an
// invalid byte decodes as U+FFFD and consumes exactly one byte, which keeps
// every offset we report pointing at the caller's original bytes.
#ifndef RETOLD_ANALYSIS_UTF8_H_
#define RETOLD_ANALYSIS_UTF8_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace retold::utf8 {

struct Decoded {
  char32_t code_point;
  uint32_t length;  // bytes consumed, >= 1
  bool valid;
};

// Decodes the character starting at text[pos] (pos < text.size()).
Decoded DecodeAt(std::string_view text, size_t pos);

enum class CharClass : uint8_t {
  kLetter,
  kDigit,
  kMark,       // combining marks: part of the word they follow
  kInvisible,  // zero-width, bidi controls, soft hyphen: ignored inside words
  kNewline,
  kSpace,
  kApostrophe,
  kHyphen,
  kQuoteOpen,
  kQuoteClose,
  kQuoteEither,  // ASCII " is both
  kSentenceEnd,  // . ! ? and the ellipsis
  kOther,
};

CharClass Classify(char32_t cp);

// Appends the comparison form of `cp` to `out`: compatibility-normalised,
// case-folded, accents stripped, invisible characters dropped (utf8proc).
void AppendFolded(char32_t cp, std::string* out);

// For a letter of another script that looks like a Latin letter (Cyrillic
// "а", Greek "ο"), that Latin letter in lower case; otherwise 0. Uses ICU's
// confusable skeletons (UTS #39), computed once per character and cached.
char32_t LatinLookalike(char32_t cp);

bool IsLatinLetter(char32_t cp);
bool IsUppercase(char32_t cp);

// True when `pos` is a character boundary: the start of the text, its end,
// or a byte that is not a UTF-8 continuation byte.
inline bool IsBoundary(std::string_view text, size_t pos) {
  return pos == 0 || pos >= text.size() ||
         (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

}  // namespace retold::utf8

#endif  // RETOLD_ANALYSIS_UTF8_H_
