// Comparing two documents: is one a copy of the other, how, and where.
//
//   retold::Comparer comparer(lexicon.get());
//   retold::Comparison c = comparer.Compare(text_a, text_b);
//   if (c.verdict != retold::Verdict::kUnrelated)
//     for (const retold::Passage& p : c.passages)
//       // text_a.substr(p.a.begin, p.a.end - p.a.begin) became
//       // text_b.substr(p.b.begin, p.b.end - p.b.begin)
//
// A Comparer is immutable and thread-safe; analyse a document once with
// Analyze() and compare it many times with the Document overload.
#ifndef RETOLD_COMPARE_H_
#define RETOLD_COMPARE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retold/analysis.h"
#include "retold/lexicon.h"
#include "retold/word_counts.h"

namespace retold {

enum class Verdict {
  kExact,          // the same words in the same order (case, spacing,
                   // punctuation, invisible and look-alike characters aside)
  kNearDuplicate,  // the same text with light edits
  kRewrite,        // most of each document is aligned running text
  kPartial,        // a part of one reappears in the other
  kUnrelated,      // no aligned running text (a shared topic is not enough)
};

// "exact", "near_duplicate", "rewrite", "partial", "unrelated".
std::string_view VerdictName(Verdict verdict);
// The verdict named `name` (as VerdictName spells it); false when none is.
bool VerdictFromName(std::string_view name, Verdict* verdict);

// Exact, near_duplicate and rewrite: one document is a copy of the whole
// other (dedup's families are made of these; a partial relation, an excerpt
// inside another story, only links two families).
bool IsWholeDocument(Verdict verdict);

struct Span {
  uint32_t begin = 0;  // byte offsets, half-open, on character boundaries
  uint32_t end = 0;
};

// Sentences of A aligned with sentences of B inside a passage. One side may
// hold several sentences where a sentence was split or two were merged.
struct AlignedSentences {
  Span a;
  Span b;
  double similarity = 0;
};

struct Passage {
  Span a;
  Span b;
  double similarity = 0;  // in [0, 1]
  // The passage row by row, in order; text between rows was not matched.
  std::vector<AlignedSentences> rows;
};

// Which document of a pair is the likely original.
enum class Side { kUnknown, kA, kB };

// Every reason a source can be named for: the texts' evidence
// (align/provenance.h) and, in corpus runs, dates.
inline constexpr std::string_view kSourceReasons[] = {"page_furniture", "contains", "round_trip",
                                                      "typos", "wording", "date"};

struct Comparison {
  Verdict verdict = Verdict::kUnrelated;
  double score = 0;       // in [0, 1]: how much of a copy, 1 for exact
  double coverage_a = 0;  // share of A's text (boilerplate excluded) in passages
  double coverage_b = 0;
  std::vector<Passage> passages;  // ordered by position in A
  // The likely original, judged from the texts alone (see provenance.h in
  // src/align): kUnknown when the evidence does not decide, since a wrong
  // answer is worse than none. The reason is "page_furniture", "contains"
  // or "wording", empty when unknown. (Corpus runs also use dates.)
  Side source = Side::kUnknown;
  std::string_view source_reason;
  // The documents' languages (ISO 639-1, empty when unknown), and whether
  // the pair crosses languages: then the foreign side was compared through
  // its English translation, and its offsets still point into the original
  // (exact to the sentence).
  std::string lang_a, lang_b;
  bool translated = false;
};

// The same comparison seen from the other side: A and B exchanged in
// coverage, source and every passage and row. (Passages keep their order;
// callers that need them ordered by A sort again.)
void SwapSides(Comparison* c);

struct CompareOptions {
  // Passages reported per pair; coverage then counts only those reported.
  size_t max_passages = 1000;
  // In corpus runs, how many documents use each word (retold/word_counts.h):
  // evidence for the likely original. May be null; it must outlive the
  // Comparer.
  const WordCounts* corpus_words = nullptr;
  // Translate text in other languages to English (retold/analysis.h).
  bool translate = true;
};

class Comparer {
 public:
  // `lexicon` may be null (no synonym matching); it must outlive the Comparer.
  explicit Comparer(const Lexicon* lexicon, CompareOptions options = {})
      : lexicon_(lexicon), analyzer_(lexicon, options.translate), options_(options) {}

  Document Analyze(std::string text) const { return analyzer_.Analyze(std::move(text)); }

  Comparison Compare(const Document& a, const Document& b) const;
  Comparison Compare(std::string a, std::string b) const {
    return Compare(Analyze(std::move(a)), Analyze(std::move(b)));
  }

 private:
  Comparison CompareOrdered(const Document& a, const Document& b) const;

  const Lexicon* lexicon_;
  Analyzer analyzer_;
  CompareOptions options_;
};

}  // namespace retold

#endif  // RETOLD_COMPARE_H_
