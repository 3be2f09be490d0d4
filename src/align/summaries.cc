#include "align/summaries.h"

#include <algorithm>
#include <cmath>

namespace retold {

namespace {

uint32_t Bytes(const Document& d, uint32_t first, uint32_t last) {
  return d.sentences[last].end - d.sentences[first].begin;
}

// Share of the content weight of the long side's sentences outside
// [first, last] whose stems the short side's sentences [short_first,
// short_last] use.
double RemainderRelated(const Document& long_doc, uint32_t first, uint32_t last, const Document& short_doc,
                        uint32_t short_first, uint32_t short_last) {
  std::vector<uint32_t> stems;
  for (uint32_t t = short_doc.sentences[short_first].first_token; t < short_doc.sentences[short_last].token_end; ++t) {
    if (short_doc.tokens[t].weight > 0) stems.push_back(short_doc.tokens[t].stem);
  }
  std::sort(stems.begin(), stems.end());
  double shared = 0, total = 0;
  for (uint32_t s = 0; s < long_doc.sentences.size(); ++s) {
    if (s >= first && s <= last) continue;
    for (uint32_t t = long_doc.sentences[s].first_token; t < long_doc.sentences[s].token_end; ++t) {
      const Token& token = long_doc.tokens[t];
      if (token.weight <= 0) continue;
      total += token.weight;
      if (std::binary_search(stems.begin(), stems.end(), token.stem)) shared += token.weight;
    }
  }
  return total > 0 ? shared / total : 1.0;
}

}  // namespace

std::vector<Region> FindSummaryRuns(const Document& a, const Document& b, const SentenceGraph& graph,
                                    const AlignParams& align, const SummaryParams& params) {
  std::vector<Region> out;
  for (const bool compact_is_b : {true, false}) {
    const Document& compact = compact_is_b ? b : a;
    const uint32_t n = static_cast<uint32_t>(compact.sentences.size());
    // Each sentence of the compact side with its links.
    std::vector<std::vector<const SentenceLink*>> row(n);
    for (const SentenceLink& l : graph.links) {
      if (l.similarity >= params.min_link && !l.outshone) row[compact_is_b ? l.b : l.a].push_back(&l);
    }
    auto content = [&compact](uint32_t s) { return IsContentSentence(compact.sentences[s]); };
    uint32_t rows = 0, linked = 0;
    for (uint32_t s = 0; s < n; ++s) {
      if (!content(s)) continue;
      ++rows;
      linked += !row[s].empty();
    }
    auto emit = [&](uint32_t first, uint32_t last, uint32_t k) {
      if (k < params.min_rows) return;
      uint32_t span = 0;
      for (uint32_t s = first; s <= last; ++s) span += content(s);
      // The other linked sentences of the side, spread over its other rows.
      const double density = std::max(1.0, static_cast<double>(linked - k)) / std::max(1u, rows - span);
      const double chance = rows * std::exp(LogChoose(span, k) + k * std::log(std::min(1.0, density)));
      if (chance > params.max_chance) return;
      // The source sentence of each linked row (its closest link), in order;
      // the passage holds those links only (a looser link of a summary
      // sentence elsewhere in the source is no part of what it condenses).
      std::vector<uint32_t> sources;
      std::vector<const SentenceLink*> links;
      for (uint32_t s = first; s <= last; ++s) {
        if (row[s].empty()) continue;
        const SentenceLink* best = *std::max_element(row[s].begin(), row[s].end(),
            [](const SentenceLink* x, const SentenceLink* y) { return x->similarity < y->similarity; });
        sources.push_back(compact_is_b ? best->a : best->b);
        links.push_back(best);
      }
      size_t pairs = 0, in_order = 0;
      for (size_t x = 0; x < sources.size(); ++x) {
        for (size_t y = x + 1; y < sources.size(); ++y) {
          ++pairs;
          in_order += sources[x] <= sources[y];
        }
      }
      if (static_cast<double>(in_order) < params.min_in_order * static_cast<double>(pairs)) return;
      std::sort(links.begin(), links.end(), [](const SentenceLink* x, const SentenceLink* y) {
        return x->a != y->a ? x->a < y->a : x->b < y->b;
      });
      AlignedPassage p = Enclosing(links);
      const uint32_t bytes_a = Bytes(a, p.a_first, p.a_last), bytes_b = Bytes(b, p.b_first, p.b_last);
      const double condensing = compact_is_b ? static_cast<double>(bytes_a) / std::max(1u, bytes_b)
                                             : static_cast<double>(bytes_b) / std::max(1u, bytes_a);
      if (condensing < params.min_condensing) return;
      ScoreCells(a, b, graph, align, &p);
      if (p.similarity < params.min_similarity || p.quote_fraction > align.quoted_sentence ||
          p.strong_unquoted_links == 0 || !NamesAndNumbersAgree(a, b, p)) {
        return;
      }
      out.push_back({std::move(p), true, false, true});
    };
    // Runs of linked sentences, a gap of max_gap unlinked ones allowed
    // between two of them.
    for (uint32_t s = 0; s < n;) {
      if (!content(s) || row[s].empty()) {
        ++s;
        continue;
      }
      uint32_t first = s, last = s, k = 1, gap = 0;
      for (uint32_t t = s + 1; t < n; ++t) {
        if (!content(t)) continue;
        if (row[t].empty()) {
          if (++gap > params.max_gap) break;
          continue;
        }
        last = t;
        ++k;
        gap = 0;
      }
      emit(first, last, k);
      s = last + 1;
    }
  }
  return out;
}

void WidenSummaries(const Document& a, const Document& b, std::vector<AlignedPassage>* evidence) {
  if (a.sentences.empty() || b.sentences.empty()) return;
  auto condenses = [](uint32_t long_bytes, uint32_t short_bytes, const Document& long_doc) {
    return short_bytes <= kSummaryBytes && long_bytes >= kSummaryRatio * short_bytes &&
           long_bytes >= kSummaryShare * static_cast<double>(long_doc.text.size());
  };
  // Pieces of one summary lie next to each other on its side (a sentence
  // of it that links nowhere between them) and far apart on the source's.
  constexpr uint32_t kNextTo = 2;
  // Passage k with the pieces next to it on the short side (B's when
  // `widen_a`), joined: their indexes and the passage they make.
  auto gather = [&](size_t k, bool widen_a, std::vector<size_t>* members) {
    AlignedPassage g = (*evidence)[k];
    members->assign(1, k);
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t q = 0; q < evidence->size(); ++q) {
        if (std::find(members->begin(), members->end(), q) != members->end()) continue;
        const AlignedPassage& o = (*evidence)[q];
        const uint32_t first = widen_a ? o.b_first : o.a_first, last = widen_a ? o.b_last : o.a_last;
        const uint32_t own_first = widen_a ? g.b_first : g.a_first, own_last = widen_a ? g.b_last : g.a_last;
        if (first > own_last + kNextTo || last + kNextTo < own_first) continue;
        g.a_first = std::min(g.a_first, o.a_first), g.a_last = std::max(g.a_last, o.a_last);
        g.b_first = std::min(g.b_first, o.b_first), g.b_last = std::max(g.b_last, o.b_last);
        g.links += o.links;
        g.evidence = std::max(g.evidence, o.evidence);
        g.cells.insert(g.cells.end(), o.cells.begin(), o.cells.end());
        members->push_back(q);
        grew = true;
      }
    }
    return g;
  };
  for (size_t k = 0; k < evidence->size(); ++k) {
    for (const bool widen_a : {true, false}) {
      std::vector<size_t> members;
      AlignedPassage g = gather(k, widen_a, &members);
      const Document& long_doc = widen_a ? a : b;
      const Document& short_doc = widen_a ? b : a;
      const uint32_t long_first = widen_a ? g.a_first : g.b_first, long_last = widen_a ? g.a_last : g.b_last;
      const uint32_t short_first = widen_a ? g.b_first : g.a_first, short_last = widen_a ? g.b_last : g.a_last;
      if (!condenses(Bytes(long_doc, long_first, long_last), Bytes(short_doc, short_first, short_last), long_doc)) {
        continue;
      }
      // Each piece condenses too, taken together: pieces of a copy made
      // sentence for sentence, side by side in one document and far apart
      // in the other, are two passages, not a summary.
      uint32_t long_pieces = 0, short_pieces = 0;
      for (size_t q : members) {
        const AlignedPassage& o = (*evidence)[q];
        long_pieces += widen_a ? Bytes(a, o.a_first, o.a_last) : Bytes(b, o.b_first, o.b_last);
        short_pieces += widen_a ? Bytes(b, o.b_first, o.b_last) : Bytes(a, o.a_first, o.a_last);
      }
      if (long_pieces < kSummaryRatio * short_pieces) continue;
      if (RemainderRelated(long_doc, long_first, long_last, short_doc, short_first, short_last) <
          kSummaryRemainderRelated) {
        continue;
      }
      (widen_a ? g.a_first : g.b_first) = 0;
      (widen_a ? g.a_last : g.b_last) = static_cast<uint32_t>(long_doc.sentences.size() - 1);
      std::sort(g.cells.begin(), g.cells.end());
      g.cells.erase(std::unique(g.cells.begin(), g.cells.end()), g.cells.end());
      std::vector<AlignedPassage> rest;
      size_t position = 0;
      for (size_t q = 0; q < evidence->size(); ++q) {
        if (q == k) position = rest.size();
        if (std::find(members.begin(), members.end(), q) == members.end()) rest.push_back(std::move((*evidence)[q]));
      }
      rest.insert(rest.begin() + static_cast<std::ptrdiff_t>(position), std::move(g));
      *evidence = std::move(rest);
      k = position;
      break;
    }
  }
}

}  // namespace retold
