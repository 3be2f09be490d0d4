#include "retold/candidates.h"

#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "common/sorted_sets.h"
#include "common/union_find.h"
#include "fingerprint/minhash.h"

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

// The place of a document's winnowed hash (its fingerprint keeps hashes
// sorted, with their places beside them).
uint16_t SentenceOf(const Fingerprint& f, uint32_t hash) {
  auto it = std::lower_bound(f.winnow.begin(), f.winnow.end(), hash);
  size_t k = static_cast<size_t>(it - f.winnow.begin());
  return k < f.winnow_sentence.size() ? f.winnow_sentence[k] : 0;
}

// Recurring hashes with the same set of documents are one passage. But
// winnowing picks a hash near a passage's edge in some documents and not
// in others, so one passage may leave hashes with nested sets. Groups whose
// sets share a MinHash value are compared, and joined when their sets
// overlap by kJoinOverlap (Jaccard). One hash alone, never joined, is a
// stock phrase ("said in a statement that"), not a passage.
constexpr double kJoinOverlap = 0.6;

void JoinRecurring(std::vector<RecurringPassage>* groups) {
  // Four orders of the documents: one mixed hash, xor-ed with masks.
  constexpr int kDocumentHashes = 4;
  static constexpr uint64_t kSeedMasks[kDocumentHashes] = {
      0, 0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL};
  const uint32_t n = static_cast<uint32_t>(groups->size());
  UnionFind sets(n);
  std::vector<std::tuple<uint64_t, size_t, uint32_t>> keys(n);  // (min, -size, group)
  auto join_if_close = [&](uint32_t x, uint32_t y) {
    if (sets.Find(x) != sets.Find(y) &&
        SortedJaccard((*groups)[x].documents, (*groups)[y].documents) >= kJoinOverlap) {
      sets.Union(x, y);
    }
  };
  // All minima in one pass over each group's documents.
  std::vector<uint64_t> minima(size_t{n} * kDocumentHashes, UINT64_MAX);
  for (uint32_t g = 0; g < n; ++g) {
    uint64_t* low = &minima[size_t{g} * kDocumentHashes];
    for (uint32_t d : (*groups)[g].documents) {
      uint64_t h = Mix64(d);
      for (int seed = 0; seed < kDocumentHashes; ++seed) {
        low[seed] = std::min(low[seed], h ^ kSeedMasks[seed]);
      }
    }
  }
  for (int seed = 0; seed < kDocumentHashes; ++seed) {
    for (uint32_t g = 0; g < n; ++g) {
      keys[g] = {minima[size_t{g} * kDocumentHashes + seed], SIZE_MAX - (*groups)[g].documents.size(), g};
    }
    std::sort(keys.begin(), keys.end());
    // Within a run of equal minima, each group meets the run's largest and
    // its neighbour: linear, and nested sets sort next to each other.
    for (uint32_t i = 1, first = 0; i < n; ++i) {
      if (std::get<0>(keys[i]) != std::get<0>(keys[i - 1])) {
        first = i;
        continue;
      }
      join_if_close(std::get<2>(keys[i]), std::get<2>(keys[first]));
      join_if_close(std::get<2>(keys[i]), std::get<2>(keys[i - 1]));
    }
  }
  // Each joined passage keeps the largest set of documents, and the
  // sentences found in its first document.
  std::vector<uint32_t> largest(n, UINT32_MAX);
  for (uint32_t g = 0; g < n; ++g) {
    uint32_t& best = largest[sets.Find(g)];
    if (best == UINT32_MAX || (*groups)[g].documents.size() > (*groups)[best].documents.size()) best = g;
  }
  std::vector<RecurringPassage> joined;
  std::vector<uint32_t> slot(n, UINT32_MAX);
  for (uint32_t g = 0; g < n; ++g) {
    uint32_t root = sets.Find(g);
    if (slot[root] == UINT32_MAX) {
      slot[root] = static_cast<uint32_t>(joined.size());
      joined.emplace_back();
      joined.back().documents = (*groups)[largest[root]].documents;
    }
    RecurringPassage& out = joined[slot[root]];
    const RecurringPassage& in = (*groups)[g];
    out.hashes += in.hashes;
    if (in.documents.front() == out.documents.front()) {
      out.sentences.insert(out.sentences.end(), in.sentences.begin(), in.sentences.end());
    }
  }
  groups->clear();
  for (RecurringPassage& p : joined) {
    if (p.hashes < 2 || p.sentences.empty()) continue;
    std::sort(p.sentences.begin(), p.sentences.end());
    p.sentences.erase(std::unique(p.sentences.begin(), p.sentences.end()), p.sentences.end());
    groups->push_back(std::move(p));
  }
  std::sort(groups->begin(), groups->end(), [](const RecurringPassage& x, const RecurringPassage& y) {
    if (x.documents.size() != y.documents.size()) return x.documents.size() > y.documents.size();
    return x.documents < y.documents;
  });
}

