#include "align/edges.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <vector>

#include "align/aligner.h"
#include "analysis/utf8.h"

namespace retold {
namespace {

// Tokens [first, end) of `d` that lie inside `span`.
struct TokenRange {
  uint32_t first = 0;
  uint32_t end = 0;
};

TokenRange TokensInside(const Document& d, Span span) {
  std::span<const Token> inside = TokensIn(d, span);
  const uint32_t first = static_cast<uint32_t>(inside.data() - d.tokens.data());
  return {first, first + static_cast<uint32_t>(inside.size())};
}

uint64_t Trigram(const std::vector<Token>& tokens, uint32_t i) {
  uint64_t h = tokens[i].term;
  h = h * 0x9E3779B97F4A7C15ULL + tokens[i + 1].term;
  h = h * 0x9E3779B97F4A7C15ULL + tokens[i + 2].term;
  return h;
}

// Punctuation right after a word ("end." "end,\"" "end)") closes it. The
// end stays on a character boundary as utf8.h defines it (a stray
// continuation byte after the punctuation belongs to it).
uint32_t CloseWithPunctuation(const Document& d, uint32_t end) {
  while (end < d.text.size()) {
    unsigned char c = static_cast<unsigned char>(d.text[end]);
    if (c >= 0x80 || c <= ' ' || std::isalnum(c) || c == '(' || c == '[') break;
    ++end;
  }
  return static_cast<uint32_t>(utf8::SkipStrayContinuations(d.text, end));
}

bool Same(const Document& a, uint32_t i, const Document& b, uint32_t j) {
  return a.tokens[i].term == b.tokens[j].term;
}

// Widens the run whose first tokens are a[*i] and b[*j] backwards while
// both sides read the same words; one word that differs is passed over
// when the three before it agree.
void ExtendBack(const Document& a, const Document& b, uint32_t* i, uint32_t* j) {
  while (true) {
    if (*i >= 1 && *j >= 1 && Same(a, *i - 1, b, *j - 1)) {
      --*i, --*j;
    } else if (*i >= 4 && *j >= 4 && Same(a, *i - 2, b, *j - 2) && Same(a, *i - 3, b, *j - 3) &&
               Same(a, *i - 4, b, *j - 4)) {
      *i -= 4, *j -= 4;
    } else {
      return;
    }
  }
}

// The same forwards, for a run that ends before a[*i] and b[*j].
void ExtendForward(const Document& a, const Document& b, uint32_t* i, uint32_t* j) {
  const uint32_t na = static_cast<uint32_t>(a.tokens.size()), nb = static_cast<uint32_t>(b.tokens.size());
  while (true) {
    if (*i < na && *j < nb && Same(a, *i, b, *j)) {
      ++*i, ++*j;
    } else if (*i + 4 <= na && *j + 4 <= nb && Same(a, *i + 1, b, *j + 1) && Same(a, *i + 2, b, *j + 2) &&
               Same(a, *i + 3, b, *j + 3)) {
      *i += 4, *j += 4;
    } else {
      return;
    }
  }
}

// Rows clipped to the new edges, and the outermost rows widened to them.
void FitRows(Span a, Span b, Passage* passage) {
  std::vector<AlignedSentences> rows;
  for (AlignedSentences row : passage->rows) {
    row.a = {std::max(row.a.begin, a.begin), std::min(row.a.end, a.end)};
    row.b = {std::max(row.b.begin, b.begin), std::min(row.b.end, b.end)};
    if (row.a.begin < row.a.end && row.b.begin < row.b.end) rows.push_back(row);
  }
  if (rows.empty()) rows.push_back({a, b, passage->similarity});
  auto widen = [&rows](Span AlignedSentences::*side, Span edges) {
    auto by_begin = [side](const AlignedSentences& x, const AlignedSentences& y) {
      return (x.*side).begin < (y.*side).begin;
    };
    auto by_end = [side](const AlignedSentences& x, const AlignedSentences& y) {
      return (x.*side).end < (y.*side).end;
    };
    ((*std::min_element(rows.begin(), rows.end(), by_begin)).*side).begin = edges.begin;
    ((*std::max_element(rows.begin(), rows.end(), by_end)).*side).end = edges.end;
  };
  widen(&AlignedSentences::a, a);
  widen(&AlignedSentences::b, b);
  passage->a = a;
  passage->b = b;
  passage->rows = std::move(rows);
}

// The word trigrams of range `r` of `d` that recur in range `other_r` of
// `other`: how many, their share, the first and the last.
struct SharedTrigrams {
  uint32_t count = 0;
  double share = 0;
  uint32_t first = 0;
  uint32_t last = 0;
};

// A set of trigram hashes: open addressing in a table at most half full
// (a passage's trigrams, looked up once each; a node-based set costs more
// than the rest of the edge work).
class TrigramSet {
 public:
  explicit TrigramSet(size_t count) : slots_(std::bit_ceil(2 * count + 2), 0), mask_(slots_.size() - 1) {}
  void Insert(uint64_t h) {
    h |= 1;  // 0 marks an empty slot
    size_t i = h & mask_;
    while (slots_[i] != 0 && slots_[i] != h) i = (i + 1) & mask_;
    slots_[i] = h;
  }
  bool Contains(uint64_t h) const {
    h |= 1;
    for (size_t i = h & mask_; slots_[i] != 0; i = (i + 1) & mask_) {
      if (slots_[i] == h) return true;
    }
    return false;
  }

