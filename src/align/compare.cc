#include "retold/compare.h"

#include <algorithm>

#include "align/aligner.h"
#include "align/verdict.h"

namespace retold {
namespace {

// A passage may step over one unmatched sentence (a dropped or inserted
// sentence); a longer gap starts a new passage.
constexpr uint32_t kMaxSkipInPassage = 1;

double PieceSimilarity(const AlignedPassage& piece, const std::vector<SentenceLink>& links) {
  double sum = 0;
  for (auto [sa, sb] : piece.cells) {
    auto it = std::lower_bound(links.begin(), links.end(), std::make_pair(sa, sb),
                               [](const SentenceLink& l, const std::pair<uint32_t, uint32_t>& c) {
                                 return l.a != c.first ? l.a < c.first : l.b < c.second;
                               });
    if (it != links.end()) sum += it->similarity;
  }
  return piece.cells.empty() ? 0 : sum / static_cast<double>(piece.cells.size());
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

Comparison Comparer::Compare(const Document& a, const Document& b) const {
  Comparison result;
  if (!a.tokens.empty() && a.fingerprint == b.fingerprint && a.tokens.size() == b.tokens.size()) {
    result.verdict = Verdict::kExact;
    result.score = 1.0;
    result.coverage_a = result.coverage_b = 1.0;
    result.passages.push_back({{a.sentences.front().begin, a.sentences.back().end},
                               {b.sentences.front().begin, b.sentences.back().end},
                               1.0});
    return result;
  }
  AlignParams params;
  std::vector<SentenceLink> links = LinkSentences(a, b, params);
  std::vector<AlignedPassage> chained =
      ChainPassages(a, b, links, params, options_.max_passages);
  std::vector<AlignedPassage> evidence;
  std::vector<std::pair<uint32_t, uint32_t>> ranges_a, ranges_b;
  for (const AlignedPassage& p : chained) {
    if (!IsEvidence(p, a, b)) continue;
    evidence.push_back(p);
    for (const AlignedPassage& piece : SplitAtGaps(p, kMaxSkipInPassage)) {
      ranges_a.emplace_back(piece.a_first, piece.a_last);
      ranges_b.emplace_back(piece.b_first, piece.b_last);
      result.passages.push_back({{a.sentences[piece.a_first].begin, a.sentences[piece.a_last].end},
                                 {b.sentences[piece.b_first].begin, b.sentences[piece.b_last].end},
                                 PieceSimilarity(piece, links)});
    }
  }
  std::sort(result.passages.begin(), result.passages.end(),
            [](const Passage& x, const Passage& y) { return x.a.begin < y.a.begin; });
  result.coverage_a = Coverage(a, ranges_a);
  result.coverage_b = Coverage(b, ranges_b);
  DecideVerdict(a, b, evidence, &result);
  return result;
}

}  // namespace retold