// One share of the winnow hash range: the hashes two documents share (with
// where), and the recurring ones grouped by their set of documents.
struct WinnowPart {
  // (a << 32 | b, place_a << 16 | place_b), once per shared hash; places
  // as in Fingerprint::winnow_sentence.
  std::vector<std::pair<uint64_t, uint32_t>> shared;
  std::unordered_map<uint64_t, RecurringPassage> recurring;
};

void ScanPart(const std::vector<Fingerprint>& fingerprints, const CandidateOptions& options,
              uint32_t part, uint32_t parts, bool want_recurring, WinnowPart* out) {
  const uint32_t n = static_cast<uint32_t>(fingerprints.size());
  std::vector<uint64_t> postings;  // hash << 32 | document
  for (uint32_t d = 0; d < n; ++d) {
    for (uint32_t h : fingerprints[d].winnow) {
      if (static_cast<uint32_t>((uint64_t{h} * parts) >> 32) == part) postings.push_back((uint64_t{h} << 32) | d);
    }
  }
  std::sort(postings.begin(), postings.end());
  std::vector<uint32_t> docs;
  std::vector<uint32_t> places;  // of the hash in each document of its group
  for (size_t i = 0; i < postings.size();) {
    size_t j = i;
    uint32_t hash = static_cast<uint32_t>(postings[i] >> 32);
    while (j < postings.size() && (postings[j] >> 32) == hash) ++j;
    size_t count = j - i;
    if (count >= options.recurring_documents) {
      if (want_recurring) {
        docs.clear();
        for (size_t x = i; x < j; ++x) docs.push_back(static_cast<uint32_t>(postings[x]));
        RecurringPassage& r = out->recurring[XXH3_64bits(docs.data(), docs.size() * sizeof(uint32_t))];
        if (r.hashes++ == 0) r.documents = docs;
        r.sentences.push_back(SentenceOf(fingerprints[docs.front()], hash) & kWinnowSentenceMask);
      }
    } else if (count > 1) {
      places.clear();
      for (size_t x = i; x < j; ++x) places.push_back(SentenceOf(fingerprints[static_cast<uint32_t>(postings[x])], hash));
      for (size_t x = i; x < j; ++x) {
        for (size_t y = x + 1; y < j; ++y) {
          out->shared.emplace_back((postings[x] << 32) | static_cast<uint32_t>(postings[y]),
                                   (places[x - i] << 16) | places[y - i]);
        }
      }
    }
    i = j;
  }
}

