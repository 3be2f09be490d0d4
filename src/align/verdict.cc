#include "align/verdict.h"

#include <algorithm>
#include <cmath>

#include <xxhash.h>

#include "align/bags.h"
#include "align/blocks.h"
#include "common/sorted_sets.h"

namespace retold {
namespace {

// Thresholds, set on the quality harness (bench/quality/run.py).
constexpr float kSingleLinkSimilarity = 0.62f;  // one sentence alone must be this close
constexpr float kSingleLinkWeight = 5.0f;       // ... and carry this much content
constexpr double kRewriteCoverage = 0.5;        // both sides at least this covered
constexpr double kNearDuplicateJaccard = 0.5;
constexpr double kNearDuplicateCoverage = 0.8;
constexpr double kMinEvidence = 4.0;            // total evidence for a verdict
// ... or this much, where a passage is a block rarer than the blocks'
// rare_chance (blocks.h): PAN's short scrambled copies keep few of their
// words, but nothing else in their pair looks like them.
constexpr double kRarePassageChance = BlockParams{}.rare_chance;
constexpr double kMinRareEvidence = 2.0;
constexpr float kQuotedPassage = 0.4f;          // a short passage this quoted is a quote
// One passage alone is a copy when it is this close and this heavy (about
// two sentences of content): a long, nearly verbatim run inside an
// otherwise different text, as plagiarism is. Independent reports of one
// event share single sentences at 0.6-0.75 on the quality harness, never
// at 0.8 with this much content.
constexpr float kLonePassageSimilarity = 0.8f;
constexpr float kLonePassageWeight = 8.0f;
// Or one long sentence (fifteen content words or more on each side, or
// one sentence against the run of the other side's that it merges) this
// close: on the quality harness no same-topic pair shares one, while PAN's
// short "random" copies are often just that.
constexpr float kLongSentenceSimilarity = 0.5f;
constexpr float kLongSentenceWeight = 15.0f;

// ... when its plain words (names and numbers aside) agree this much too:
// two reports of one meeting share long lists of names and titles ("U.S.
// Treasury Secretary James Baker, Federal Reserve chairman Paul Volcker
// and ...") around words of their own.
constexpr float kLongSentencePlainWords = 0.4f;

// Weighted Dice of the stems of the plain content words (not names, not
// numbers) of sentences [a_first, a_last] of A and [b_first, b_last] of B.
float PlainWordDice(const Document& a, uint32_t a_first, uint32_t a_last, const Document& b, uint32_t b_first,
                    uint32_t b_last) {
  auto plain = [](const Document& d, uint32_t first, uint32_t last, float* weight) {
    Bag<uint32_t> bag;
    *weight = 0;
    for (uint32_t t = d.sentences[first].first_token; t < d.sentences[last].token_end; ++t) {
      const Token& token = d.tokens[t];
      if (token.weight <= 0 || token.is_name || token.is_number) continue;
      bag.emplace_back(token.stem, token.weight);
      *weight += token.weight;
    }
    Settle(&bag);
    return bag;
  };
  float weight_a = 0, weight_b = 0;
  Bag<uint32_t> x = plain(a, a_first, a_last, &weight_a), y = plain(b, b_first, b_last, &weight_b);
  return Dice(Shared(x, y), weight_a, weight_b);
}

bool IsLoneCopy(const AlignedPassage& p, float weight, const Document& a, const Document& b) {
  if (p.quote_fraction > kQuotedPassage) return false;
  if (p.similarity >= kLonePassageSimilarity && weight >= kLonePassageWeight) return true;
  return p.sentences == 1 && p.similarity >= kLongSentenceSimilarity && weight >= kLongSentenceWeight &&
         PlainWordDice(a, p.a_first, p.a_last, b, p.b_first, p.b_last) >= kLongSentencePlainWords;
}

// Mean similarity a chain needs: short chains arise by chance between two
// reports of one event far more often than long ones, so they must be closer.
float ChainThreshold(uint32_t sentences) {
  if (sentences <= 2) return 0.62f;
  if (sentences == 3) return 0.56f;
  return 0.50f;
}

}  // namespace

bool IsEvidence(const AlignedPassage& p, const Document& a, const Document& b) {
  // A passage counts the sentences of its thinner side: two sentences of A
  // merged into one of B are one sentence of evidence. Quotations travel
  // between independent reports, so a passage of quoted sentences must be
  // longer to count.
  float threshold = ChainThreshold(p.sentences);
  if (p.sentences >= 3 && p.quote_fraction <= kQuotedPassage) return p.similarity >= threshold;
  if (p.strong_unquoted_links == 0) return p.sentences >= 3 && p.similarity >= threshold;
  if (p.sentences >= 2) return p.similarity >= threshold;
  float weight = std::min(a.sentences[p.a_first].weight, b.sentences[p.b_first].weight);
  return (p.similarity >= kSingleLinkSimilarity && weight >= kSingleLinkWeight) || IsLoneCopy(p, weight, a, b);
}

double Coverage(const Document& doc, const std::vector<std::pair<uint32_t, uint32_t>>& ranges) {
  if (doc.countable_bytes == 0) return 0;
  std::vector<bool> covered(doc.sentences.size(), false);
  for (auto [first, last] : ranges) {
    for (uint32_t s = first; s <= last && s < covered.size(); ++s) covered[s] = true;
  }
  size_t bytes = 0;
  for (size_t s = 0; s < covered.size(); ++s) {
    const Sentence& sentence = doc.sentences[s];
    if (covered[s] && !sentence.boilerplate) bytes += sentence.end - sentence.begin;
  }
  return std::min(1.0, static_cast<double>(bytes) / static_cast<double>(doc.countable_bytes));
}

namespace {

// Sorted, unique hashes of a document's word 3-grams. Computed only for
// pairs that show copying (to tell near-duplicates from rewrites), so that
// analysis, which runs on every document of a corpus, does not pay for it.
std::vector<uint64_t> WordTrigrams(const Document& d) {
  std::vector<uint64_t> out;
  const auto& t = d.tokens;
  for (size_t i = 0; i + 3 <= t.size(); ++i) {
    uint32_t terms[3] = {t[i].term, t[i + 1].term, t[i + 2].term};
    out.push_back(XXH3_64bits(terms, sizeof terms));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

double ShingleJaccard(const Document& a, const Document& b) {
  std::vector<uint64_t> x = WordTrigrams(a), y = WordTrigrams(b);
  if (x.empty() || y.empty()) return 0;
  return SortedJaccard(x, y);
}

bool EnoughEvidence(const Document& a, const Document& b, const std::vector<AlignedPassage>& evidence) {
  double total_evidence = 0;
  size_t chains = 0;
  bool lone_copy = false, rare = false;
  for (const AlignedPassage& p : evidence) {
    total_evidence += p.evidence;
    rare |= p.chance <= kRarePassageChance;
    if (p.sentences >= 2) ++chains;
    // A lone copy needs one strong link, unless its one sentence runs
    // several of the other side together: rewording spread over a merged
    // sentence leaves each of its links weak while the whole still matches.
    const bool merged = p.a_last > p.a_first || p.b_last > p.b_first;
    lone_copy |= IsLoneCopy(p, p.weight, a, b) && (p.strong_unquoted_links > 0 || merged);
  }
  // One lone sentence in common is what two reports of one event share by
  // chance; a copy shows a run of sentences, several scattered ones, or one
  // long passage that is nearly the same text.
  return (chains > 0 || evidence.size() >= 2 || lone_copy) &&
         (total_evidence >= kMinEvidence || (rare && total_evidence >= kMinRareEvidence));
}

void DecideVerdict(const Document& a, const Document& b,
                   const std::vector<AlignedPassage>& evidence, Comparison* result) {
  double total_evidence = 0, weighted_similarity = 0;
  for (const AlignedPassage& p : evidence) {
    total_evidence += p.evidence;
    weighted_similarity += p.similarity * p.evidence;
  }
  const bool enough = EnoughEvidence(a, b, evidence);
  double mean_similarity = total_evidence > 0 ? weighted_similarity / total_evidence : 0;
  double low = std::min(result->coverage_a, result->coverage_b);
  double high = std::max(result->coverage_a, result->coverage_b);

  if (!enough) {
    result->verdict = Verdict::kUnrelated;
    result->passages.clear();
    result->coverage_a = result->coverage_b = 0;
    // Below any copy's score: how close the closest passages came.
    result->score = 0.15 * mean_similarity;
    return;
  }
  // (The 3-gram sets are built only where the coverage could make a near
  // duplicate: most related pairs share a passage, no more.)
  double jaccard = low >= kNearDuplicateCoverage ? ShingleJaccard(a, b) : 0;
  if (jaccard >= kNearDuplicateJaccard && low >= kNearDuplicateCoverage) {
    result->verdict = Verdict::kNearDuplicate;
  } else if (low >= kRewriteCoverage) {
    result->verdict = Verdict::kRewrite;
  } else {
    result->verdict = Verdict::kPartial;
  }
  double score = mean_similarity * (0.5 * high + 0.5 * low);
  if (result->verdict == Verdict::kNearDuplicate) score = std::max(score, 0.5 + 0.5 * jaccard);
  result->score = std::clamp(score, 0.0, 1.0);
}

}  // namespace retold
