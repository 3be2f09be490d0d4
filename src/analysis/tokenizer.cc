#include "analysis/tokenizer.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <bit>

#include "analysis/utf8.h"

namespace retold {
namespace {

using utf8::CharClass;

bool IsWordChar(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kDigit || c == CharClass::kMark ||
         c == CharClass::kInvisible;
}

struct Cursor {
  std::string_view text;
  size_t pos;
  utf8::Decoded Peek(size_t at) const {
    return at < text.size() ? utf8::DecodeAt(text, at) : utf8::Decoded{0, 0, false};
  }
};

// Finds where the token starting at `begin` ends. Sets `acronym` for "U.S."
size_t ScanToken(const Cursor& c, size_t begin, bool* acronym) {
  size_t pos = begin;
  bool digits_only = true;
  size_t letters = 0;
  while (pos < c.text.size()) {
    utf8::Decoded d = c.Peek(pos);
    CharClass cls = utf8::Classify(d.code_point);
    if (IsWordChar(cls)) {
      if (cls == CharClass::kLetter) {
        digits_only = false;
        ++letters;
      }
      pos += d.length;
      continue;
    }
    utf8::Decoded next = c.Peek(pos + d.length);
    CharClass next_cls = next.length ? utf8::Classify(next.code_point) : CharClass::kOther;
    if (cls == CharClass::kApostrophe && next_cls == CharClass::kLetter && !digits_only) {
      pos += d.length;
      continue;
    }
    if ((d.code_point == '.' || d.code_point == ',') && digits_only &&
        next_cls == CharClass::kDigit) {
      pos += d.length;
      continue;
    }
    // "U.S.", "U.K.": single letters separated by dots.
    if (d.code_point == '.' && letters == 1 && pos - begin <= 8 && next_cls == CharClass::kLetter) {
      utf8::Decoded after = c.Peek(pos + d.length + next.length);
      if (after.length && after.code_point == '.') {
        *acronym = true;
        pos += d.length + next.length + after.length;
        letters = 1;
        // The last dot is left outside the token; the sentence splitter
        // knows a dot after an acronym rarely ends a sentence.
        utf8::Decoded more = c.Peek(pos);
        utf8::Decoded more_dot = c.Peek(pos + more.length);
        if (!(more.length && utf8::Classify(more.code_point) == CharClass::kLetter &&
              more_dot.length && more_dot.code_point == '.')) {
          return pos - after.length;
        }
        continue;
      }
    }
    break;
  }
  return pos;
}

bool IsContractionBase(std::string_view word) {
  static constexpr std::string_view kBases[] = {"it",    "he",   "she",  "that", "there", "what",
                                                "who",   "where", "here", "let",  "how",   "when",
                                                "why",   "this"};
  for (auto b : kBases) {
    if (word == b) return true;
  }
  return false;
}

bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetterOrDigit(unsigned char c) { return IsAsciiLetter(c) || IsAsciiDigit(c); }

// What the fast path needs to know of a word's letters.
struct LetterFacts {
  bool none = false;     // no letter: a number
  bool one = false;      // exactly one ("U" of "U.S.")
  bool acronym = false;  // 2 to 5 letters, all upper case
};

LetterFacts FactsOf(size_t letters, size_t upper) {
  return {letters == 0, letters == 1, letters >= 2 && letters <= 5 && upper == letters};
}

#if defined(__SSE2__)
// Of the 16 bytes from p, one bit each: ASCII letters, digits, capitals.
// (A byte from 0x80 is none of them; SSE2 compares signed bytes, so each
// range is moved to start at -128.)
struct AsciiMasks {
  uint32_t letters, digits, upper;
};
AsciiMasks Masks16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto in_range = [](__m128i x, char lo, int size) {
    return _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo))),
                          _mm_set1_epi8(static_cast<char>(-128 + size)));
  };
  const __m128i upper = in_range(v, 'A', 26);
  const __m128i letter = _mm_or_si128(upper, in_range(v, 'a', 26));
  auto bits = [](__m128i x) { return static_cast<uint32_t>(_mm_movemask_epi8(x)); };
  return {bits(letter), bits(in_range(v, '0', 10)), bits(upper)};
}
#endif

