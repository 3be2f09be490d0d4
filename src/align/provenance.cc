#include "align/provenance.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace retold {
namespace {

// Sentences on each side of a passage that count as its surroundings.
constexpr uint32_t kContextSentences = 3;
// Cohesion is the weighted share of a passage's content words that its
// surroundings also use (about 0.05-0.2 where a passage belongs, near 0
// amid another story). To decide, the higher side must reach kCohesive and
// be kCohesionRatio times the other, plus kCohesionMargin; a passage that is
// a whole document is judged by the other side alone, against kCohesive and
// kForeign.
constexpr double kCohesive = 0.08;
constexpr double kForeign = 0.02;
constexpr double kCohesionRatio = 2.5;
constexpr double kCohesionMargin = 0.03;
// Coverage below which a side has text of its own around the passages.
constexpr double kHasOwnText = 0.8;
// Wording: changed words on each side needed, and the difference in mean
// log SemCor count that decides. Rewrites need a wider margin: a round
// trip through another language swaps rare words for common ones about as
// often as the reverse (bench/quality/corpus_run.py, mt_es).
constexpr size_t kMinChangedWords = 3;
constexpr double kWordingMargin = 0.5;
constexpr double kRewriteWordingMargin = 0.75;

bool Inside(uint32_t begin, uint32_t end, const std::vector<Span>& spans) {
  for (const Span& s : spans) {
    if (s.begin <= begin && end <= s.end) return true;
  }
  return false;
}

std::vector<uint64_t> FurnitureKeys(const Document& d) {
  std::vector<uint64_t> keys;
  for (const Sentence& s : d.sentences) {
    if (!s.furniture) continue;
    uint64_t h = 0;
    for (uint32_t t = s.first_token; t < s.token_end; ++t) h = XXH3_64bits_withSeed(&d.tokens[t].term, 4, h);
    keys.push_back(h);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

size_t Lacking(const std::vector<uint64_t>& x, const std::vector<uint64_t>& y) {
  size_t n = 0;
  for (uint64_t k : x) n += !std::binary_search(y.begin(), y.end(), k);
  return n;
}

// How well the passages fit the sentences around them, in [0, 1]; false
// when the passages leave no surroundings (the document is all passage).
bool Cohesion(const Document& d, const std::vector<Span>& spans, double* cohesion) {
  const uint32_t n = static_cast<uint32_t>(d.sentences.size());
  std::vector<char> inside(n, 0);
  for (uint32_t s = 0; s < n; ++s) inside[s] = Inside(d.sentences[s].begin, d.sentences[s].end, spans);
  std::unordered_set<uint32_t> around;
  auto take = [&](uint32_t s) {
    const Sentence& sentence = d.sentences[s];
    if (inside[s] || sentence.boilerplate) return;
    for (uint32_t t = sentence.first_token; t < sentence.token_end; ++t) {
      if (d.tokens[t].weight > 0) around.insert(d.tokens[t].stem);
    }
  };
  std::unordered_map<uint32_t, float> passage;  // stem -> weight
  for (uint32_t s = 0; s < n; ++s) {
    if (!inside[s]) continue;
    for (uint32_t t = d.sentences[s].first_token; t < d.sentences[s].token_end; ++t) {
      const Token& token = d.tokens[t];
      if (token.weight > 0) passage[token.stem] = std::max(passage[token.stem], token.weight);
    }
    bool starts = s == 0 || !inside[s - 1];
    bool ends = s + 1 == n || !inside[s + 1];
    for (uint32_t k = 1; starts && k <= kContextSentences && k <= s; ++k) take(s - k);
    for (uint32_t k = 1; ends && k <= kContextSentences && s + k < n; ++k) take(s + k);
  }
  if (around.empty() || passage.empty()) return false;
  double shared = 0, total = 0;
  for (auto [stem, weight] : passage) {
    total += weight;
    if (around.contains(stem)) shared += weight;
  }
  *cohesion = shared / total;
  return true;
}

Side ByCohesion(const Document& a, const Document& b, const Comparison& c) {
  std::vector<Span> spans_a, spans_b;
  for (const Passage& p : c.passages) {
    spans_a.push_back(p.a);
    spans_b.push_back(p.b);
  }
  double ca = 0, cb = 0;
  bool has_a = c.coverage_a < kHasOwnText && Cohesion(a, spans_a, &ca);
  bool has_b = c.coverage_b < kHasOwnText && Cohesion(b, spans_b, &cb);
  if (has_a && has_b) {
    if (ca >= kCohesive && ca >= kCohesionRatio * cb + kCohesionMargin) return Side::kA;
    if (cb >= kCohesive && cb >= kCohesionRatio * ca + kCohesionMargin) return Side::kB;
    return Side::kUnknown;
  }
  // One side is all passage: an excerpt of the other (whose passage fits
  // its surroundings), or a text the other embedded amid its own.
  if (has_a) return ca >= kCohesive ? Side::kA : ca <= kForeign ? Side::kB : Side::kUnknown;
  if (has_b) return cb >= kCohesive ? Side::kB : cb <= kForeign ? Side::kA : Side::kUnknown;
  return Side::kUnknown;
}

// Mean log SemCor count of the content words of `x` inside `span` that the
// twin span of `y` lacks; unknown words (typos, coinages) count 0.
struct ChangedWords {
  double commonness = 0;
  size_t count = 0;
};

std::vector<Token>::const_iterator FirstTokenOf(const Document& d, Span span) {
  return std::lower_bound(d.tokens.begin(), d.tokens.end(), span.begin,
                          [](const Token& t, uint32_t at) { return t.begin < at; });
}

void CollectStems(const Document& d, Span span, std::unordered_set<uint32_t>* stems) {
  for (auto t = FirstTokenOf(d, span); t != d.tokens.end() && t->end <= span.end; ++t) {
    if (t->weight > 0) stems->insert(t->stem);
  }
}

void AddChanged(const Document& d, Span span, const std::unordered_set<uint32_t>& other,
                const Lexicon* lexicon, ChangedWords* out) {
  for (auto t = FirstTokenOf(d, span); t != d.tokens.end() && t->end <= span.end; ++t) {
    if (t->weight <= 0 || t->is_name || t->is_number || other.contains(t->stem)) continue;
    uint32_t count = t->sense != 0 ? lexicon->Entry(t->sense).corpus_count : 0;
    out->commonness += std::log1p(static_cast<double>(count));
    ++out->count;
  }
}

Side ByWording(const Document& a, const Document& b, const Comparison& c, const Lexicon* lexicon) {
  ChangedWords only_a, only_b;
  std::unordered_set<uint32_t> stems_a, stems_b;
  for (const Passage& p : c.passages) {
    for (const AlignedSentences& row : p.rows) {
      stems_a.clear();
      stems_b.clear();
      CollectStems(a, row.a, &stems_a);
      CollectStems(b, row.b, &stems_b);
      AddChanged(a, row.a, stems_b, lexicon, &only_a);
      AddChanged(b, row.b, stems_a, lexicon, &only_b);
    }
  }
  if (only_a.count < kMinChangedWords || only_b.count < kMinChangedWords) return Side::kUnknown;
  double mean_a = only_a.commonness / static_cast<double>(only_a.count);
  double mean_b = only_b.commonness / static_cast<double>(only_b.count);
  double margin = c.verdict == Verdict::kRewrite ? kRewriteWordingMargin : kWordingMargin;
  if (mean_a - mean_b >= margin) return Side::kA;  // B's words are the strange ones
  if (mean_b - mean_a >= margin) return Side::kB;
  return Side::kUnknown;
}

}  // namespace

void JudgeSource(const Document& a, const Document& b, const Lexicon* lexicon, Comparison* c) {
  c->source = Side::kUnknown;
  c->source_reason = {};
  if (c->verdict == Verdict::kUnrelated || c->verdict == Verdict::kExact) return;
  auto decide = [c](Side side, std::string_view reason) {
    if (side == Side::kUnknown) return false;
    c->source = side;
    c->source_reason = reason;
    return true;
  };
  if (IsWholeDocument(c->verdict)) {
    std::vector<uint64_t> fa = FurnitureKeys(a), fb = FurnitureKeys(b);
    size_t extra_a = Lacking(fa, fb), extra_b = Lacking(fb, fa);
    if (extra_a > 0 && extra_b == 0 && decide(Side::kB, "page_furniture")) return;
    if (extra_b > 0 && extra_a == 0 && decide(Side::kA, "page_furniture")) return;
  }
  // A partial pair, or a whole copy that one side holds entire while the
  // other has text of its own (an excerpt, a condensed copy). Not a pair
  // whose both sides have text of their own, as when sentences were
  // shuffled: there no side "contains" the other.
  bool one_side_whole = (c->coverage_a >= kHasOwnText) != (c->coverage_b >= kHasOwnText);
  if (c->verdict == Verdict::kPartial || one_side_whole) {
    if (decide(ByCohesion(a, b, *c), "contains")) return;
  }
  if (lexicon != nullptr && IsWholeDocument(c->verdict)) decide(ByWording(a, b, *c, lexicon), "wording");
}

}  // namespace retold
