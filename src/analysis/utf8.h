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

Decoded DecodeMultibyte(std::string_view text, size_t pos);

// Decodes the character starting at text[pos] (pos < text.size()). ASCII,
// most of any English text, takes the inline path.
inline Decoded DecodeAt(std::string_view text, size_t pos) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) return {c, 1, true};
  return DecodeMultibyte(text, pos);
}

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

CharClass ClassifyNonAscii(char32_t cp);

inline CharClass Classify(char32_t cp) {
  if (cp >= 0x80) return ClassifyNonAscii(cp);
  if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return CharClass::kLetter;
  if (cp >= '0' && cp <= '9') return CharClass::kDigit;
  switch (cp) {
    case '\n': return CharClass::kNewline;
    case ' ': case '\t': case '\r': case '\f': case '\v': return CharClass::kSpace;
    case '\'': return CharClass::kApostrophe;
    case '-': return CharClass::kHyphen;
    case '"': return CharClass::kQuoteEither;
    case '.': case '!': case '?': return CharClass::kSentenceEnd;
    default: return CharClass::kOther;
  }
}

// Appends the comparison form of `cp` to `out`: compatibility-normalised,
// case-folded, accents stripped, invisible characters dropped (utf8proc).
void AppendFoldedNonAscii(char32_t cp, std::string* out);
inline void AppendFolded(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return;
  }
  AppendFoldedNonAscii(cp, out);
}

// For a letter of another script that looks like a Latin letter (Cyrillic
// "а", Greek "ο"), that Latin letter in lower case; otherwise 0. Uses ICU's
// confusable skeletons (UTS #39), computed once per character and cached.
char32_t LatinLookalikeInTable(char32_t cp);
inline char32_t LatinLookalike(char32_t cp) {
  return cp < 0x0370 || cp > 0x058F ? 0 : LatinLookalikeInTable(cp);
}

bool IsLatinLetter(char32_t cp);
bool IsUppercase(char32_t cp);

// True when `pos` is a character boundary: the start of the text, its end,
// or a byte that is not a UTF-8 continuation byte.
inline bool IsBoundary(std::string_view text, size_t pos) {
  return pos == 0 || pos >= text.size() ||
         (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

// Moves `pos` past stray continuation bytes (invalid UTF-8 with no lead
// byte). Span ends pass through here, so that an offset never lands on a
// byte that any UTF-8 check, lenient or strict, would call mid-character.
inline size_t SkipStrayContinuations(std::string_view text, size_t pos) {
  while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  return pos;
}

}  // namespace retold::utf8

#endif  // RETOLD_ANALYSIS_UTF8_H_
