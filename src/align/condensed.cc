// FindCondensed (regions.h): summaries and other condensed copies.
#include <algorithm>

#include "align/regions.h"

namespace retold {
namespace {

// One direction: `compact` is the side whose sentences follow each other
// (the summary), `spread` the side they were taken from. Links are given as
// (compact sentence, spread sentence, link).
struct Step {
  uint32_t compact;
  uint32_t spread;
  const SentenceLink* link;
};

void FindRuns(const Document& compact_doc, const Document& spread_doc, std::vector<Step> steps,
              bool compact_is_b, const AlignParams& align, const RegionParams& params, std::vector<Region>* out) {
  std::sort(steps.begin(), steps.end(), [](const Step& x, const Step& y) {
    return x.compact != y.compact ? x.compact < y.compact : x.spread < y.spread;
  });
  auto emit = [&](size_t first, size_t end) {
    // The run's end sentences keep only their links nearest the rest of
    // it: a sentence said twice in the spread document ("... same-day
    // appointments") links both places, and the far one is no part of
    // what was condensed.
    while (end - first >= 2 && steps[first].compact == steps[first + 1].compact) ++first;
    while (end - first >= 2 && steps[end - 1].compact == steps[end - 2].compact) --end;
    uint32_t distinct = 0, last = UINT32_MAX;
    float similarity = 0, weight = 0, quoted = 0;
    for (size_t k = first; k < end; ++k) {
      similarity += steps[k].link->similarity;
      if (steps[k].compact == last) continue;
      last = steps[k].compact;
      ++distinct;
      const Sentence& s = compact_doc.sentences[last];
      weight += s.weight;
      quoted += s.weight * s.quote_fraction;
    }
    similarity /= static_cast<float>(end - first);
    uint32_t span = steps[end - 1].compact - steps[first].compact + 1;
    // Most sentences of the run take part: a summary, not a few stray links.
    if (distinct < params.condensed_sentences || 3 * distinct < 2 * span) return;
    if (similarity < params.condensed_mean) return;
    uint32_t spread_first = UINT32_MAX, spread_last = 0;
    AlignedPassage p;
    for (size_t k = first; k < end; ++k) {
      spread_first = std::min(spread_first, steps[k].spread);
      spread_last = std::max(spread_last, steps[k].spread);
      p.cells.emplace_back(steps[k].link->a, steps[k].link->b);
      float quote = std::max(compact_doc.sentences[steps[k].compact].quote_fraction,
                             spread_doc.sentences[steps[k].spread].quote_fraction);
      if (quote <= align.quoted_sentence) ++p.strong_unquoted_links;
    }
    // Condensed: the other side spreads over at least twice as many
    // sentences (a copy sentence for sentence is a chain's job), and it
    // does so step by step: pieces copied sentence for sentence with a
    // jump between them are chains too, not a summary of what they skip.
    if (spread_last - spread_first + 1 < 2 * span) return;
    uint32_t steps_taken = 0, close_steps = 0;
    for (size_t k = first + 1; k < end; ++k) {
      if (steps[k].compact == steps[k - 1].compact) continue;
      ++steps_taken;
      close_steps += steps[k].spread <= steps[k - 1].spread + 1;
    }
    if (2 * close_steps > steps_taken) return;
    // A summary that draws from the first fifth of its source through the
    // last is a summary of the whole of it, and its source is all of it.
    const uint32_t spread_sentences = static_cast<uint32_t>(spread_doc.sentences.size());
    if (5 * spread_first < spread_sentences && 5 * (spread_last + 1) > 4 * spread_sentences) {
      spread_first = 0;
      spread_last = spread_sentences - 1;
    }
    uint32_t compact_first = steps[first].compact, compact_last = steps[end - 1].compact;
    p.a_first = compact_is_b ? spread_first : compact_first;
    p.a_last = compact_is_b ? spread_last : compact_last;
    p.b_first = compact_is_b ? compact_first : spread_first;
    p.b_last = compact_is_b ? compact_last : spread_last;
    p.similarity = similarity;
    p.weight = weight;
    p.evidence = similarity * weight;
    p.links = static_cast<uint32_t>(end - first);
    p.sentences = distinct;
    p.quote_fraction = weight > 0 ? quoted / weight : 0;
    if (p.quote_fraction > align.quoted_sentence || p.strong_unquoted_links == 0) return;
    std::sort(p.cells.begin(), p.cells.end());
    out->push_back({std::move(p), true, true});
  };
  // A run goes on while the next link is on the same or the next compact
  // sentence and ahead on the spread side, within condensed_spread.
  size_t first = 0;
  for (size_t k = 1; k <= steps.size(); ++k) {
    bool goes_on = k < steps.size() && steps[k].compact <= steps[k - 1].compact + 1 &&
                   steps[k].spread + 1 >= steps[k - 1].spread &&
                   steps[k].spread <= steps[k - 1].spread + params.condensed_spread;
    if (goes_on) continue;
    if (k > first) emit(first, k);
    first = k;
  }
}

}  // namespace

std::vector<Region> FindCondensed(const Document& a, const Document& b, const SentenceGraph& graph,
                                  const AlignParams& align, const RegionParams& params) {
  std::vector<Step> b_compact, a_compact;
  for (const SentenceLink& l : graph.links) {
    if (l.similarity < params.condensed_link || l.outshone) continue;
    // A line of a few words ("We offer same-day appointments", said twice)
    // links wherever its words recur: it neither condenses nor is condensed.
    if (a.sentences[l.a].weight < params.condensed_min_weight ||
        b.sentences[l.b].weight < params.condensed_min_weight) {
      continue;
    }
    b_compact.push_back({l.b, l.a, &l});
    a_compact.push_back({l.a, l.b, &l});
  }
  std::vector<Region> out;
  FindRuns(b, a, std::move(b_compact), true, align, params, &out);
  FindRuns(a, b, std::move(a_compact), false, align, params, &out);
  return out;
}

}  // namespace retold
