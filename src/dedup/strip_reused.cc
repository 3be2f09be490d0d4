#include "dedup/strip_reused.h"

#include <algorithm>

namespace retold {
namespace {

// Sorted, overlapping or touching spans merged (a gap of white space or
// punctuation between two rows is part of the run).
std::vector<Span> Merge(std::vector<Span> spans, const std::string& text) {
  std::sort(spans.begin(), spans.end(), [](Span x, Span y) { return x.begin < y.begin; });
  std::vector<Span> out;
  for (Span s : spans) {
    if (!out.empty()) {
      uint32_t gap_end = std::max(out.back().end, s.begin);
      bool only_space = true;
      for (uint32_t i = out.back().end; i < gap_end && i < text.size() && only_space; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        only_space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
      }
      if (s.begin <= out.back().end || only_space) {
        out.back().end = std::max(out.back().end, s.end);
        continue;
      }
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

ReusedPassages::ReusedPassages(const DedupResult& result, const std::vector<bool>& kept, size_t min_bytes)
    : result_(result), kept_(kept), min_bytes_(min_bytes) {
  for (const DedupPair& p : result.pairs) {
    if (!kept[p.a] || !kept[p.b]) continue;
    // a < b: b was read later, and gives up its side.
    for (const Passage& passage : p.comparison.passages) {
      if (passage.rows.empty()) {
        cuts_[p.b].push_back(passage.b);
      } else {
        for (const AlignedSentences& row : passage.rows) cuts_[p.b].push_back(row.b);
      }
    }
  }
  recurring_texts_.resize(result.recurring.size());
  for (uint32_t k = 0; k < result.recurring.size(); ++k) {
    const RecurringText& r = result.recurring[k];
    bool earlier_kept = false;
    for (uint32_t d : r.documents) {
      if (d == r.documents.front() || earlier_kept) recurring_in_[d].push_back(k);
      earlier_kept |= kept[d];
    }
  }
}

size_t ReusedPassages::Strip(uint32_t document, std::string* text) {
  auto recurring = recurring_in_.find(document);
  // Each recurring passage's text is remembered from its first document
  // (kept or not) for the later ones; that document is never preceded.
  if (recurring != recurring_in_.end()) {
    for (uint32_t k : recurring->second) {
      const RecurringText& r = result_.recurring[k];
      if (document != r.documents.front()) continue;
      for (const Span& s : r.spans) {
        if (s.end <= text->size()) recurring_texts_[k].push_back(text->substr(s.begin, s.end - s.begin));
      }
    }
  }
  if (!kept_[document]) return 0;
  std::vector<Span> cuts;
  if (auto it = cuts_.find(document); it != cuts_.end()) cuts = std::move(it->second);
  if (recurring != recurring_in_.end()) {
    for (uint32_t k : recurring->second) {
      if (document == result_.recurring[k].documents.front()) continue;
      for (const std::string& piece : recurring_texts_[k]) {
        if (piece.size() < min_bytes_) continue;
        for (size_t at = text->find(piece); at != std::string::npos; at = text->find(piece, at + piece.size())) {
          cuts.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + piece.size())});
        }
      }
    }
  }
  if (cuts.empty()) return 0;
  std::string out;
  size_t at = 0, removed = 0;
  for (const Span& s : Merge(std::move(cuts), *text)) {
    if (s.end - s.begin < min_bytes_ || s.begin < at || s.end > text->size()) continue;
    out.append(*text, at, s.begin - at);
    at = s.end;
    removed += s.end - s.begin;
  }
  if (removed == 0) return 0;
  out.append(*text, at, std::string::npos);
  *text = std::move(out);
  return removed;
}

}  // namespace retold
