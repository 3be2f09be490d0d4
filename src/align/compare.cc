#include "retold/compare.h"

#include <algorithm>

#include "align/aligner.h"
#include "align/bags.h"
#include "align/blocks.h"
#include "align/edges.h"
#include "align/provenance.h"
#include "align/regions.h"
#include "align/summaries.h"
#include "align/verdict.h"

namespace retold {
namespace {

constexpr double kChainsCoverAll = 0.9;

float LinkSimilarity(const std::vector<SentenceLink>& links, uint32_t sa, uint32_t sb) {
  const SentenceLink* link = FindLink(links, sa, sb);
  return link != nullptr ? link->similarity : 0.0f;
}

// Groups a chain's links into rows: a new row starts when both sides move
// past the previous row, so a split or merged sentence stays in one row.
Passage MakePassage(const Document& a, const Document& b, const AlignedPassage& piece,
                    const std::vector<SentenceLink>& links) {
  Passage passage;
  passage.a = {a.sentences[piece.a_first].begin, a.sentences[piece.a_last].end};
  passage.b = {b.sentences[piece.b_first].begin, b.sentences[piece.b_last].end};
  uint32_t a_first = 0, a_last = 0, b_first = 0, b_last = 0, count = 0;
  double row_sum = 0;
  auto flush = [&] {
    if (count == 0) return;
    passage.rows.push_back({{a.sentences[a_first].begin, a.sentences[a_last].end},
                            {b.sentences[b_first].begin, b.sentences[b_last].end},
                            row_sum / count});
  };
  for (auto [sa, sb] : piece.cells) {
    float sim = LinkSimilarity(links, sa, sb);
    if (count > 0 && (sa <= a_last || sb <= b_last)) {
      a_last = std::max(a_last, sa);
      b_last = std::max(b_last, sb);
      row_sum += sim;
      ++count;
      continue;
    }
    flush();
    a_first = a_last = sa;
    b_first = b_last = sb;
    row_sum = sim;
    count = 1;
  }
  flush();
  passage.similarity = piece.similarity;
  return passage;
}

// The sentence ranges of the first `count` passages, on each side.
std::pair<std::vector<std::pair<uint32_t, uint32_t>>, std::vector<std::pair<uint32_t, uint32_t>>> SentenceRanges(
    const std::vector<AlignedPassage>& passages, size_t count) {
  std::pair<std::vector<std::pair<uint32_t, uint32_t>>, std::vector<std::pair<uint32_t, uint32_t>>> ranges;
  for (size_t k = 0; k < count && k < passages.size(); ++k) {
    ranges.first.emplace_back(passages[k].a_first, passages[k].a_last);
    ranges.second.emplace_back(passages[k].b_first, passages[k].b_last);
  }
  return ranges;
}

// A span of a translated document's English text, as the span of the
// original it translates: from the start of the original sentence where it
// starts to the end of the one where it ends.
Span ToOriginal(const Document& d, Span span) {
  if (!d.translated || d.pivot.empty()) return span;
  auto segment_of = [&d](uint32_t offset) {
    auto it = std::upper_bound(d.pivot.begin(), d.pivot.end(), offset,
                               [](uint32_t o, const PivotSegment& s) { return o < s.pivot_begin; });
    return it == d.pivot.begin() ? d.pivot.begin() : it - 1;
  };
  uint32_t begin = segment_of(span.begin)->original_begin;
  uint32_t end = segment_of(span.end > span.begin ? span.end - 1 : span.begin)->original_end;
  return {begin, std::max(begin, end)};
}

// The sentences just past a copied passage's ends belong to it while they
// still share some wording (a link, or stems: Dice >= kEndOverlap): a
// rewrite that keeps a passage's order rewords its edges as much as its
// middle, and what is left of them is too weak for a chain.
constexpr float kEndOverlap = 0.2f;

float StemDice(const Document& a, uint32_t sa, const Document& b, uint32_t sb) {
  Bag<uint32_t> x = SentenceStems(a, sa), y = SentenceStems(b, sb);
  return Dice(Shared(x, y), Weight(x), Weight(y));
}

// Runs evidence[k] on over its ends so, never into another passage.
void ExtendEnds(const std::vector<SentenceLink>& links, const Document& a, const Document& b,
                std::vector<AlignedPassage>* evidence, size_t k) {
  AlignedPassage* p = &(*evidence)[k];
  auto taken = [&](uint32_t sa, uint32_t sb) {
    for (size_t q = 0; q < evidence->size(); ++q) {
      const AlignedPassage& o = (*evidence)[q];
      if (q != k && ((sa >= o.a_first && sa <= o.a_last) || (sb >= o.b_first && sb <= o.b_last))) return true;
    }
    return false;
  };
  // Extends over (sa, sb) when they still share wording; a link becomes a
  // cell of the passage (a row of what matched).
  auto extend = [&](uint32_t sa, uint32_t sb) {
    if (!IsContentSentence(a.sentences[sa]) || !IsContentSentence(b.sentences[sb]) || taken(sa, sb)) return false;
    const SentenceLink* l = FindLink(links, sa, sb);
    if (l != nullptr ? l->similarity < kEndOverlap : StemDice(a, sa, b, sb) < kEndOverlap) return false;
    if (l != nullptr) p->cells.emplace_back(sa, sb);
    return true;
  };
  while (p->a_last + 1 < a.sentences.size() && p->b_last + 1 < b.sentences.size() &&
         extend(p->a_last + 1, p->b_last + 1)) {
    ++p->a_last, ++p->b_last;
  }
  while (p->a_first > 0 && p->b_first > 0 && extend(p->a_first - 1, p->b_first - 1)) {
    --p->a_first, --p->b_first;
  }
  std::sort(p->cells.begin(), p->cells.end());
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kExact: return "exact";
    case Verdict::kNearDuplicate: return "near_duplicate";
    case Verdict::kRewrite: return "rewrite";
    case Verdict::kPartial: return "partial";
    case Verdict::kUnrelated: return "unrelated";
  }
  return "unrelated";
}

bool VerdictFromName(std::string_view name, Verdict* verdict) {
  for (Verdict v : {Verdict::kExact, Verdict::kNearDuplicate, Verdict::kRewrite, Verdict::kPartial,
                    Verdict::kUnrelated}) {
    if (VerdictName(v) == name) {
      *verdict = v;
      return true;
    }
  }
  return false;
}

bool IsWholeDocument(Verdict v) {
  return v == Verdict::kExact || v == Verdict::kNearDuplicate || v == Verdict::kRewrite;
}

void SwapSides(Comparison* c) {
  std::swap(c->coverage_a, c->coverage_b);
  std::swap(c->lang_a, c->lang_b);
  if (c->source != Side::kUnknown) c->source = c->source == Side::kA ? Side::kB : Side::kA;
  for (Passage& p : c->passages) {
    std::swap(p.a, p.b);
    for (AlignedSentences& row : p.rows) std::swap(row.a, row.b);
  }
}

// Alignment breaks ties (identical sentences repeated on both sides) by
// position, so it always runs with the documents in one canonical order and
// the answer is mirrored back: the verdict cannot depend on argument order.
Comparison Comparer::Compare(const Document& a, const Document& b) const {
  bool swap = b.fingerprint < a.fingerprint ||
              (b.fingerprint == a.fingerprint && b.text < a.text);
  Comparison result;
  if (!swap) {
    result = CompareOrdered(a, b);
  } else {
    result = CompareOrdered(b, a);
    SwapSides(&result);
  }
  result.lang_a = a.language;
  result.lang_b = b.language;
  // Crossing languages: one side (or part of it) translated and the other
  // not, or the two translated from different languages.
  result.translated = a.translated != b.translated || (a.translated && a.language != b.language);
  if (a.translated && b.translated && result.translated) {
    // Two translations from two languages: both read as machine English,
    // and nothing in them tells which came first.
    result.source = Side::kUnknown;
    result.source_reason = {};
  }
  if (a.translated || b.translated) {
    for (Passage& p : result.passages) {
      p.a = ToOriginal(a, p.a);
      p.b = ToOriginal(b, p.b);
      for (AlignedSentences& row : p.rows) {
        row.a = ToOriginal(a, row.a);
        row.b = ToOriginal(b, row.b);
      }
    }
  }
  if (swap || a.translated || b.translated) {
    std::sort(result.passages.begin(), result.passages.end(),
              [](const Passage& x, const Passage& y) { return x.a.begin < y.a.begin; });
  }
  return result;
}

Comparison Comparer::CompareOrdered(const Document& a, const Document& b) const {
  Comparison result;
  if (!a.tokens.empty() && a.fingerprint == b.fingerprint && a.tokens.size() == b.tokens.size()) {
    result.verdict = Verdict::kExact;
    result.score = 1.0;
    result.coverage_a = result.coverage_b = 1.0;
    Passage whole;
    whole.a = {a.sentences.front().begin, a.sentences.back().end};
    whole.b = {b.sentences.front().begin, b.sentences.back().end};
    whole.similarity = 1.0;
    for (size_t s = 0; s < a.sentences.size() && s < b.sentences.size(); ++s) {
      whole.rows.push_back({{a.sentences[s].begin, a.sentences[s].end},
                            {b.sentences[s].begin, b.sentences[s].end},
                            1.0});
    }
    result.passages.push_back(std::move(whole));
    return result;
  }
  AlignParams params;
  SentenceGraph graph = LinkSentences(a, b, lexicon_, params);
  const std::vector<SentenceLink>& links = graph.links;
  std::vector<AlignedPassage> chained =
      ChainPassages(a, b, graph, params, options_.max_passages);
  std::vector<AlignedPassage> evidence;
  // A chain is reported as one passage, gaps included (its rows show what
  // matched): a reader marks one reused passage, not its surviving
  // sentences, and PAN scores it so (granularity).
  for (const AlignedPassage& p : chained) {
    if (IsEvidence(p, a, b)) evidence.push_back(p);
  }
  // Passages the chains broke up or missed, found by the density of links;
  // nothing is missing where the chains already cover both documents.
  auto [chained_a, chained_b] = SentenceRanges(evidence, evidence.size());
  std::vector<Region> density_regions;
  if (std::min(Coverage(a, chained_a), Coverage(b, chained_b)) < kChainsCoverAll) {
    const RegionParams region_params;
    density_regions = FindRegions(a, b, graph, params, region_params);
    std::vector<Region> regions = density_regions;
    for (Region& r : FindCondensed(a, b, graph, params, region_params)) regions.push_back(std::move(r));
    for (Region& r : PassingBlocks(a, b, graph, params, BlockParams{})) regions.push_back(std::move(r));
    for (Region& r : FindSummaryRuns(a, b, graph, params, SummaryParams{})) regions.push_back(std::move(r));
    MergeRegions(std::move(regions), &evidence);
  }
  WidenSummaries(a, b, &evidence);
  // Once the pair is shown to be a copy, looser evidence completes it:
  // further regions, and the reworded edges of each passage.
  if (EnoughEvidence(a, b, evidence)) {
    if (!density_regions.empty()) AddSupportedRegions(density_regions, &evidence);
    for (size_t k = 0; k < evidence.size(); ++k) ExtendEnds(graph.links, a, b, &evidence, k);
  }
  // Coverage counts the passages reported.
  const size_t reported = std::min(evidence.size(), options_.max_passages);
  for (size_t k = 0; k < reported; ++k) {
    result.passages.push_back(MakePassage(a, b, evidence[k], links));
    RefineVerbatimEdges(a, b, &result.passages.back());
  }
  auto [ranges_a, ranges_b] = SentenceRanges(evidence, reported);
  std::sort(result.passages.begin(), result.passages.end(),
            [](const Passage& x, const Passage& y) { return x.a.begin < y.a.begin; });
  result.coverage_a = Coverage(a, ranges_a);
  result.coverage_b = Coverage(b, ranges_b);
  DecideVerdict(a, b, evidence, &result);
  JudgeSource(a, b, lexicon_, options_.corpus_words, &result);
  return result;
}

}  // namespace retold
