// Splits text into word and number tokens with byte offsets into the
// original text and a folded form for comparison.
#ifndef RETOLD_ANALYSIS_TOKENIZER_H_
#define RETOLD_ANALYSIS_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace retold {

enum class TokenKind : uint8_t { kWord, kNumber, kAcronym };

struct RawToken {
  uint32_t begin = 0;  // byte offsets into the original text, half-open
  uint32_t end = 0;
  uint32_t folded_begin = 0;  // the folded form, inside Tokens::folded
  uint32_t folded_length = 0;
  TokenKind kind = TokenKind::kWord;
  bool capitalized = false;  // first letter upper case in the original
};

struct Tokens {
  std::vector<RawToken> tokens;
  std::string folded;  // all folded forms, back to back
  size_t invalid_bytes = 0;  // bytes that were not valid UTF-8

  std::string_view FoldedOf(const RawToken& t) const {
    return std::string_view(folded).substr(t.folded_begin, t.folded_length);
  }
};

// Tokens are maximal runs of letters and digits. Inside a token, combining
// marks and invisible characters (zero-width space, bidi controls) are
// skipped, so "Mos\u200Bcow" is one token "moscow"; an apostrophe joins
// letters ("can't"), a possessive "'s" is dropped from the folded form;
// "." and "," join digits ("1,250.5" folds to "1250.5"); "U.S." is an
// acronym folded to "us". Hyphens split ("oil-producing" is two tokens).
// Letters of other scripts that look Latin are read as Latin inside a word
// that has Latin letters ("Ukrаine" with a Cyrillic а is "ukraine").
Tokens Tokenize(std::string_view text);

namespace internal {
// Tokenize with or without its fast path for plain ASCII words; the two
// must agree on every text (tokenizer_test checks).
Tokens Tokenize(std::string_view text, bool ascii_path);
}  // namespace internal

}  // namespace retold

#endif  // RETOLD_ANALYSIS_TOKENIZER_H_
