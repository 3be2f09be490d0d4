// Sentence alignment: which sentences of one document became which of the
// other, and how they chain into passages.
//
// Step 1 (LinkSentences) scores every pair of sentences that share evidence:
// a soft, weighted Dice overlap in which each content word of one sentence
// takes its best match in the other (same stem 1.0, WordNet synonym 0.8,
// related word 0.6), weighted by how rare the word is. Pairs whose names and
// numbers disagree are discounted: a report filled into the same template
// shares its wording, never its figures.
//
// Step 2 (ChainPassages) finds runs of linked sentences that advance on both
// sides, tolerating skipped, split and merged sentences, by a local
// alignment over the sparse grid of links; reordered paragraphs become
// separate passages.
#ifndef RETOLD_ALIGN_ALIGNER_H_
#define RETOLD_ALIGN_ALIGNER_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "retold/analysis.h"
#include "retold/compare.h"
#include "retold/lexicon.h"

namespace retold {

struct SentenceLink {
  uint32_t a = 0;  // sentence indexes
  uint32_t b = 0;
  float similarity = 0;  // soft Dice in [0, 1], after the names/numbers check
  // Share of each sentence's weight matched in the other, after the same
  // check: near 1 for a sentence that is a piece of the other (a split or
  // merge), whatever their Dice.
  float covered_a = 0;
  float covered_b = 0;
  // One of its sentences is matched whole by a closer link (covering 90%
  // of it or more): that sentence was copied there, and this weaker link
  // is only a neighbour sharing its words. No passage widens over it.
  bool outshone = false;
};

// A token of A and a token of B that share a key, and how well they match
// (same stem 1.0, synonym 0.8, related word 0.6), times the names/numbers
// discount of their sentence pair.
struct TokenMatch {
  uint32_t token_a = 0;
  uint32_t token_b = 0;
  float weight = 0;
};

struct SentenceGraph {
  std::vector<SentenceLink> links;  // sorted by (a, b)
  // The token matches behind the links (none between unlinked sentences),
  // sorted by token of A: a passage's similarity is computed from them.
  std::vector<TokenMatch> matches;
};

struct AlignedPassage {
  uint32_t a_first = 0, a_last = 0;  // inclusive sentence ranges
  uint32_t b_first = 0, b_last = 0;
  // Soft Dice of the passage as a whole: the matched weight of its linked
  // sentences on both sides over their total weight. Computed over the
  // passage, not averaged over links, so that sentences split or merged
  // (nine list lines run together into one) score as the text they are.
  float similarity = 0;
  float weight = 0;      // of the linked sentences on the thinner side
  float evidence = 0;    // similarity x weight
  uint32_t links = 0;
  uint32_t sentences = 0;  // distinct sentences on the side with fewer
  float quote_fraction = 0;  // share of the passage that is quotation
  uint32_t strong_unquoted_links = 0;  // links >= 0.5 between unquoted sentences
  // Expected number of passages like it in the pair by chance, where a
  // block measured it (blocks.h); 1 where nothing did.
  double chance = 1;
  // The chain's links as (sentence of A, sentence of B), in order.
  std::vector<std::pair<uint32_t, uint32_t>> cells;
};

struct AlignParams {
  float min_link = 0.22f;       // weakest link that may join a chain
  float chain_offset = 0.32f;   // a link adds (similarity - offset) to a chain
  float min_chain_end = 0.40f;  // weaker links at a chain's ends are trimmed
  float strong_link = 0.50f;    // a link this close counts as strong
  float quoted_sentence = 0.75f;  // a sentence this much inside quotes is a quote
  float gap_cost = 0.06f;       // per skipped sentence, on either side
  uint32_t max_gap = 4;         // sentences skipped between two links, per side
  uint32_t max_key_postings = 64;  // a key in more tokens is too common to use
  uint32_t min_content_tokens = 2;  // shorter sentences ("4.") never link
};

// The link between sentence `sa` of A and `sb` of B in links sorted by
// (a, b), or null.
const SentenceLink* FindLink(const std::vector<SentenceLink>& links, uint32_t sa, uint32_t sb);

// `lexicon` is the one the documents were analysed with (null: stems only).
SentenceGraph LinkSentences(const Document& a, const Document& b, const Lexicon* lexicon,
                            const AlignParams& params);

std::vector<AlignedPassage> ChainPassages(const Document& a, const Document& b,
                                          const SentenceGraph& graph, const AlignParams& params,
                                          size_t max_passages);

// The links of at least `min_similarity` that are not outshone, in
// clusters: two links whose sentences lie within max_gap sentences of each
// other on both sides are in one cluster, in any order. Each cluster's
// links are sorted by (a, b).
std::vector<std::vector<const SentenceLink*>> ClusterLinks(const SentenceGraph& graph, float min_similarity,
                                                           uint32_t max_gap);

// Sets `outshone` on each link (LinkSentences does, once per pair).
void MarkOutshoneLinks(std::vector<SentenceLink>* links);

// The passage that just holds the links, with the links as its cells (in
// order); its scores are left unset.
AlignedPassage Enclosing(const std::vector<const SentenceLink*>& links);

// A sentence that can be evidence: not boilerplate, and with content.
bool IsContentSentence(const Sentence& s);
uint32_t ContentSentences(const Document& doc);

// The tokens of `d` that lie inside `span`.
std::span<const Token> TokensIn(const Document& d, Span span);

// log of n choose k: the chance counts of blocks and summary runs.
double LogChoose(double n, double k);

// Fills a passage's scores (similarity, weight, sentences, evidence, links,
// quote_fraction, strong_unquoted_links) from its cells, which must be
// links of `graph`, sorted: how chains and blocks (blocks.h) are measured.
void ScoreCells(const Document& a, const Document& b, const SentenceGraph& graph, const AlignParams& params,
                AlignedPassage* passage);

}  // namespace retold

#endif  // RETOLD_ALIGN_ALIGNER_H_
