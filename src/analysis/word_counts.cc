#include "retold/word_counts.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

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
  // Terms rotated so that the shard bits lead: a plain sort then groups
  // them by shard, and each shard is locked once per document.
  std::vector<uint32_t> keys;
  keys.reserve(d.tokens.size());
  for (const Token& t : d.tokens) {
    if (t.weight > 0) keys.push_back((t.term << (32 - kShardBits)) | (t.term >> kShardBits));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (size_t i = 0; i < keys.size();) {
    const uint32_t shard = keys[i] >> (32 - kShardBits);
    std::lock_guard<std::mutex> lock(shards_[shard].mutex);
    Shard& counts = shards_[shard];
    auto term_of = [](uint32_t key) { return (key << kShardBits) | (key >> (32 - kShardBits)); };
    size_t j = i;
    for (; j < keys.size() && keys[j] >> (32 - kShardBits) == shard; ++j) {
      // The table is far larger than a core's cache: the slot of a term a
      // few places on is asked for ahead, so that the waits overlap.
      constexpr size_t kAhead = 8;
      if (j + kAhead < keys.size() && !counts.slots.empty()) {
        __builtin_prefetch(&counts.slots[SlotOf(term_of(keys[j + kAhead]), counts.slots.size() - 1)]);
      }
      counts.Add(term_of(keys[j]), 1);
    }
    i = j;
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