 private:
  std::vector<uint64_t> slots_;
  size_t mask_;
};

SharedTrigrams Shared(const Document& d, TokenRange r, const Document& other, TokenRange other_r) {
  TrigramSet theirs(other_r.end - other_r.first);
  for (uint32_t j = other_r.first; j + 3 <= other_r.end; ++j) theirs.Insert(Trigram(other.tokens, j));
  SharedTrigrams s;
  for (uint32_t i = r.first; i + 3 <= r.end; ++i) {
    if (!theirs.Contains(Trigram(d.tokens, i))) continue;
    if (s.count++ == 0) s.first = i;
    s.last = i;
  }
  s.share = static_cast<double>(s.count) / (r.end - r.first - 2);
  return s;
}

// An edge a few words from its sentence's edge goes to the sentence's
// edge: those words were edited ("The firm said" for "The company
// said"), not left out.
constexpr uint32_t kSnapWords = 3;

uint32_t StartOf(const Document& d, uint32_t token) {
  const Sentence& s = d.sentences[d.tokens[token].sentence];
  return token - s.first_token <= kSnapWords ? s.begin : d.tokens[token].begin;
}

// The end of the run of tokens that ends before `end`.
uint32_t EndOf(const Document& d, uint32_t end) {
  const Sentence& s = d.sentences[d.tokens[end - 1].sentence];
  return s.token_end - end <= kSnapWords ? s.end : CloseWithPunctuation(d, d.tokens[end - 1].end);
}

}  // namespace

void RefineVerbatimEdges(const Document& a, const Document& b, Passage* passage) {
  // Rewritten passages (similarity well below a verbatim one's) are left
  // without counting their trigrams.
  if (a.translated || b.translated || passage->similarity < kVerbatimSimilarity) return;
  const TokenRange ra = TokensInside(a, passage->a), rb = TokensInside(b, passage->b);
  if (ra.end < ra.first + 3 || rb.end < rb.first + 3) return;
  // A condensed passage (a summary) has no word edges.
  if (ra.end - ra.first > 2 * (rb.end - rb.first) || rb.end - rb.first > 2 * (ra.end - ra.first)) return;
  const SharedTrigrams in_a = Shared(a, ra, b, rb), in_b = Shared(b, rb, a, ra);
  if (in_a.count == 0 || in_b.count == 0) return;
  if (std::max(in_a.share, in_b.share) < kVerbatimTrigrams) return;

  // Each side from its first shared trigram to its last. Where both sides
  // start with the same trigram, the copy runs on before it while the
  // words agree; the same at the end. (Shuffled sentences start with
  // different ones, and keep their trimmed edges.)
  uint32_t i_begin = in_a.first, j_begin = in_b.first;
  uint32_t i_end = in_a.last + 3, j_end = in_b.last + 3;
  if (Trigram(a.tokens, i_begin) == Trigram(b.tokens, j_begin)) ExtendBack(a, b, &i_begin, &j_begin);
  if (Trigram(a.tokens, in_a.last) == Trigram(b.tokens, in_b.last)) ExtendForward(a, b, &i_end, &j_end);
  FitRows({StartOf(a, i_begin), EndOf(a, i_end)}, {StartOf(b, j_begin), EndOf(b, j_end)}, passage);
}

}  // namespace retold
