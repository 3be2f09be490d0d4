#include "retold/candidates.h"

#include <xxhash.h>

#include <algorithm>
#include <unordered_map>

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

// Pairs of documents whose shared winnowed hashes lie in two separate
// places on each side; hashes in many documents become recurring passages.
// Postings are built one eighth of the hash range at a time, so that the
// largest structure of candidate search stays small on big corpora.
void WinnowPairs(const std::vector<Fingerprint>& fingerprints, const CandidateOptions& options,
                 std::vector<Pair>* pairs, std::vector<RecurringPassage>* recurring) {
  struct Posting {
    uint32_t hash, doc;
    uint16_t sentence;
  };
  struct SharedHash {  // one hash two documents share, and where
    uint32_t a, b;
    uint16_t sentence_a, sentence_b;
  };
  constexpr int kPartitions = 8;
  const uint32_t n = static_cast<uint32_t>(fingerprints.size());
  std::vector<SharedHash> shared;
  std::vector<Posting> postings;
  // Recurring hashes grouped by the set of documents holding them.
  std::unordered_map<uint64_t, RecurringPassage> by_documents;
  std::vector<uint32_t> docs;
  for (int part = 0; part < kPartitions; ++part) {
    postings.clear();
    for (uint32_t d = 0; d < n; ++d) {
      const Fingerprint& f = fingerprints[d];
      for (size_t k = 0; k < f.winnow.size(); ++k) {
        if (static_cast<int>(f.winnow[k] >> 29) != part) continue;
        postings.push_back({f.winnow[k], d, k < f.winnow_sentence.size() ? f.winnow_sentence[k] : uint16_t{0}});
      }
    }
    std::sort(postings.begin(), postings.end(), [](const Posting& x, const Posting& y) {
      return x.hash != y.hash ? x.hash < y.hash : x.doc < y.doc;
    });
    for (size_t i = 0; i < postings.size();) {
      size_t j = i;
      while (j < postings.size() && postings[j].hash == postings[i].hash) ++j;
      size_t count = j - i;
      if (count >= options.recurring_documents) {
        if (recurring != nullptr) {
          docs.clear();
          for (size_t x = i; x < j; ++x) docs.push_back(postings[x].doc);
          uint64_t key = XXH3_64bits(docs.data(), docs.size() * sizeof(uint32_t));
          RecurringPassage& r = by_documents[key];
          if (r.hashes++ == 0) r.documents = docs;
          r.sentences.push_back(postings[i].sentence);  // postings[i] is in documents[0]
        }
      } else {
        for (size_t x = i; x < j; ++x) {
          for (size_t y = x + 1; y < j; ++y) {
            shared.push_back({postings[x].doc, postings[y].doc, postings[x].sentence, postings[y].sentence});
          }
        }
      }
      i = j;
    }
  }
  postings.clear();
  postings.shrink_to_fit();
  std::sort(shared.begin(), shared.end(), [](const SharedHash& x, const SharedHash& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  std::vector<uint16_t> places_a, places_b;
  auto distinct = [](std::vector<uint16_t>* v) {
    std::sort(v->begin(), v->end());
    return static_cast<size_t>(std::unique(v->begin(), v->end()) - v->begin());
  };
  for (size_t i = 0; i < shared.size();) {
    size_t j = i;
    places_a.clear();
    places_b.clear();
    for (; j < shared.size() && shared[j].a == shared[i].a && shared[j].b == shared[i].b; ++j) {
      places_a.push_back(shared[j].sentence_a);
      places_b.push_back(shared[j].sentence_b);
    }
    if (j - i >= options.min_places && distinct(&places_a) >= options.min_places &&
        distinct(&places_b) >= options.min_places) {
      pairs->emplace_back(shared[i].a, shared[i].b);
    }
    i = j;
  }
  if (recurring == nullptr) return;
  recurring->clear();
  for (auto& [key, passage] : by_documents) {
    // One hash alone is a stock phrase ("said in a statement that"), not a
    // passage: a recurring sentence leaves two or more.
    if (passage.hashes < 2) continue;
    std::sort(passage.sentences.begin(), passage.sentences.end());
    passage.sentences.erase(std::unique(passage.sentences.begin(), passage.sentences.end()),
                            passage.sentences.end());
    recurring->push_back(std::move(passage));
  }
  std::sort(recurring->begin(), recurring->end(), [](const RecurringPassage& x, const RecurringPassage& y) {
    if (x.documents.size() != y.documents.size()) return x.documents.size() > y.documents.size();
    return x.documents < y.documents;
  });
}

}  // namespace

std::vector<Band> BandsOf(const Fingerprint& f, bool lexical_only) {
  std::vector<Band> bands;
  AddBands(f.lexical, kLexicalBands, &bands);
  if (!lexical_only) AddBands(f.skeleton, kSkeletonBands, &bands);
  return bands;
}

std::vector<Pair> FindCandidates(const std::vector<Fingerprint>& fingerprints,
                                 const CandidateOptions& options, CandidateStats* stats,
                                 std::vector<RecurringPassage>* recurring) {
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

  size_t before_winnow = pairs.size();
  WinnowPairs(fingerprints, options, &pairs, recurring);
  if (stats != nullptr) {
    stats->lexical = per_channel[0];
    stats->skeleton = per_channel[1];
    stats->winnow = pairs.size() - before_winnow;
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace retold