// Most words of most texts are plain ASCII letters or digits ended by a
// space or punctuation that never joins tokens. Such a word is tokenised
// here exactly as the general path below would (a run of ASCII bytes
// outside words is skipped at once); anything else (a byte >= 0x80, an
// apostrophe, "." or "," that may join it with what follows) returns false
// and takes the general path. A word that ends within the 16 bytes from
// its start (most do) is measured with one mask of each kind of byte; a
// longer one, or one at the text's end, byte by byte.
bool AsciiWord(std::string_view text, size_t* pos, Tokens* out) {
  const size_t begin = *pos;
  const unsigned char first = static_cast<unsigned char>(text[begin]);
  if (!IsAsciiLetterOrDigit(first)) {
    if (first >= 0x80) return false;
    size_t p = begin + 1;  // a space, a mark of punctuation, and those after it
    while (p < text.size() && static_cast<unsigned char>(text[p]) < 0x80 &&
           !IsAsciiLetterOrDigit(static_cast<unsigned char>(text[p]))) {
      ++p;
    }
    *pos = p;
    return true;
  }
  const char* word = text.data() + begin;
  size_t end = 0;
  LetterFacts facts;
#if defined(__SSE2__)
  if (begin + 16 <= text.size()) {
    const AsciiMasks m = Masks16(word);
    const uint32_t stop = ~(m.letters | m.digits) & 0xFFFF;
    if (stop != 0) {
      const int length = std::countr_zero(stop);
      end = begin + static_cast<size_t>(length);
      const uint32_t in = (1u << length) - 1, letters = m.letters & in, upper = m.upper & in;
      facts.none = letters == 0;
      facts.one = letters != 0 && (letters & (letters - 1)) == 0;
      if (letters == upper && !facts.none && !facts.one) {
        const int count = std::popcount(letters);  // rare: all capitals
        facts.acronym = count <= 5;
      }
    }
  }
#endif
  if (end == 0) {
    end = begin + 1;
    while (end < text.size() && IsAsciiLetterOrDigit(static_cast<unsigned char>(text[end]))) ++end;
    // Counted in loops without branches, which the compiler runs several
    // bytes at a time.
    size_t letters = 0, upper = 0;
    for (size_t p = 0; p < end - begin; ++p) {
      unsigned char b = static_cast<unsigned char>(word[p]);
      letters += IsAsciiLetter(b);
      upper += b >= 'A' && b <= 'Z';
    }
    facts = FactsOf(letters, upper);
  }
  const size_t length = end - begin;
  // What follows may join the word to more (as ScanToken decides): an
  // apostrophe before a letter, "." or "," between digits, the dots of
  // "U.S."; those, and anything past ASCII, take the general path. A word
  // before ", " or ". " does not, and that is one word in six.
  if (end < text.size()) {
    unsigned char b = static_cast<unsigned char>(text[end]);
    unsigned char next = end + 1 < text.size() ? static_cast<unsigned char>(text[end + 1]) : 0;
    if (b >= 0x80 || next >= 0x80) return false;
    if (b == '\'' && !facts.none && IsAsciiLetter(next)) return false;
    if ((b == '.' || b == ',') && facts.none && IsAsciiDigit(next)) return false;
    if (b == '.' && facts.one && IsAsciiLetter(next)) return false;
  }
  RawToken t;
  t.begin = static_cast<uint32_t>(begin);
  t.end = static_cast<uint32_t>(end);
  t.folded_begin = static_cast<uint32_t>(out->folded.size());
  t.folded_length = static_cast<uint32_t>(length);
  t.capitalized = first >= 'A' && first <= 'Z';
  t.kind = IsAsciiDigit(first) ? TokenKind::kNumber : TokenKind::kWord;
  if (facts.acronym && t.kind == TokenKind::kWord) t.kind = TokenKind::kAcronym;
  out->folded.append(word, length);
  char* folded = out->folded.data() + t.folded_begin;
  for (size_t p = 0; p < length; ++p) {
    unsigned char b = static_cast<unsigned char>(folded[p]);
    folded[p] = static_cast<char>(b + ((b >= 'A' && b <= 'Z') ? 32 : 0));
  }
  out->tokens.push_back(t);
  *pos = end;
  return true;
}

}  // namespace

