#include "align/provenance.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <span>
#include <string_view>
#include <vector>

#include "align/aligner.h"

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
// Coverage below which a side has text of its own around the passages,
// unless this share of that text is in the other document all the same.
constexpr double kHasOwnText = 0.8;
constexpr double kMissedText = 0.5;
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
  // Sorted lists, not hash containers: a few hundred stems, once a pair.
  std::vector<uint32_t> around;
  auto take = [&](uint32_t s) {
    const Sentence& sentence = d.sentences[s];
    if (inside[s] || sentence.boilerplate) return;
    for (uint32_t t = sentence.first_token; t < sentence.token_end; ++t) {
      if (d.tokens[t].weight > 0) around.push_back(d.tokens[t].stem);
    }
  };
  std::vector<std::pair<uint32_t, float>> passage;  // (stem, weight), then each stem's largest
  for (uint32_t s = 0; s < n; ++s) {
    if (!inside[s]) continue;
    for (uint32_t t = d.sentences[s].first_token; t < d.sentences[s].token_end; ++t) {
      const Token& token = d.tokens[t];
      if (token.weight > 0) passage.emplace_back(token.stem, token.weight);
    }
    bool starts = s == 0 || !inside[s - 1];
    bool ends = s + 1 == n || !inside[s + 1];
    for (uint32_t k = 1; starts && k <= kContextSentences && k <= s; ++k) take(s - k);
    for (uint32_t k = 1; ends && k <= kContextSentences && s + k < n; ++k) take(s + k);
  }
  if (around.empty() || passage.empty()) return false;
  std::sort(around.begin(), around.end());
  std::sort(passage.begin(), passage.end());  // a stem's largest weight last
  double shared = 0, total = 0;
  for (size_t i = 0; i < passage.size(); ++i) {
    if (i + 1 < passage.size() && passage[i + 1].first == passage[i].first) continue;
    auto [stem, weight] = passage[i];
    total += weight;
    if (std::binary_search(around.begin(), around.end(), stem)) shared += weight;
  }
  *cohesion = shared / total;
  return true;
}

// A sentence's stems in order, as one key: a sentence moved elsewhere in
// the other document keeps it.
uint64_t SentenceKey(const Document& d, const Sentence& s) {
  // Stems are hashes already: one multiply a stem mixes them in order (a
  // hash call a token cost half of MissedShare).
  uint64_t h = 0;
  for (uint32_t t = s.first_token; t < s.token_end; ++t) {
    if (d.tokens[t].weight > 0) h = (h ^ d.tokens[t].stem) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
  }
  return h ^ (h >> 29);
}

// Share of the content weight of `d`'s sentences outside `spans` that the
// other document has too, word for word, somewhere. Text a passage search
// missed (shuffled sentences, which chains break into pieces) is not text
// of the document's own.
double MissedShare(const Document& d, const std::vector<Span>& spans, const Document& other) {
  std::vector<uint64_t> keys;
  for (const Sentence& s : other.sentences) {
    if (s.content_tokens > 0) keys.push_back(SentenceKey(other, s));
  }
  std::sort(keys.begin(), keys.end());
  double outside = 0, missed = 0;
  for (const Sentence& s : d.sentences) {
    if (s.boilerplate || s.content_tokens == 0 || Inside(s.begin, s.end, spans)) continue;
    outside += s.weight;
    if (std::binary_search(keys.begin(), keys.end(), SentenceKey(d, s))) missed += s.weight;
  }
  return outside > 0 ? missed / outside : 0;
}

