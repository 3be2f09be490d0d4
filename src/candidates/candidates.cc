#include "retold/candidates.h"

#include <xxhash.h>

#include <algorithm>

namespace retold {
namespace {

struct ChannelBands {
  uint8_t channel;
  size_t rows;
};

constexpr ChannelBands kLexicalBands{0, 4};
constexpr ChannelBands kSkeletonBands{1, 2};

void AddBands(const std::vector<uint32_t>& signature, ChannelBands spec, std::vector<Band>* out) {
  for (size_t b = 0; b * spec.rows + spec.rows <= signature.size(); ++b) {
    uint64_t h = XXH3_64bits_withSeed(signature.data() + b * spec.rows,
                                      spec.rows * sizeof(uint32_t), (uint64_t{spec.channel} << 8) | b);
    out->push_back({spec.channel, static_cast<uint8_t>(b), h});
  }
}

using Pair = std::pair<uint32_t, uint32_t>;

void EmitGroup(const uint32_t* docs, size_t n, size_t max_bucket, std::vector<Pair>* out) {
  if (n <= max_bucket) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) out->emplace_back(docs[i], docs[j]);
    }
    return;
  }
  // Thousands of documents sharing a band are one family of copies or one
  // template; linking neighbours keeps the work linear and union-find still
  // joins what verification confirms.
  for (size_t i = 0; i + 1 < n; ++i) out->emplace_back(docs[i], docs[i + 1]);
}

}  // namespace

std::vector<Band> BandsOf(const Fingerprint& f, bool lexical_only) {
  std::vector<Band> bands;
  AddBands(f.lexical, kLexicalBands, &bands);
  if (!lexical_only) AddBands(f.skeleton, kSkeletonBands, &bands);
  return bands;
}

std::vector<Pair> FindCandidates(const std::vector<Fingerprint>& fingerprints,
                                 const CandidateOptions& options, CandidateStats* stats) {
  std::vector<Pair> pairs;
  const uint32_t n = static_cast<uint32_t>(fingerprints.size());

  // Entries are partitioned by band slot with a counting sort (two passes
  // over the fingerprints), then each slot is sorted and its groups read.
  struct Entry {
    uint64_t key;
    uint32_t doc;
  };
  constexpr size_t kSlots = 2 * 64;
  auto slot_of = [](const Band& b) { return size_t{b.channel} * 64 + b.index; };
  std::vector<size_t> start(kSlots + 1, 0);
  for (uint32_t d = 0; d < n; ++d) {
    for (const Band& b : BandsOf(fingerprints[d], options.lexical_only)) ++start[slot_of(b) + 1];
  }
  for (size_t s = 1; s <= kSlots; ++s) start[s] += start[s - 1];
  std::vector<Entry> entries(start[kSlots]);
  std::vector<size_t> fill(start.begin(), start.end() - 1);
  for (uint32_t d = 0; d < n; ++d) {
    for (const Band& b : BandsOf(fingerprints[d], options.lexical_only)) {
      entries[fill[slot_of(b)]++] = {b.hash, d};
    }
  }
  auto by_key = [](const Entry& x, const Entry& y) {
    return x.key != y.key ? x.key < y.key : x.doc < y.doc;
  };
  std::vector<uint32_t> group;
  size_t per_channel[2] = {0, 0};
  for (size_t s = 0; s < kSlots; ++s) {
    size_t before = pairs.size();
    auto first = entries.begin() + static_cast<long>(start[s]);
    auto last = entries.begin() + static_cast<long>(start[s + 1]);
    std::sort(first, last, by_key);
    for (auto i = first; i != last;) {
      auto j = i;
      group.clear();
      while (j != last && j->key == i->key) group.push_back((j++)->doc);
      if (group.size() > 1) EmitGroup(group.data(), group.size(), options.max_bucket, &pairs);
      i = j;
    }
    per_channel[s / 64] += pairs.size() - before;
  }
  entries.clear();
  entries.shrink_to_fit();

  // Winnowed hashes: count shared hashes per pair, keep pairs with enough.
  // Postings are packed as hash << 32 | doc (8 bytes, about 90 per
  // document) and built one eighth of the hash range at a time, so that the
  // largest structure of candidate search stays small on big corpora.
  constexpr int kWinnowPartitions = 8;
  std::vector<uint64_t> shared;
  std::vector<uint64_t> postings;
  for (int part = 0; part < kWinnowPartitions; ++part) {
    postings.clear();
    for (uint32_t d = 0; d < n; ++d) {
      for (uint32_t h : fingerprints[d].winnow) {
        if (static_cast<int>(h >> 29) == part) postings.push_back((uint64_t{h} << 32) | d);
      }
    }
    std::sort(postings.begin(), postings.end());
    for (size_t i = 0; i < postings.size();) {
      size_t j = i;
      while (j < postings.size() && (postings[j] >> 32) == (postings[i] >> 32)) ++j;
      if (j - i > 1 && j - i <= options.max_winnow_postings) {
        for (size_t x = i; x < j; ++x) {
          for (size_t y = x + 1; y < j; ++y) {
            shared.push_back((postings[x] << 32) | (postings[y] & 0xFFFFFFFFu));
          }
        }
      }
      i = j;
    }
  }
  postings.clear();
  postings.shrink_to_fit();
  std::sort(shared.begin(), shared.end());
  for (size_t i = 0; i < shared.size();) {
    size_t j = i;
    while (j < shared.size() && shared[j] == shared[i]) ++j;
    if (j - i >= options.min_shared_winnows) {
      pairs.emplace_back(static_cast<uint32_t>(shared[i] >> 32), static_cast<uint32_t>(shared[i]));
    }
    i = j;
  }

  if (stats != nullptr) {
    stats->lexical = per_channel[0];
    stats->skeleton = per_channel[1];
    stats->winnow = pairs.size() - per_channel[0] - per_channel[1];
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace retold
