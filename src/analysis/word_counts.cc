#include "retold/word_counts.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "common/seen_set.h"

namespace retold {

namespace {

// Spreads terms over slots; terms are hashes already, but sequential
// probing wants their low bits mixed.
size_t SlotOf(uint32_t term, size_t mask) { return (uint64_t{term} * 0x9E3779B97F4A7C15ULL >> 32) & mask; }

}  // namespace

void WordCounts::Shard::Add(uint32_t term, uint32_t count) {
  if (2 * (used + 1) > slots.size()) {
    std::vector<uint64_t> old = std::move(slots);
    slots.assign(std::max<size_t>(1024, 2 * old.size()), 0);
    used = 0;
    for (uint64_t s : old) {
      if (static_cast<uint32_t>(s) != 0) Add(static_cast<uint32_t>(s >> 32), static_cast<uint32_t>(s));
    }
  }
  const size_t mask = slots.size() - 1;
  for (size_t i = SlotOf(term, mask);; i = (i + 1) & mask) {
    uint64_t& s = slots[i];
    if (static_cast<uint32_t>(s) == 0) {
      s = (uint64_t{term} << 32) | count;
      ++used;
      return;
    }
    if (static_cast<uint32_t>(s >> 32) == term) {
      s += count;  // counts stay far below 2^32
      return;
    }
  }
}

uint32_t WordCounts::Shard::Find(uint32_t term) const {
  if (slots.empty()) return 0;
  const size_t mask = slots.size() - 1;
  for (size_t i = SlotOf(term, mask);; i = (i + 1) & mask) {
    uint64_t s = slots[i];
    if (static_cast<uint32_t>(s) == 0) return 0;
    if (static_cast<uint32_t>(s >> 32) == term) return static_cast<uint32_t>(s);
  }
}

void WordCounts::AddDocument(const Document& d) {
  // The document's distinct terms, bucketed by shard with a counting
  // pass, so that each shard is locked once per document. (A comparison
  // sort did both, at several times the cost, for every document of a
  // full run.)
  SeenSet<uint32_t> seen(d.tokens.size());
  std::vector<uint32_t> terms;
  terms.reserve(d.tokens.size());
  uint32_t per_shard[kShards + 1] = {};
  for (const Token& t : d.tokens) {
    if (t.weight <= 0 || !seen.Insert(t.term)) continue;
    terms.push_back(t.term);
    ++per_shard[(t.term % kShards) + 1];
  }
  for (size_t s = 1; s <= kShards; ++s) per_shard[s] += per_shard[s - 1];
  std::vector<uint32_t> by_shard(terms.size());
  uint32_t next[kShards];
  std::copy(per_shard, per_shard + kShards, next);
  for (uint32_t term : terms) by_shard[next[term % kShards]++] = term;
  for (size_t shard = 0; shard < kShards; ++shard) {
    const uint32_t begin = per_shard[shard], end = per_shard[shard + 1];
    if (begin == end) continue;
    std::lock_guard<std::mutex> lock(shards_[shard].mutex);
    Shard& counts = shards_[shard];
    for (uint32_t j = begin; j < end; ++j) {
      // The table is far larger than a core's cache: the slot of a term a
      // few places on is asked for ahead, so that the waits overlap.
      constexpr uint32_t kAhead = 8;
      if (j + kAhead < end && !counts.slots.empty()) {
        __builtin_prefetch(&counts.slots[SlotOf(by_shard[j + kAhead], counts.slots.size() - 1)]);
      }
      counts.Add(by_shard[j], 1);
    }
  }
}

uint32_t WordCounts::Count(uint32_t term) const { return shards_[term % kShards].Find(term); }

void WordCounts::Merge(const WordCounts& other) {
  for (size_t s = 0; s < kShards; ++s) {
    std::lock_guard<std::mutex> lock(shards_[s].mutex);
    for (uint64_t slot : other.shards_[s].slots) {
      if (static_cast<uint32_t>(slot) != 0) shards_[s].Add(static_cast<uint32_t>(slot >> 32), static_cast<uint32_t>(slot));
    }
  }
}

std::string WordCounts::ToBytes() const {
  std::vector<std::pair<uint32_t, uint32_t>> all;
  for (const Shard& s : shards_) {
    for (uint64_t slot : s.slots) {
      if (static_cast<uint32_t>(slot) != 0) all.emplace_back(static_cast<uint32_t>(slot >> 32), static_cast<uint32_t>(slot));
    }
  }
  std::sort(all.begin(), all.end());
  std::string out(all.size() * 8, '\0');
  for (size_t i = 0; i < all.size(); ++i) {
    std::memcpy(out.data() + 8 * i, &all[i].first, 4);
    std::memcpy(out.data() + 8 * i + 4, &all[i].second, 4);
  }
  return out;
}

bool WordCounts::FromBytes(const std::string& bytes) {
  if (bytes.size() % 8 != 0) return false;
  for (Shard& s : shards_) {
    s.slots.clear();
    s.used = 0;
  }
  for (size_t i = 0; i < bytes.size(); i += 8) {
    uint32_t term, count;
    std::memcpy(&term, bytes.data() + i, 4);
    std::memcpy(&count, bytes.data() + i + 4, 4);
    if (count == 0) return false;
    shards_[term % kShards].Add(term, count);
  }
  return true;
}

size_t WordCounts::words() const {
  size_t n = 0;
  for (const Shard& s : shards_) n += s.used;
  return n;
}

}  // namespace retold