// Pairs of documents whose shared winnowed hashes lie in two separate
// places on each side; hashes in many documents become recurring passages.
// The hash range is scanned in parts, `threads` at a time, so that the
// largest structure of candidate search stays small on big corpora.
void WinnowPairs(const std::vector<Fingerprint>& fingerprints, const CandidateOptions& options,
                 std::vector<Pair>* pairs, std::vector<RecurringPassage>* recurring) {
  constexpr uint32_t kParts = 8;
  std::vector<WinnowPart> parts(kParts);
  const unsigned threads = std::max(1u, std::min(options.threads, kParts));
  std::atomic<uint32_t> next{0};
  auto worker = [&] {
    for (uint32_t p = next++; p < kParts; p = next++) {
      ScanPart(fingerprints, options, p, kParts, recurring != nullptr, &parts[p]);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  // (pair, places) entries of all parts, sorted by pair.
  std::vector<std::pair<uint64_t, uint32_t>> shared = std::move(parts[0].shared);
  for (uint32_t p = 1; p < kParts; ++p) {
    shared.insert(shared.end(), parts[p].shared.begin(), parts[p].shared.end());
    parts[p].shared = {};
  }
  std::sort(shared.begin(), shared.end());
  std::vector<uint16_t> places_a, places_b;
  // Separate sentences holding shared hashes; a hash whose 5-gram crosses
  // into a sentence stands for that sentence and the one before.
  auto distinct = [](std::vector<uint16_t>* v) {
    size_t n = v->size();
    for (size_t k = 0; k < n; ++k) {
      uint16_t sentence = (*v)[k] & kWinnowSentenceMask;
      if (((*v)[k] & kWinnowCrossesSentence) && sentence > 0) v->push_back(sentence - 1);
      (*v)[k] = sentence;
    }
    std::sort(v->begin(), v->end());
    return static_cast<size_t>(std::unique(v->begin(), v->end()) - v->begin());
  };
  for (size_t i = 0; i < shared.size();) {
    size_t j = i;
    places_a.clear();
    places_b.clear();
    for (; j < shared.size() && shared[j].first == shared[i].first; ++j) {
      places_a.push_back(static_cast<uint16_t>(shared[j].second >> 16));
      places_b.push_back(static_cast<uint16_t>(shared[j].second));
    }
    if (j - i >= options.min_places && distinct(&places_a) >= options.min_places &&
        distinct(&places_b) >= options.min_places) {
      pairs->emplace_back(static_cast<uint32_t>(shared[i].first >> 32), static_cast<uint32_t>(shared[i].first));
    }
    i = j;
  }
  if (recurring == nullptr) return;
  // The same set of documents may have been seen in several parts.
  std::unordered_map<uint64_t, RecurringPassage> by_documents;
  for (WinnowPart& part : parts) {
    for (auto& [key, passage] : part.recurring) {
      RecurringPassage& r = by_documents[key];
      if (r.hashes == 0) r.documents = std::move(passage.documents);
      r.hashes += passage.hashes;
      r.sentences.insert(r.sentences.end(), passage.sentences.begin(), passage.sentences.end());
    }
    part.recurring = {};
  }
  recurring->clear();
  for (auto& [key, passage] : by_documents) recurring->push_back(std::move(passage));
  JoinRecurring(recurring);
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
  // The skeleton channel asks for two bands, or one band and an estimated
  // Jaccard of the whole signatures of min_skeleton_jaccard: one shared
  // band is what documents that share a sentence full of names (a recurring
  // wire paragraph, a quote) have in common, and such pairs grow with the
  // square of the corpus; a translated copy that meets in one band shares
  // far more of its names than that.
  auto skeleton_first = pairs.begin() + static_cast<long>(per_channel[0]);
  std::sort(skeleton_first, pairs.end());
  auto kept = skeleton_first;
  for (auto i = skeleton_first; i != pairs.end();) {
    auto j = i;
    while (j != pairs.end() && *j == *i) ++j;
    if (static_cast<size_t>(j - i) >= options.min_skeleton_bands ||
        EstimateJaccard(fingerprints[i->first].skeleton, fingerprints[i->second].skeleton) >=
            options.min_skeleton_jaccard) {
      *kept++ = *i;
    }
    i = j;
  }
  pairs.erase(kept, pairs.end());
  per_channel[1] = pairs.size() - per_channel[0];
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