Side ByCohesion(const Document& a, const Document& b, const Comparison& c) {
  std::vector<Span> spans_a, spans_b;
  for (const Passage& p : c.passages) {
    spans_a.push_back(p.a);
    spans_b.push_back(p.b);
  }
  double ca = 0, cb = 0;
  bool has_a = c.coverage_a < kHasOwnText && MissedShare(a, spans_a, b) < kMissedText && Cohesion(a, spans_a, &ca);
  bool has_b = c.coverage_b < kHasOwnText && MissedShare(b, spans_b, a) < kMissedText && Cohesion(b, spans_b, &cb);
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

// What differs between the aligned sentences of a pair, row by row: the
// content words each side has that its twin sentence lacks, and the
// counts behind the round-trip rule. Collected once for every rule below.
struct RowDifference {
  std::vector<const Token*> only_a, only_b;
};
struct Differences {
  std::vector<RowDifference> rows;
  size_t words_a = 0, words_b = 0;  // all word tokens of the rows
  size_t of_a = 0, of_b = 0;        // of them, "of"
  size_t doubled_a = 0, doubled_b = 0;  // a word written twice in a row
};

std::string_view TextOf(const Document& d, const Token& t) {
  return std::string_view(d.text).substr(t.begin, t.end - t.begin);
}

bool SameFolded(char p, char q) {
  return std::tolower(static_cast<unsigned char>(p)) == std::tolower(static_cast<unsigned char>(q));
}

bool EqualFolded(std::string_view x, std::string_view y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!SameFolded(x[i], y[i])) return false;
  }
  return true;
}

void CountRow(const Document& d, std::span<const Token> tokens, size_t* words, size_t* of, size_t* doubled) {
  *words += tokens.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (EqualFolded(TextOf(d, tokens[i]), "of")) ++*of;
    if (i > 0 && tokens[i].term == tokens[i - 1].term && !tokens[i].is_number) ++*doubled;
  }
}

Differences Diff(const Document& a, const Document& b, const Comparison& c) {
  Differences out;
  // A row's stems, sorted: a row is a sentence or two, where a search of
  // a short sorted list beats a hash set (and its allocations).
  std::vector<uint32_t> stems_a, stems_b;
  auto stems_of = [](std::span<const Token> tokens, std::vector<uint32_t>* out) {
    out->clear();
    for (const Token& t : tokens) out->push_back(t.stem);
    std::sort(out->begin(), out->end());
  };
  auto changed = [](std::span<const Token> tokens, const std::vector<uint32_t>& other,
                    std::vector<const Token*>* only) {
    for (const Token& t : tokens) {
      if (t.weight > 0 && !t.is_name && !t.is_number && !std::binary_search(other.begin(), other.end(), t.stem)) {
        only->push_back(&t);
      }
    }
  };
  for (const Passage& p : c.passages) {
    for (const AlignedSentences& row : p.rows) {
      std::span<const Token> ta = TokensIn(a, row.a), tb = TokensIn(b, row.b);
      stems_of(ta, &stems_a);
      stems_of(tb, &stems_b);
      RowDifference& r = out.rows.emplace_back();
      changed(ta, stems_b, &r.only_a);
      changed(tb, stems_a, &r.only_b);
      CountRow(a, ta, &out.words_a, &out.of_a, &out.doubled_a);
      CountRow(b, tb, &out.words_b, &out.of_b, &out.doubled_b);
    }
  }
  return out;
}

// Translationese. A round trip through Spanish, Catalan or another Romance
// language turns "oil prices" and "Mobil's plans" into "the prices of the
// oil" and "the plans of Mobil": its sentences use "of" half as often again
// as the English they came from, while spinners, editors and cutters leave
// function words alone (bench/quality/corpus_run.py: +0.045 of all words on
// every round trip; within 0.015 for every other kind).
constexpr size_t kMinRoundTripWords = 80;
constexpr double kRoundTripGain = 0.015;  // extra share of "of" among all words
constexpr double kRoundTripRatio = 1.4;

Side ByRoundTrip(const Differences& d) {
  if (d.words_a < kMinRoundTripWords || d.words_b < kMinRoundTripWords) return Side::kUnknown;
  double ra = static_cast<double>(d.of_a) / static_cast<double>(d.words_a);
  double rb = static_cast<double>(d.of_b) / static_cast<double>(d.words_b);
  if (ra - rb >= kRoundTripGain && ra >= kRoundTripRatio * rb) return Side::kB;  // A was translated
  if (rb - ra >= kRoundTripGain && rb >= kRoundTripRatio * ra) return Side::kA;
  return Side::kUnknown;
}

