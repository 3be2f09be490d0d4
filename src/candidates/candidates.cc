#include "retold/candidates.h"

#include <xxhash.h>

#include <algorithm>
#include <functional>
#include <span>
#include <utility>

#include "common/first_index.h"
#include "common/parallel.h"
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

// The first index from `i` on (at most n) that starts a run of equal
// elements, same(k - 1, k) telling whether k continues one: sorted data is
// cut there into chunks for several cores, none of which cuts a run.
template <typename Same>
size_t RunStartAtOrAfter(size_t i, size_t n, Same same) {
  while (i > 0 && i < n && same(i - 1, i)) ++i;
  return std::min(i, n);
}

// Recurring hashes with the same set of documents are one passage. But
// winnowing picks a hash near a passage's edge in some documents and not
// in others, so one passage may leave hashes with nested sets. Groups whose
// sets share a MinHash value are compared, and joined when their sets
// overlap by kJoinOverlap (Jaccard). One hash alone, never joined, is a
// stock phrase ("said in a statement that"), not a passage.
constexpr double kJoinOverlap = 0.6;

void JoinNested(std::vector<RecurringPassage>* groups, unsigned threads) {
  constexpr size_t kPerTask = 4096;  // groups, or meetings, per task
  // Four orders of the documents: one mixed hash, xor-ed with masks.
  constexpr int kDocumentHashes = 4;
  static constexpr uint64_t kSeedMasks[kDocumentHashes] = {
      0, 0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL};
  const uint32_t n = static_cast<uint32_t>(groups->size());
  // All minima in one pass over each group's documents.
  std::vector<uint64_t> minima(size_t{n} * kDocumentHashes, UINT64_MAX);
  ParallelForChunks(n, kPerTask, threads, [&](size_t begin, size_t end) {
    for (size_t g = begin; g < end; ++g) {
      // Each group's documents are an allocation of their own: the next
      // few are asked for ahead.
      constexpr size_t kAhead = 4;
      if (g + kAhead < end) __builtin_prefetch((*groups)[g + kAhead].documents.data());
      uint64_t* low = &minima[g * kDocumentHashes];
      for (uint32_t d : (*groups)[g].documents) {
        uint64_t h = Mix64(d);
        for (int seed = 0; seed < kDocumentHashes; ++seed) low[seed] = std::min(low[seed], h ^ kSeedMasks[seed]);
      }
    }
  });
  // Each order is sorted on a core of its own. Within a run of equal
  // minima, each group meets the run's largest and its neighbour: linear,
  // and nested sets sort next to each other.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> met(kDocumentHashes);
  ParallelFor(kDocumentHashes, threads, [&](size_t seed) {
    // (min, then -size and group in one word: a pair of words sorts
    // faster than a triple.)
    std::vector<std::pair<uint64_t, uint64_t>> keys(n);
    for (uint32_t g = 0; g < n; ++g) {
      const uint64_t size = std::min<uint64_t>((*groups)[g].documents.size(), UINT32_MAX);
      keys[g] = {minima[size_t{g} * kDocumentHashes + seed], ((UINT32_MAX - size) << 32) | g};
    }
    std::sort(keys.begin(), keys.end());
    auto group_of = [&](uint32_t i) { return static_cast<uint32_t>(keys[i].second); };
    auto meet = [&](uint32_t x, uint32_t y) { met[seed].emplace_back(x, y); };
    for (uint32_t i = 1, first = 0; i < n; ++i) {
      if (keys[i].first != keys[i - 1].first) {
        first = i;
        continue;
      }
      meet(group_of(i), group_of(first));
      if (i - 1 != first) meet(group_of(i), group_of(i - 1));
    }
  });
  // Then, order by order, the pairs not joined yet are measured on every
  // core, and joined.
  // The sets are read through a table of their own, far smaller than the
  // groups, that says where each is and its size: two sets are never
  // that close when the smaller is less than kJoinOverlap of the larger
  // (Jaccard is at most their ratio), and the rest are asked for ahead.
  std::vector<std::span<const uint32_t>> sets_of(n);
  for (uint32_t g = 0; g < n; ++g) sets_of[g] = (*groups)[g].documents;
  auto may_be_close = [&](uint32_t x, uint32_t y) {
    const double small = std::min(sets_of[x].size(), sets_of[y].size());
    const double large = std::max(sets_of[x].size(), sets_of[y].size());
    return small / large >= kJoinOverlap;
  };
  UnionFind sets(n);
  std::vector<std::pair<uint32_t, uint32_t>> meetings;
  std::vector<char> close;
  for (const auto& pairs : met) {
    meetings.clear();
    for (auto [x, y] : pairs) {
      if (may_be_close(x, y) && sets.Find(x) != sets.Find(y)) meetings.emplace_back(x, y);
    }
    close.assign(meetings.size(), 0);
    ParallelForChunks(meetings.size(), kPerTask, threads, [&](size_t begin, size_t end) {
      // In two steps: the entries of the table a meeting needs, then (by
      // the time they have come) the sets they point to.
      constexpr size_t kAhead = 8;
      for (size_t k = begin; k < end; ++k) {
        if (k + 2 * kAhead < end) {
          __builtin_prefetch(&sets_of[meetings[k + 2 * kAhead].first]);
          __builtin_prefetch(&sets_of[meetings[k + 2 * kAhead].second]);
        }
        if (k + kAhead < end) {
          __builtin_prefetch(sets_of[meetings[k + kAhead].first].data());
          __builtin_prefetch(sets_of[meetings[k + kAhead].second].data());
        }
        close[k] = SortedJaccardAtLeast(sets_of[meetings[k].first], sets_of[meetings[k].second], kJoinOverlap);
      }
    });
    for (size_t k = 0; k < meetings.size(); ++k) {
      if (close[k]) sets.Union(meetings[k].first, meetings[k].second);
    }
  }
  // Each joined passage keeps the largest set of documents, and the
  // sentences found in its first document. A passage of one hash is a
  // stock phrase, and dropped. Most groups join no other: they are made
  // passages on every core, the few joined sets here.
  std::vector<uint32_t> root(n), members(n, 0), largest(n, UINT32_MAX);
  for (uint32_t g = 0; g < n; ++g) {
    root[g] = sets.Find(g);
    ++members[root[g]];
  }
  for (uint32_t g = 0; g < n; ++g) {
    uint32_t& best = largest[root[g]];
    if (best == UINT32_MAX || sets_of[g].size() > sets_of[best].size()) best = g;
  }
  auto finish = [](RecurringPassage* p) {
    if (p->hashes < 2 || p->sentences.empty()) return false;
    std::sort(p->sentences.begin(), p->sentences.end());
    p->sentences.erase(std::unique(p->sentences.begin(), p->sentences.end()), p->sentences.end());
    return true;
  };
  std::vector<std::vector<RecurringPassage>> alone((n + kPerTask - 1) / kPerTask);
  ParallelForChunks(n, kPerTask, threads, [&](size_t begin, size_t end) {
    std::vector<RecurringPassage>& out = alone[begin / kPerTask];
    for (size_t g = begin; g < end; ++g) {
      if (members[root[g]] == 1 && finish(&(*groups)[g])) out.push_back(std::move((*groups)[g]));
    }
  });
  std::vector<RecurringPassage> joined;
  std::vector<uint32_t> slot(n, UINT32_MAX);
  for (uint32_t g = 0; g < n; ++g) {
    const uint32_t r = root[g];
    if (members[r] == 1) continue;
    if (slot[r] == UINT32_MAX) {
      slot[r] = static_cast<uint32_t>(joined.size());
      joined.emplace_back();
      joined.back().documents = std::move((*groups)[largest[r]].documents);
    }
    RecurringPassage& out = joined[slot[r]];
    const RecurringPassage& in = (*groups)[g];
    out.hashes += in.hashes;
    if (g == largest[r] || in.documents.front() == out.documents.front()) {
      out.sentences.insert(out.sentences.end(), in.sentences.begin(), in.sentences.end());
    }
  }
  groups->clear();
  for (auto& chunk : alone) {
    for (RecurringPassage& p : chunk) groups->push_back(std::move(p));
    chunk = {};
  }
  for (RecurringPassage& p : joined) {
    if (finish(&p)) groups->push_back(std::move(p));
  }
  // (No two joined passages have the same documents: this is a total order.)
  ParallelSort(groups->begin(), groups->end(), threads, [](const RecurringPassage& x, const RecurringPassage& y) {
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

namespace {

constexpr uint64_t kKindShift = 62;
constexpr uint64_t kHashMask = (uint64_t{1} << kKindShift) - 1;

uint32_t PartOf(uint32_t hash32, uint32_t parts) {
  return static_cast<uint32_t>((uint64_t{hash32} * parts) >> 32);
}

// A winnowed hash's part. Winnowing keeps the minimum of each window, so
// the high bits of kept hashes lean to zero: a bijective multiply spreads
// them over the parts evenly.
uint32_t PartOfWinnowed(uint32_t hash32, uint32_t parts) { return PartOf(hash32 * 0x9E3779B1u, parts); }


}  // namespace

namespace {

// How many bands a signature of `values` values has, `rows` a band.
size_t BandsIn(size_t values, size_t rows) { return values / rows; }

// How many band keys BandKeys gives for `f`.
size_t BandCount(const Fingerprint& f, bool lexical_only) {
  return BandsIn(f.lexical.size(), kLexicalBands.rows) +
         (lexical_only ? 0 : BandsIn(f.skeleton.size(), kSkeletonBands.rows));
}

// The band keys of one fingerprint, for all parts (kind and hash, as
// CandidateKey::key holds them).
void BandKeys(const Fingerprint& f, bool lexical_only, std::vector<uint64_t>* out) {
  auto bands = [&](const std::vector<uint32_t>& signature, ChannelBands spec, uint64_t kind) {
    for (size_t b = 0; b * spec.rows + spec.rows <= signature.size(); ++b) {
      uint64_t h = XXH3_64bits_withSeed(signature.data() + b * spec.rows, spec.rows * sizeof(uint32_t),
                                        (uint64_t{spec.channel} << 8) | b);
      out->push_back((kind << kKindShift) | (h & kHashMask));
    }
  };
  bands(f.lexical, kLexicalBands, kLexicalBandKey);
  if (!lexical_only) bands(f.skeleton, kSkeletonBands, kSkeletonBandKey);
}

// The parts of the key space FindCandidates scans, `threads` at a time.
constexpr uint32_t kLocalParts = 16;

// A band key's part: the top bits of its hash (the kind bits left out).
uint32_t PartOfBand(uint64_t key, uint32_t parts) { return PartOf(static_cast<uint32_t>(key >> 30), parts); }

// Where in f's grouped winnowed hashes part `first` of `parts` would
// start, were the hashes spread evenly.
size_t ExpectedStart(const Fingerprint& f, uint32_t first, uint32_t parts) {
  return static_cast<size_t>(uint64_t{f.winnow.size()} * first / parts);
}

// Writes the keys of one document that fall in parts [first, first +
// kCount) at cursor[part - first], and moves that cursor on: its band keys
// (from BandKeys) and its winnowed hashes. Each key is written at every
// cursor and only its own part's moves, so where a key goes is never a
// branch (one that guessed wrong often enough to be the dearest step of
// reading the keys). Each cursor needs room for all of the document's keys.
// Winnowed hashes grouped by part (GroupForCandidates) are found by
// searching instead: on one machine, where every task reads every
// document, this is most of the reading saved.
template <uint32_t kCount>
void WriteKeysOfParts(const uint64_t* band_keys, size_t band_count, const Fingerprint& f, uint32_t doc,
                      uint32_t first, uint32_t parts, CandidateKey* cursor[kCount]) {
  auto put = [&](uint32_t part, const CandidateKey& key) {
    const uint32_t k = part - first;  // wraps below `first`
    for (uint32_t c = 0; c < kCount; ++c) {
      *cursor[c] = key;
      cursor[c] += k == c;
    }
  };
  for (size_t b = 0; b < band_count; ++b) put(PartOfBand(band_keys[b], parts), {band_keys[b], doc, 0});
  if (f.winnow_parts == parts) {
    // Each part's hashes are a run of their own: those runs are copied,
    // and the rest never read.
    // (The first is looked for from where it would be were the parts even,
    // which is the place FindCandidates asked the memory for ahead.)
    auto part_of = [parts](uint32_t hash) { return PartOfWinnowed(hash, parts); };
    size_t from = ExpectedStart(f, first, parts);
    while (from < f.winnow.size() && part_of(f.winnow[from]) < first) ++from;
    while (from > 0 && part_of(f.winnow[from - 1]) >= first) --from;
    for (uint32_t c = 0; c < kCount; ++c) {
      CandidateKey* out = cursor[c];  // (in a register, not read back from memory each key)
      for (; from < f.winnow.size() && part_of(f.winnow[from]) == first + c; ++from) {
        *out++ = {(uint64_t{kWinnowKey} << kKindShift) | f.winnow[from], doc, f.winnow_sentence[from]};
      }
      cursor[c] = out;
    }
    return;
  }
  for (size_t w = 0; w < f.winnow.size(); ++w) {
    uint16_t place = w < f.winnow_sentence.size() ? f.winnow_sentence[w] : 0;
    put(PartOfWinnowed(f.winnow[w], parts), {(uint64_t{kWinnowKey} << kKindShift) | f.winnow[w], doc, place});
  }
}

// Appends to part buffers through WriteKeysOfParts: while keys are added
// each vector is longer than its keys (room is made before each document,
// up to its capacity at once), and Finish cuts it to them.
template <uint32_t kCount>
class PartKeys {
 public:
  explicit PartKeys(std::vector<CandidateKey>* buffers) : buffers_(buffers) {
    for (uint32_t c = 0; c < kCount; ++c) used_[c] = buffers_[c].size();
  }

  void Add(const uint64_t* band_keys, size_t band_count, const Fingerprint& f, uint32_t doc, uint32_t first,
           uint32_t parts) {
    const size_t room = band_count + f.winnow.size();
    CandidateKey* cursor[kCount];
    for (uint32_t c = 0; c < kCount; ++c) {
      std::vector<CandidateKey>& keys = buffers_[c];
      if (keys.size() < used_[c] + room) keys.resize(std::max({keys.capacity(), 2 * keys.size(), used_[c] + room}));
      cursor[c] = keys.data() + used_[c];
    }
    WriteKeysOfParts<kCount>(band_keys, band_count, f, doc, first, parts, cursor);
    for (uint32_t c = 0; c < kCount; ++c) used_[c] = static_cast<size_t>(cursor[c] - buffers_[c].data());
  }

  // Cuts each buffer to its keys.
  void Finish() {
    for (uint32_t c = 0; c < kCount; ++c) buffers_[c].resize(used_[c]);
  }

 private:
  std::vector<CandidateKey>* buffers_;
  size_t used_[kCount];
};

// Groups keys by key, each group in doc order, with radix sorts: a part
// holds millions of keys, and this is several times faster than a
// comparison sort. Each pass is stable, so sorting by doc and then by key
// sorts by both; the doc passes (least significant digit first, 16 bits a
// pass) are skipped when the keys come in document order, as they do on
// one machine. The key is sorted by its low 32 bits only (the whole hash
// of a winnowed key, random bits of a band's): first by their top 8 bits,
// a pass whose writes go to few enough places to stay in cache, then each
// of those 256 runs, small enough to stay in cache itself, by the low 24
// bits, in two or three passes as its size says. (One pass of 16 bits
// wrote each key to one of 65,536 places, and missed the cache on almost
// every key.) The few runs where the low bits agree and the keys do not
// are sorted again, stably, by the whole key. So groups come out ordered by their low bits, not by key:
// nothing that scans them depends on order.
void SortKeys(std::vector<CandidateKey>* keys, std::vector<CandidateKey>* scratch) {
  if (keys->size() < 2) return;
  std::vector<CandidateKey>& buffer = *scratch;
  buffer.resize(keys->size());
  bool by_doc = std::is_sorted(keys->begin(), keys->end(),
                               [](const CandidateKey& x, const CandidateKey& y) { return x.doc < y.doc; });
  if (!by_doc) {
    constexpr size_t kBuckets = size_t{1} << 16;
    std::vector<size_t> count(kBuckets);
    for (int shift = 0; shift < 32; shift += 16) {
      auto digit_of = [shift](const CandidateKey& k) { return (k.doc >> shift) & (kBuckets - 1); };
      std::fill(count.begin(), count.end(), 0);
      for (const CandidateKey& k : *keys) ++count[digit_of(k)];
      if (count[digit_of(keys->front())] == keys->size()) continue;  // one digit: nothing moves
      size_t sum = 0;
      for (size_t& c : count) sum += std::exchange(c, sum);
      for (const CandidateKey& k : *keys) buffer[count[digit_of(k)]++] = k;
      keys->swap(buffer);
    }
  }
  auto low = [](const CandidateKey& k) { return static_cast<uint32_t>(k.key); };
  // By the top 8 bits, from keys to buffer.
  constexpr int kRunBits = 8, kDigitBits = 12;
  constexpr uint32_t kRuns = 1u << kRunBits, kDigits = 1u << kDigitBits;
  uint32_t run_start[kRuns + 1] = {};
  for (const CandidateKey& k : *keys) ++run_start[(low(k) >> (32 - kRunBits)) + 1];
  for (uint32_t r = 0; r < kRuns; ++r) run_start[r + 1] += run_start[r];
  uint32_t next[kRuns];
  std::copy(run_start, run_start + kRuns, next);
  for (const CandidateKey& k : *keys) buffer[next[low(k) >> (32 - kRunBits)]++] = k;
  // Each run by its low 24 bits, in passes from the lowest: two of 12 bits
  // for a large run, three of 8 for a small one, whose 4,096 counts a pass
  // would cost more to clear and sum than its keys to move. An odd number
  // of passes ends in keys, and the run is copied back to buffer: every
  // key ends in buffer, which becomes the keys. (Each run's counts are
  // taken in one read of it.)
  constexpr uint32_t kSmallRun = 8192;
  uint32_t count[3][kDigits];
  auto pass = [&](const CandidateKey* from, CandidateKey* to, uint32_t n, int shift, uint32_t digits, uint32_t* at) {
    uint32_t sum = 0;
    for (uint32_t d = 0; d < digits; ++d) sum += std::exchange(at[d], sum);
    for (uint32_t i = 0; i < n; ++i) to[at[(low(from[i]) >> shift) & (digits - 1)]++] = from[i];
  };
  for (uint32_t r = 0; r < kRuns; ++r) {
    const uint32_t n = run_start[r + 1] - run_start[r];
    if (n < 2) continue;
    CandidateKey* run = buffer.data() + run_start[r];
    CandidateKey* other = keys->data() + run_start[r];
    if (n >= kSmallRun) {
      std::fill(&count[0][0], &count[0][0] + 2 * kDigits, 0);
      for (uint32_t i = 0; i < n; ++i) {
        ++count[0][low(run[i]) & (kDigits - 1)];
        ++count[1][(low(run[i]) >> kDigitBits) & (kDigits - 1)];
      }
      pass(run, other, n, 0, kDigits, count[0]);
      pass(other, run, n, kDigitBits, kDigits, count[1]);
      continue;
    }
    constexpr uint32_t kSmallDigits = 256;
    for (auto& c : count) std::fill(c, c + kSmallDigits, 0);
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t k = low(run[i]);
      ++count[0][k & 0xFF];
      ++count[1][(k >> 8) & 0xFF];
      ++count[2][(k >> 16) & 0xFF];
    }
    pass(run, other, n, 0, kSmallDigits, count[0]);
    pass(other, run, n, 8, kSmallDigits, count[1]);
    pass(run, other, n, 16, kSmallDigits, count[2]);
    std::copy(other, other + n, run);
  }
  keys->swap(buffer);
  for (size_t i = 0; i < keys->size();) {
    size_t j = i + 1;
    bool mixed = false;
    for (; j < keys->size() && low((*keys)[j]) == low((*keys)[i]); ++j) mixed |= (*keys)[j].key != (*keys)[i].key;
    if (mixed) {
      std::stable_sort(keys->begin() + i, keys->begin() + j,
                       [](const CandidateKey& x, const CandidateKey& y) { return x.key < y.key; });
    }
    i = j;
  }
}

}  // namespace

void GroupForCandidates(Fingerprint* f) {
  const size_t n = f->winnow.size();
  if (f->winnow_parts != 0 || n < 2 || f->winnow_sentence.size() != n) return;
  uint32_t start[kLocalParts + 1] = {};
  for (uint32_t h : f->winnow) ++start[PartOfWinnowed(h, kLocalParts) + 1];
  for (uint32_t p = 0; p < kLocalParts; ++p) start[p + 1] += start[p];
  // From a copy kept by the thread, back into the fingerprint's own.
  thread_local std::vector<uint32_t> hashes;
  thread_local std::vector<uint16_t> places;
  hashes.assign(f->winnow.begin(), f->winnow.end());
  places.assign(f->winnow_sentence.begin(), f->winnow_sentence.end());
  for (size_t w = 0; w < n; ++w) {
    const uint32_t at = start[PartOfWinnowed(hashes[w], kLocalParts)]++;
    f->winnow[at] = hashes[w];
    f->winnow_sentence[at] = places[w];
  }
  f->winnow_parts = kLocalParts;
  // A huge document's copy is not kept for the thread's whole life.
  constexpr size_t kKept = size_t{1} << 20;
  if (hashes.capacity() > kKept) {
    hashes = {};
    places = {};
  }
}

void CandidateKeys(const Fingerprint& f, uint32_t doc, bool lexical_only, uint32_t part, uint32_t parts,
                   std::vector<CandidateKey>* out) {
  std::vector<uint64_t> band_keys;
  BandKeys(f, lexical_only, &band_keys);
  PartKeys<1> keys(out);
  keys.Add(band_keys.data(), band_keys.size(), f, doc, part, parts);
  keys.Finish();
}

void ScanKeyPart(std::vector<CandidateKey>* keys, const CandidateOptions& options,
                 const SkeletonLookup& skeleton_of, KeyPartEvidence* out, std::vector<CandidateKey>* scratch) {
  std::vector<CandidateKey> own;
  SortKeys(keys, scratch != nullptr ? scratch : &own);
  std::vector<uint32_t> docs;
  std::vector<Pair> pairs;
  // Each recurring group's place in out->recurring, by the hash of its documents.
  auto hash_of = [](const std::vector<uint32_t>& d) { return XXH3_64bits(d.data(), d.size() * sizeof(uint32_t)); };
  auto any = [](uint32_t) { return true; };  // one hash, one set
  FirstIndex recurring_at;
  for (uint32_t r = 0; r < out->recurring.size(); ++r) {
    recurring_at.FindOrInsert(hash_of(out->recurring[r].documents), r, any);
  }
  // A key in one document only (most are) is evidence of nothing.
  const bool one_recurs = options.recurring_documents <= 1;
  for (size_t i = 0; i < keys->size();) {
    size_t j = i + 1;
    while (j < keys->size() && (*keys)[j].key == (*keys)[i].key) ++j;
    if (j == i + 1 && !one_recurs) {
      i = j;
      continue;
    }
    const uint8_t kind = KindOfKey((*keys)[i]);
    docs.clear();
    for (size_t x = i; x < j; ++x) docs.push_back((*keys)[x].doc);
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    if (kind == kWinnowKey) {
      if (docs.size() >= options.recurring_documents) {
        const uint32_t fresh = static_cast<uint32_t>(out->recurring.size());
        const uint32_t at = recurring_at.FindOrInsert(hash_of(docs), fresh, any);
        if (at == FirstIndex::kNone) out->recurring.emplace_back().documents = docs;
        RecurringPassage& r = out->recurring[at == FirstIndex::kNone ? fresh : at];
        ++r.hashes;
        r.sentences.push_back((*keys)[i].place & kWinnowSentenceMask);
      } else if (j - i > 1) {
        for (size_t x = i; x < j; ++x) {
          for (size_t y = x + 1; y < j; ++y) {
            if ((*keys)[x].doc == (*keys)[y].doc) continue;
            out->evidence.push_back({(uint64_t{(*keys)[x].doc} << 32) | (*keys)[y].doc,
                                     (uint32_t{(*keys)[x].place} << 16) | (*keys)[y].place, kWinnowKey});
          }
        }
      }
    } else if (docs.size() > 1) {
      pairs.clear();
      EmitGroup(docs.data(), docs.size(), options.max_bucket, &pairs);
      for (auto [a, b] : pairs) {
        uint32_t value = 0;
        // A skeleton pair that meets in one band only is kept when the
        // whole signatures agree (see MergeEvidence); the signatures are
        // here, so the estimate is made here.
        if (kind == kSkeletonBandKey &&
            EstimateJaccard(skeleton_of(a), skeleton_of(b)) >= options.min_skeleton_jaccard) {
          value = 1;
        }
        out->evidence.push_back({(uint64_t{a} << 32) | b, value, kind});
      }
    }
    i = j;
  }
}

uint32_t PairPartOf(uint64_t pair, uint32_t parts) {
  return static_cast<uint32_t>((uint64_t{static_cast<uint32_t>(Mix64(pair) >> 32)} * parts) >> 32);
}

std::vector<Pair> MergeEvidence(std::vector<PairEvidence>* evidence, const CandidateOptions& options,
                                CandidateStats* stats) {
  // Grouped by pair only: what is made of a pair's evidence below does not
  // depend on its order (counts, and places that are sorted again).
  ParallelSort(evidence->begin(), evidence->end(), options.threads,
               [](const PairEvidence& x, const PairEvidence& y) { return x.pair < y.pair; });
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
  // The pairs' evidence is read on every core, in chunks that each start
  // at a pair; the chunks' pairs, in order, are all the pairs in order.
  constexpr size_t kChunk = size_t{1} << 16;
  auto pair_at_or_after = [&](size_t i) {
    return RunStartAtOrAfter(i, evidence->size(),
                             [&](size_t x, size_t y) { return (*evidence)[x].pair == (*evidence)[y].pair; });
  };
  const size_t chunks = (evidence->size() + kChunk - 1) / kChunk;
  std::vector<std::vector<Pair>> found(chunks);
  std::vector<CandidateStats> counted(chunks);
  ParallelFor(chunks, options.threads, [&](size_t c) {
    std::vector<uint16_t> places_a, places_b;
    CandidateStats& local = counted[c];
    const size_t end = pair_at_or_after((c + 1) * kChunk);
    for (size_t i = pair_at_or_after(c * kChunk); i < end;) {
      const uint64_t pair = (*evidence)[i].pair;
      size_t lexical = 0, skeleton = 0, winnow = 0;
      bool skeleton_agrees = false;
      places_a.clear();
      places_b.clear();
      size_t j = i;
      for (; j < end && (*evidence)[j].pair == pair; ++j) {
        const PairEvidence& e = (*evidence)[j];
        if (e.kind == kLexicalBandKey) {
          ++lexical;
        } else if (e.kind == kSkeletonBandKey) {
          ++skeleton;
          skeleton_agrees |= e.value != 0;
        } else {
          ++winnow;
          places_a.push_back(static_cast<uint16_t>(e.value >> 16));
          places_b.push_back(static_cast<uint16_t>(e.value));
        }
      }
      bool by_skeleton = skeleton > 0 && (skeleton >= options.min_skeleton_bands || skeleton_agrees);
      bool by_winnow = winnow >= options.min_places && distinct(&places_a) >= options.min_places &&
                       distinct(&places_b) >= options.min_places;
      local.lexical += lexical;
      local.skeleton += by_skeleton;
      local.winnow += by_winnow;
      if (lexical > 0 || by_skeleton || by_winnow) {
        found[c].emplace_back(static_cast<uint32_t>(pair >> 32), static_cast<uint32_t>(pair));
      }
      i = j;
    }
  });
  std::vector<Pair> pairs;
  for (size_t c = 0; c < chunks; ++c) {
    pairs.insert(pairs.end(), found[c].begin(), found[c].end());
    if (stats != nullptr) {
      stats->lexical += counted[c].lexical;
      stats->skeleton += counted[c].skeleton;
      stats->winnow += counted[c].winnow;
    }
  }
  return pairs;
}

void JoinRecurring(std::vector<RecurringPassage>* groups, unsigned threads) {
  // Groups of one document set found in several parts are one group; then
  // a canonical order (by the set's hash, then by the set), so that the
  // joining does not depend on where the groups were found.
  std::vector<std::pair<uint64_t, uint32_t>> order(groups->size());  // (hash, group)
  ParallelForChunks(groups->size(), 4096, threads, [&](size_t begin, size_t end) {
    for (size_t g = begin; g < end; ++g) {
      const std::vector<uint32_t>& docs = (*groups)[g].documents;
      order[g] = {XXH3_64bits(docs.data(), docs.size() * sizeof(uint32_t)), static_cast<uint32_t>(g)};
    }
  });
  // Sorted as pairs of words: comparing lists of documents is slow, and
  // needed only where two sets have one hash.
  ParallelSort(order.begin(), order.end(), threads, std::less<>());
  auto documents_of = [groups](const std::pair<uint64_t, uint32_t>& x) -> const std::vector<uint32_t>& {
    return (*groups)[x.second].documents;
  };
  // The runs of one hash are merged on every core, in chunks that each
  // start at a run.
  constexpr size_t kChunk = 8192;
  auto run_at_or_after = [&](size_t i) {
    return RunStartAtOrAfter(i, order.size(), [&](size_t x, size_t y) { return order[x].first == order[y].first; });
  };
  std::vector<std::vector<RecurringPassage>> merged((order.size() + kChunk - 1) / kChunk);
  ParallelFor(merged.size(), threads, [&](size_t c) {
    const size_t end = run_at_or_after((c + 1) * kChunk);
    std::vector<RecurringPassage>& out = merged[c];
    for (size_t i = run_at_or_after(c * kChunk); i < end;) {
      // The groups come in the order of their hashes, scattered in memory:
      // a group a few places on, and then its documents, are asked for ahead.
      constexpr size_t kAhead = 8;
      if (i + 2 * kAhead < end) __builtin_prefetch(&(*groups)[order[i + 2 * kAhead].second]);
      if (i + kAhead < end) __builtin_prefetch((*groups)[order[i + kAhead].second].documents.data());
      size_t j = i + 1;
      while (j < end && order[j].first == order[i].first) ++j;
      // A run is one set found in several parts, but for a collision of
      // hashes: then its sets are put in order (the groups of each set
      // still in group order) and merged set by set.
      bool one_set = true;
      for (size_t k = i + 1; k < j && one_set; ++k) one_set = documents_of(order[k]) == documents_of(order[i]);
      if (!one_set) {
        std::stable_sort(order.begin() + static_cast<ptrdiff_t>(i), order.begin() + static_cast<ptrdiff_t>(j),
                         [&](const auto& x, const auto& y) { return documents_of(x) < documents_of(y); });
      }
      for (size_t k = i; k < j; ++k) {
        RecurringPassage& g = (*groups)[order[k].second];
        if (k > i && (one_set || out.back().documents == g.documents)) {
          out.back().hashes += g.hashes;
          out.back().sentences.insert(out.back().sentences.end(), g.sentences.begin(), g.sentences.end());
        } else {
          out.push_back(std::move(g));
        }
      }
      i = j;
    }
  });
  size_t total = 0;
  for (const auto& chunk : merged) total += chunk.size();
  std::vector<RecurringPassage> all;
  all.reserve(total);
  for (auto& chunk : merged) {
    for (RecurringPassage& p : chunk) all.push_back(std::move(p));
    chunk = {};
  }
  *groups = std::move(all);
  JoinNested(groups, threads);  // (which also sorts each passage's sentences)
}

std::vector<Pair> FindCandidates(const std::vector<Fingerprint>& fingerprints,
                                 const CandidateOptions& options, CandidateStats* stats,
                                 std::vector<RecurringPassage>* recurring) {
  // The key space is scanned in parts, `threads` at a time, so that the
  // largest structure of candidate search stays small on big corpora.
  constexpr uint32_t kParts = kLocalParts;
  const uint32_t n = static_cast<uint32_t>(fingerprints.size());
  std::vector<KeyPartEvidence> parts(kParts);
  SkeletonLookup skeleton_of = [&fingerprints](uint32_t d) -> const std::vector<uint32_t>& {
    return fingerprints[d].skeleton;
  };
  const unsigned threads = std::max(1u, std::min(options.threads, kParts));
  // Band keys are computed once (on every core, each document's in its
  // place); each part picks its own from them.
  std::vector<uint32_t> band_start(size_t{n} + 1, 0);
  size_t total_keys = 0;
  for (uint32_t d = 0; d < n; ++d) {
    band_start[d + 1] = band_start[d] + static_cast<uint32_t>(BandCount(fingerprints[d], options.lexical_only));
    total_keys += fingerprints[d].winnow.size();
  }
  std::vector<uint64_t> band_keys(band_start[n]);
  total_keys += band_keys.size();
  ParallelForChunks(n, 4096, threads, [&](size_t begin, size_t end) {
    std::vector<uint64_t> keys;
    for (size_t d = begin; d < end; ++d) {
      keys.clear();
      BandKeys(fingerprints[d], options.lexical_only, &keys);
      std::copy(keys.begin(), keys.end(), band_keys.begin() + band_start[d]);
    }
  });
  // Hashes spread evenly over parts; a recurring hash puts all its
  // documents in one, and then the vector grows.
  const size_t expected_part = total_keys / kParts + total_keys / kParts / 16 + 1024;
  // A task reads the fingerprints once for two parts (reading them is half
  // of a part's work), then scans each. Each thread keeps its buffers from
  // task to task: fresh ones would be fresh pages, each faulted in and
  // cleared by the kernel.
  constexpr uint32_t kPartsPerTask = 2;
  static_assert(kParts % kPartsPerTask == 0);
  std::vector<std::vector<CandidateKey>> key_buffers(size_t{threads} * kPartsPerTask), sort_buffers(threads);
  std::vector<std::vector<RecurringPassage>> recurring_of(kParts);
  ParallelFor(kParts / kPartsPerTask, threads, [&](size_t task) {
    std::vector<CandidateKey>* keys = &key_buffers[size_t{WorkerSlot()} * kPartsPerTask];
    for (uint32_t k = 0; k < kPartsPerTask; ++k) {
      keys[k].clear();
      keys[k].reserve(expected_part);
    }
    const uint32_t first = static_cast<uint32_t>(task) * kPartsPerTask;
    PartKeys<kPartsPerTask> part_keys(keys);
    for (uint32_t d = 0; d < n; ++d) {
      // Each document's hashes are an allocation of their own, a wait for
      // the memory each: asked for a few documents ahead.
      constexpr uint32_t kAhead = 4;
      if (d + kAhead < n) {
        const Fingerprint& next = fingerprints[d + kAhead];
        const size_t at = ExpectedStart(next, first, kParts);
        __builtin_prefetch(next.winnow.data() + at);
        __builtin_prefetch(next.winnow_sentence.data() + at);
      }
      part_keys.Add(band_keys.data() + band_start[d], band_start[d + 1] - band_start[d], fingerprints[d], d, first,
                    kParts);
    }
    part_keys.Finish();
    for (uint32_t k = 0; k < kPartsPerTask; ++k) {
      KeyPartEvidence& part = parts[first + k];
      ScanKeyPart(&keys[k], options, skeleton_of, &part, &sort_buffers[WorkerSlot()]);
      if (recurring != nullptr) {
        recurring_of[first + k] = std::move(part.recurring);
      }
      part.recurring = {};
    }
  });
  key_buffers = {};
  sort_buffers = {};

  size_t total_evidence = 0;
  for (const KeyPartEvidence& part : parts) total_evidence += part.evidence.size();
  std::vector<PairEvidence> evidence = std::move(parts[0].evidence);
  evidence.reserve(total_evidence);
  for (uint32_t p = 1; p < kParts; ++p) {
    evidence.insert(evidence.end(), parts[p].evidence.begin(), parts[p].evidence.end());
    parts[p].evidence = {};
  }
  if (stats != nullptr) *stats = {};
  std::vector<Pair> pairs = MergeEvidence(&evidence, options, stats);
  if (recurring != nullptr) {
    recurring->clear();
    for (auto& part : recurring_of) {
      for (RecurringPassage& passage : part) recurring->push_back(std::move(passage));
      part = {};
    }
  }
  return pairs;
}

}  // namespace retold