Tokens Tokenize(std::string_view text) { return internal::Tokenize(text, true); }

Tokens internal::Tokenize(std::string_view text, bool ascii_path) {
  Tokens out;
  out.tokens.reserve(text.size() / 5 + 1);
  out.folded.reserve(text.size());
  Cursor c{text, 0};
  size_t pos = 0;
  while (pos < text.size()) {
    if (ascii_path && AsciiWord(text, &pos, &out)) continue;
    utf8::Decoded d = utf8::DecodeAt(text, pos);
    if (!d.valid) ++out.invalid_bytes;
    CharClass cls = utf8::Classify(d.code_point);
    if (cls != CharClass::kLetter && cls != CharClass::kDigit) {
      pos += d.length;
      continue;
    }
    bool acronym = false;
    size_t end = utf8::SkipStrayContinuations(text, ScanToken(c, pos, &acronym));

    // Second pass: fold, now that we know whether the word has Latin letters.
    // Other-script letters that look Latin are read as Latin when the word
    // has Latin letters, or when every letter has a Latin twin ("а" alone).
    bool has_latin = false, all_lookalike = true, after_apostrophe = false;
    size_t upper = 0, letters = 0;
    for (size_t p = pos; p < end;) {
      utf8::Decoded e = utf8::DecodeAt(text, p);
      CharClass ecls = utf8::Classify(e.code_point);
      if (utf8::IsLatinLetter(e.code_point)) {
        has_latin = true;
      } else if (ecls == CharClass::kLetter && utf8::LatinLookalike(e.code_point) == 0) {
        all_lookalike = false;
      }
      if (ecls == CharClass::kApostrophe) after_apostrophe = true;
      if (ecls == CharClass::kLetter && !after_apostrophe) {  // "NATO's" is still all caps
        ++letters;
        if (utf8::IsUppercase(e.code_point)) ++upper;
      }
      p += e.length;
    }
    bool read_as_latin = has_latin || all_lookalike;
    RawToken t;
    t.begin = static_cast<uint32_t>(pos);
    t.end = static_cast<uint32_t>(end);
    t.folded_begin = static_cast<uint32_t>(out.folded.size());
    t.capitalized = utf8::IsUppercase(d.code_point);
    t.kind = cls == CharClass::kDigit ? TokenKind::kNumber : TokenKind::kWord;
    if (acronym || (letters >= 2 && letters <= 5 && upper == letters && t.kind == TokenKind::kWord)) {
      t.kind = TokenKind::kAcronym;
    }
    for (size_t p = pos; p < end;) {
      utf8::Decoded e = utf8::DecodeAt(text, p);
      p += e.length;
      if (!e.valid) {  // a stray byte absorbed at the end: counted, not folded
        ++out.invalid_bytes;
        continue;
      }
      CharClass ecls = utf8::Classify(e.code_point);
      if (ecls == CharClass::kInvisible || ecls == CharClass::kMark) continue;
      if (e.code_point == '.' && t.kind == TokenKind::kAcronym) continue;
      if (e.code_point == ',' && t.kind == TokenKind::kNumber) continue;
      if (ecls == CharClass::kApostrophe) {
        out.folded.push_back('\'');
        continue;
      }
      char32_t latin = read_as_latin ? utf8::LatinLookalike(e.code_point) : 0;
      utf8::AppendFolded(latin ? latin : e.code_point, &out.folded);
    }
    t.folded_length = static_cast<uint32_t>(out.folded.size() - t.folded_begin);
    // Possessive: "Russia's" compares as "russia"; "it's" stays a contraction.
    std::string_view f = out.FoldedOf(t);
    if (f.size() > 2 && f.ends_with("'s") && !IsContractionBase(f.substr(0, f.size() - 2))) {
      t.folded_length -= 2;
      out.folded.resize(out.folded.size() - 2);
    }
    if (t.folded_length > 0) out.tokens.push_back(t);
    pos = end;
  }
  return out;
}

}  // namespace retold