// One slip of the keyboard apart: two neighbouring letters swapped, or one
// letter dropped, added or replaced.
bool OneSlipApart(std::string_view x, std::string_view y) {
  if (x.size() > y.size()) std::swap(x, y);
  if (x.size() < 3 || y.size() - x.size() > 1 || EqualFolded(x, y)) return false;
  size_t i = 0;
  while (i < x.size() && SameFolded(x[i], y[i])) ++i;
  auto rest_equal = [&](size_t from_x, size_t from_y) {
    if (x.size() - from_x != y.size() - from_y) return false;
    for (size_t k = 0; from_x + k < x.size(); ++k) {
      if (!SameFolded(x[from_x + k], y[from_y + k])) return false;
    }
    return true;
  };
  if (x.size() < y.size()) return rest_equal(i, i + 1);  // a letter added
  if (rest_equal(i + 1, i + 1)) return true;             // replaced
  return i + 1 < x.size() && SameFolded(x[i], y[i + 1]) && SameFolded(x[i + 1], y[i]) && rest_equal(i + 2, i + 2);
}

// Typos. A careless copy misspells words of its source (the misspelling is
// unknown to the lexicon, one slip away from a word of the twin sentence)
// and writes words twice; a side with such slips where the other has none
// is the copy.
size_t Slips(const Document& d, const std::vector<const Token*>& mine, const Document& other_doc,
             const std::vector<const Token*>& theirs) {
  size_t n = 0;
  for (const Token* t : mine) {
    if (t->sense != 0) continue;
    for (const Token* u : theirs) {
      if (u->sense != 0 && OneSlipApart(TextOf(d, *t), TextOf(other_doc, *u))) {
        ++n;
        break;
      }
    }
  }
  return n;
}

Side ByTypos(const Document& a, const Document& b, const Differences& d) {
  size_t slips_a = d.doubled_a > d.doubled_b ? d.doubled_a - d.doubled_b : 0;
  size_t slips_b = d.doubled_b > d.doubled_a ? d.doubled_b - d.doubled_a : 0;
  for (const RowDifference& r : d.rows) {
    slips_a += Slips(a, r.only_a, b, r.only_b);
    slips_b += Slips(b, r.only_b, a, r.only_a);
  }
  if (slips_a > 0 && slips_b == 0) return Side::kB;
  if (slips_b > 0 && slips_a == 0) return Side::kA;
  return Side::kUnknown;
}

// The corpus's own words. A spinner's substitutes ("oblation" for
// "offering", "precedency" for "priority") are words the rest of the corpus
// seldom uses, while the source's words are its corpus's language: the
// side whose changed words have the lower mean log document frequency
// (its own document left out) by kCorpusWordingMargin is the copy
// (bench/quality/corpus_run.py, 7k stories: spun copies 99% right, none
// wrong, in a prototype).
constexpr double kCorpusWordingMargin = 0.5;

bool MeanLogFrequency(const std::vector<RowDifference>& rows, bool side_a, const WordCounts& corpus,
                      double* mean) {
  double sum = 0;
  size_t n = 0;
  for (const RowDifference& r : rows) {
    for (const Token* t : side_a ? r.only_a : r.only_b) {
      uint32_t others = corpus.Count(t->term);
      sum += std::log(static_cast<double>(std::max<uint32_t>(others, 2) - 1));
      ++n;
    }
  }
  if (n < kMinChangedWords) return false;
  *mean = sum / static_cast<double>(n);
  return true;
}

Side ByCorpusWording(const Differences& d, const WordCounts& corpus) {
  double mean_a = 0, mean_b = 0;
  if (!MeanLogFrequency(d.rows, true, corpus, &mean_a) || !MeanLogFrequency(d.rows, false, corpus, &mean_b)) {
    return Side::kUnknown;
  }
  if (mean_a - mean_b >= kCorpusWordingMargin) return Side::kA;  // B's words are the strange ones
  if (mean_b - mean_a >= kCorpusWordingMargin) return Side::kB;
  return Side::kUnknown;
}

