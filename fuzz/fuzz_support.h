// Shared by the libFuzzer targets: the lexicon, and the invariants every
// comparison must keep whatever the input.
#ifndef RETOLD_FUZZ_FUZZ_SUPPORT_H_
#define RETOLD_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "analysis/utf8.h"
#include "retold/compare.h"

namespace retold::fuzz {

inline const Lexicon* FuzzLexicon() {
  static std::unique_ptr<Lexicon> lexicon = [] {
    std::string error;
    auto l = Lexicon::Open(RETOLD_FUZZ_LEXICON, &error);
    if (!l) {
      fprintf(stderr, "%s\n", error.c_str());
      abort();
    }
    return l;
  }();
  return lexicon.get();
}

#define RETOLD_FUZZ_CHECK(condition)                                          \
  do {                                                                        \
    if (!(condition)) {                                                       \
      fprintf(stderr, "invariant failed: %s (%s:%d)\n", #condition, __FILE__, \
              __LINE__);                                                      \
      abort();                                                                \
    }                                                                         \
  } while (0)

inline void CheckSpan(const Span& s, const std::string& text) {
  RETOLD_FUZZ_CHECK(s.begin <= s.end);
  RETOLD_FUZZ_CHECK(s.end <= text.size());
  RETOLD_FUZZ_CHECK(utf8::IsBoundary(text, s.begin));
  RETOLD_FUZZ_CHECK(utf8::IsBoundary(text, s.end));
}

inline void CheckComparison(const Comparison& c, const std::string& a, const std::string& b) {
  RETOLD_FUZZ_CHECK(c.score >= 0 && c.score <= 1);
  RETOLD_FUZZ_CHECK(c.coverage_a >= 0 && c.coverage_a <= 1);
  RETOLD_FUZZ_CHECK(c.coverage_b >= 0 && c.coverage_b <= 1);
  for (const Passage& p : c.passages) {
    CheckSpan(p.a, a);
    CheckSpan(p.b, b);
    for (const AlignedSentences& r : p.rows) {
      CheckSpan(r.a, a);
      CheckSpan(r.b, b);
    }
  }
}

}  // namespace retold::fuzz

#endif  // RETOLD_FUZZ_FUZZ_SUPPORT_H_
