#include "analysis/utf8.h"

#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

#include <array>
#include <atomic>
#include <mutex>
#include <unordered_map>

namespace retold::utf8 {

Decoded DecodeMultibyte(std::string_view text, size_t pos) {
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                        static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
  if (n <= 0 || cp < 0) return {0xFFFD, 1, false};
  return {static_cast<char32_t>(cp), static_cast<uint32_t>(n), true};
}

CharClass ClassifyNonAscii(char32_t cp) {
  switch (cp) {
    case 0x2019: case 0x02BC: return CharClass::kApostrophe;  // ’ doubles as apostrophe
    case 0x2018: case 0x201C: case 0x00AB: case 0x201E: return CharClass::kQuoteOpen;
    case 0x201D: case 0x00BB: return CharClass::kQuoteClose;
    case 0x2010: case 0x2011: return CharClass::kHyphen;
    case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F: return CharClass::kSentenceEnd;
    case 0x2028: case 0x2029: case 0x0085: return CharClass::kNewline;
    default: break;
  }
  if (utf8proc_codepoint_valid(static_cast<utf8proc_int32_t>(cp)) == 0) return CharClass::kOther;
  const utf8proc_property_t* prop = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  if (prop->ignorable) return CharClass::kInvisible;
  switch (prop->category) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
      return CharClass::kLetter;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return CharClass::kDigit;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return CharClass::kMark;
    case UTF8PROC_CATEGORY_ZS: return CharClass::kSpace;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: return CharClass::kNewline;
    case UTF8PROC_CATEGORY_CF: return CharClass::kInvisible;
    case UTF8PROC_CATEGORY_PD: return CharClass::kHyphen;
    default: return CharClass::kOther;
  }
}

void AppendFoldedNonAscii(char32_t cp, std::string* out) {
  utf8proc_int32_t buffer[16];
  int last_boundclass = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(cp), buffer, 16,
      static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                     UTF8PROC_IGNORE | UTF8PROC_DECOMPOSE),
      &last_boundclass);
  if (n < 0 || n > 16) return;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    utf8proc_uint8_t bytes[4];
    utf8proc_ssize_t len = utf8proc_encode_char(buffer[i], bytes);
    out->append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(len));
  }
}

bool IsLatinLetter(char32_t cp) {
  return (cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

bool IsUppercase(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->category ==
         UTF8PROC_CATEGORY_LU;
}

namespace {

// Scripts whose letters are used to disguise Latin text: Greek, Cyrillic,
// Armenian, Cherokee. The table is filled on first use from ICU.
constexpr char32_t kLookalikeFirst = 0x0370;
constexpr char32_t kLookalikeLast = 0x058F;

char32_t SkeletonLetter(USpoofChecker* checker, char32_t cp) {
  UChar input[2];
  int32_t input_length = 0;
  U16_APPEND_UNSAFE(input, input_length, cp);
  UChar skeleton[16];
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = uspoof_getSkeleton(checker, 0, input, input_length, skeleton, 16, &status);
  if (U_FAILURE(status) || n != 1 || skeleton[0] >= 0x80) return 0;
  char32_t latin = skeleton[0];
  if (latin >= 'A' && latin <= 'Z') latin += 32;
  return (latin >= 'a' && latin <= 'z') ? latin : 0;
}

}  // namespace

char32_t LatinLookalikeInTable(char32_t cp) {
  if (cp < kLookalikeFirst || cp > kLookalikeLast) return 0;
  static const auto table = [] {
    std::array<char32_t, kLookalikeLast - kLookalikeFirst + 1> t{};
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker* checker = uspoof_open(&status);
    if (U_SUCCESS(status)) {
      for (char32_t c = kLookalikeFirst; c <= kLookalikeLast; ++c) {
        t[c - kLookalikeFirst] = SkeletonLetter(checker, c);
      }
      uspoof_close(checker);
    }
    return t;
  }();
  return table[cp - kLookalikeFirst];
}

}  // namespace retold::utf8