// Synonym choice. Where a changed word of one side and one of the other
// share a sense, the writer of the original usually chose the common word
// and the spinner the rare one: the side whose synonyms are the rarer
// (SemCor counts kSynonymRatio apart) in most such pairs is the copy.
constexpr size_t kMinSynonymVotes = 3;
constexpr double kSynonymMajority = 0.8;
constexpr uint32_t kSynonymRatio = 2;

// Synonyms, or one word a sense of the other's near relation: spinners'
// thesauri reach into minor senses ("offering" -> "oblation").
bool ShareSense(const WordSense& x, const WordSense& y) {
  auto meets = [](std::span<const uint32_t> p, std::span<const uint32_t> q) {
    for (uint32_t s : p) {
      if (std::find(q.begin(), q.end(), s) != q.end()) return true;
    }
    return false;
  };
  return meets(x.strong, y.strong) || meets(x.strong, y.weak) || meets(x.weak, y.strong);
}

Side BySynonyms(const Differences& d, const Lexicon* lexicon) {
  size_t a_rarer = 0, b_rarer = 0;
  for (const RowDifference& r : d.rows) {
    for (const Token* x : r.only_a) {
      if (x->sense == 0) continue;
      WordSense sx = lexicon->Entry(x->sense);
      for (const Token* y : r.only_b) {
        if (y->sense == 0) continue;
        WordSense sy = lexicon->Entry(y->sense);
        if (!ShareSense(sx, sy)) continue;
        if (sx.corpus_count + 1 >= kSynonymRatio * (sy.corpus_count + 1)) ++b_rarer;
        if (sy.corpus_count + 1 >= kSynonymRatio * (sx.corpus_count + 1)) ++a_rarer;
        break;
      }
    }
  }
  size_t votes = a_rarer + b_rarer;
  if (votes < kMinSynonymVotes) return Side::kUnknown;
  if (static_cast<double>(b_rarer) >= kSynonymMajority * static_cast<double>(votes)) return Side::kA;
  if (static_cast<double>(a_rarer) >= kSynonymMajority * static_cast<double>(votes)) return Side::kB;
  return Side::kUnknown;
}

// Mean log SemCor count of each side's changed words; unknown words
// (typos, coinages) count 0. The side whose words are the rarer by a margin
// is the copy.
Side ByWording(const Differences& d, Verdict verdict, const Lexicon* lexicon) {
  auto commonness = [lexicon](const std::vector<const Token*>& words, double* sum) {
    for (const Token* t : words) {
      uint32_t count = t->sense != 0 ? lexicon->Entry(t->sense).corpus_count : 0;
      *sum += std::log1p(static_cast<double>(count));
    }
  };
  double sum_a = 0, sum_b = 0;
  size_t count_a = 0, count_b = 0;
  for (const RowDifference& r : d.rows) {
    commonness(r.only_a, &sum_a);
    commonness(r.only_b, &sum_b);
    count_a += r.only_a.size();
    count_b += r.only_b.size();
  }
  if (count_a < kMinChangedWords || count_b < kMinChangedWords) return Side::kUnknown;
  double mean_a = sum_a / static_cast<double>(count_a);
  double mean_b = sum_b / static_cast<double>(count_b);
  double margin = verdict == Verdict::kRewrite ? kRewriteWordingMargin : kWordingMargin;
  if (mean_a - mean_b >= margin) return Side::kA;  // B's words are the strange ones
  if (mean_b - mean_a >= margin) return Side::kB;
  return Side::kUnknown;
}

}  // namespace

void JudgeSource(const Document& a, const Document& b, const Lexicon* lexicon, const WordCounts* corpus,
                 Comparison* c) {
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
  if (!IsWholeDocument(c->verdict)) return;
  Differences d = Diff(a, b, *c);
  if (decide(ByRoundTrip(d), "round_trip")) return;
  if (decide(ByTypos(a, b, d), "typos")) return;
  if (corpus != nullptr && decide(ByCorpusWording(d, *corpus), "wording")) return;
  if (lexicon == nullptr) return;
  if (decide(BySynonyms(d, lexicon), "wording")) return;
  decide(ByWording(d, c->verdict, lexicon), "wording");
}

}  // namespace retold
