#include "retold/dedup.h"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "align/provenance.h"
#include "analysis/sentences.h"
#include "analysis/tokenizer.h"
#include "common/first_index.h"
#include "common/parallel.h"
#include "retold/candidates.h"
#include "retold/fingerprint.h"

namespace retold {
namespace {

// Documents per batch of the first pass: enough to make a batch worth a
// task, few enough that a small corpus still spreads over the cores.
constexpr size_t kBatch = 64;
// A verified pair holds for every byte-identical twin of its documents too;
// it is repeated for at most this many twins per side (a family of 100,000
// identical copies is reported as a star around one of them, not a clique).
constexpr size_t kMaxTwinsRepeated = 16;

struct ContentHash {
  uint64_t low, high;
  bool operator==(const ContentHash&) const = default;
};

}  // namespace

std::vector<Span> SentenceSpans(const std::string& text, bool lexical_only, size_t sentences_wanted) {
  std::vector<Span> sentences;
  if (lexical_only) {
    // One start more than the sentences wanted: it is where the last ends.
    std::vector<uint32_t> starts =
        LexicalSentenceStarts(text, sentences_wanted == SIZE_MAX ? SIZE_MAX : sentences_wanted + 1);
    for (size_t i = 0; i < starts.size(); ++i) {
      uint32_t end = i + 1 < starts.size() ? starts[i + 1] : static_cast<uint32_t>(text.size());
      while (end > starts[i] && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
      sentences.push_back({starts[i], end});
    }
  } else {
    // The analyser's sentences, without the rest of its work.
    for (const SentenceSpan& s : SplitSentences(text, Tokenize(text))) sentences.push_back({s.begin, s.end});
  }
  return sentences;
}

void PlaceRecurring(const RecurringPassage& passage, const std::string& text,
                    const std::vector<Span>& sentences, RecurringText* out) {
  for (uint16_t s : passage.sentences) {
    if (s >= sentences.size()) continue;
    if (!out->spans.empty() && out->spans.back().end + 2 >= sentences[s].begin &&
        out->spans.back().begin <= sentences[s].begin) {
      out->spans.back().end = std::max(out->spans.back().end, sentences[s].end);
    } else {
      out->spans.push_back(sentences[s]);
    }
  }
  constexpr size_t kMaxRecurringText = 2000;
  for (const Span& span : out->spans) {
    if (!out->text.empty()) out->text += " ... ";
    out->text.append(text, span.begin, span.end - span.begin);
    if (out->text.size() > kMaxRecurringText) break;
  }
}

DocumentPrint PrintDocument(const Comparer& comparer, const std::string& text, bool lexical_only,
                            WordCounts* word_counts) {
  DocumentPrint print;
  XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  print.hash_low = h.low64;
  print.hash_high = h.high64;
  if (lexical_only) {
    print.fingerprint = LexicalFingerprint(text);
  } else {
    Document doc = comparer.Analyze(text);
    print.fingerprint = FullFingerprint(doc);
    if (word_counts != nullptr) word_counts->AddDocument(doc);
  }
  GroupForCandidates(&print.fingerprint);
  return print;
}

void DecideSource(const DocumentFacts& facts_a, const DocumentFacts& facts_b, DedupPair* pair) {
  pair->source = kNoDocument;
  pair->source_reason = {};
  if (!facts_a.date.empty() && !facts_b.date.empty() && facts_a.date != facts_b.date) {
    pair->source = facts_a.date < facts_b.date ? pair->a : pair->b;
    pair->source_reason = "date";
    return;
  }
  const Comparison& c = pair->comparison;
  if (c.source == Side::kUnknown) return;
  pair->source = c.source == Side::kA ? pair->a : pair->b;
  pair->source_reason = c.source_reason;
}

DedupPair VerifyPair(const Comparer& comparer, uint32_t a, const Document& doc_a,
                     const DocumentFacts& facts_a, uint32_t b, const Document& doc_b,
                     const DocumentFacts& facts_b) {
  DedupPair pair;
  pair.a = a;
  pair.b = b;
  pair.comparison = comparer.Compare(doc_a, doc_b);
  DecideSource(facts_a, facts_b, &pair);
  return pair;
}

namespace {

// A whole copy, not byte for byte, whose source nothing has named yet.
bool SourceLeftOpen(const DedupPair& p) {
  return IsWholeDocument(p.comparison.verdict) && p.comparison.verdict != Verdict::kExact &&
         p.source == kNoDocument;
}

}  // namespace

bool JudgeSourceFromSample(const WordCounts& sample, const Document& doc_a, const DocumentFacts& facts_a,
                           const Document& doc_b, const DocumentFacts& facts_b, DedupPair* pair) {
  if (!SourceLeftOpen(*pair)) return false;
  JudgeSource(doc_a, doc_b, nullptr, &sample, &pair->comparison);
  DecideSource(facts_a, facts_b, pair);
  return true;
}

// Lexical mode: JudgeSourceFromSample over the verified pairs, with the
// counts of the documents verification analysed. Those are the related
// part of the corpus, not all of it; a copy's own words are left out of
// their counts, as in full mode.
void JudgeFromSample(const WordCounts& sample, const std::vector<std::string>& texts,
                     const std::vector<DocumentFacts>& facts, std::vector<DedupPair>* verified, unsigned threads) {
  std::vector<size_t> open;
  for (size_t i = 0; i < verified->size(); ++i) {
    if (SourceLeftOpen((*verified)[i])) open.push_back(i);
  }
  const Analyzer analyzer(nullptr);  // as lexical verification analyses
  ParallelFor(open.size(), threads, [&](size_t k) {
    DedupPair& p = (*verified)[open[k]];
    JudgeSourceFromSample(sample, analyzer.Analyze(texts[p.a]), facts[p.a], analyzer.Analyze(texts[p.b]),
                          facts[p.b], &p);
  });
}

void CollectPairs(std::vector<DedupPair> verified, const std::vector<std::pair<uint32_t, uint32_t>>& exact,
                  const std::vector<DocumentFacts>& facts, DedupResult* result) {
  for (auto [a, b] : exact) {
    DedupPair p;
    p.a = a;
    p.b = b;
    p.comparison.verdict = Verdict::kExact;
    p.comparison.score = 1;
    p.comparison.coverage_a = p.comparison.coverage_b = 1;
    p.comparison.passages.push_back({{0, facts[a].text_bytes}, {0, facts[b].text_bytes}, 1.0, {}});
    DecideSource(facts[a], facts[b], &p);
    result->pairs.push_back(std::move(p));
  }
  std::unordered_map<uint32_t, std::vector<uint32_t>> twins;  // representative -> copies
  for (auto [first, copy] : exact) {
    auto& list = twins[first];
    if (list.size() < kMaxTwinsRepeated) list.push_back(copy);
  }
  for (const DedupPair& v : verified) {
    if (v.comparison.verdict == Verdict::kUnrelated) continue;
    std::vector<uint32_t> side_a{v.a}, side_b{v.b};
    if (auto it = twins.find(v.a); it != twins.end()) side_a.insert(side_a.end(), it->second.begin(), it->second.end());
    if (auto it = twins.find(v.b); it != twins.end()) side_b.insert(side_b.end(), it->second.begin(), it->second.end());
    for (uint32_t x : side_a) {
      for (uint32_t y : side_b) {
        DedupPair p;
        p.a = std::min(x, y);
        p.b = std::max(x, y);
        p.comparison = v.comparison;
        if (x > y) SwapSides(&p.comparison);  // keep "a" the smaller index, and its offsets with it
        DecideSource(facts[p.a], facts[p.b], &p);
        result->pairs.push_back(std::move(p));
      }
    }
  }
  std::sort(result->pairs.begin(), result->pairs.end(),
            [](const DedupPair& x, const DedupPair& y) {
              return x.a != y.a ? x.a < y.a : x.b < y.b;
            });

}

namespace {

// Verification's analyses. A document in several candidate pairs is
// analysed once and kept until the last of its pairs is verified; one in a
// single pair is analysed where it is used. (Keeping every analysis would
// cost some 20 KB a document; analysing at each use cost a quarter more
// analyses where documents share passages.) Get and Done may be called
// from any thread, Done once after each Get.
class SharedAnalyses {
 public:
  SharedAnalyses(const std::vector<std::pair<uint32_t, uint32_t>>& pairs, size_t documents,
                 std::function<Document(uint32_t)> analyze)
      : slots_(std::make_unique<Slot[]>(documents)), analyze_(std::move(analyze)) {
    for (auto [a, b] : pairs) {
      slots_[a].left.fetch_add(1, std::memory_order_relaxed);
      slots_[b].left.fetch_add(1, std::memory_order_relaxed);
    }
  }

  std::shared_ptr<const Document> Get(uint32_t d) {
    Slot& slot = slots_[d];
    // One use left and never kept: every other use of it is done (seen
    // through `left`), so nobody else reads or writes `shared` now.
    if (slot.left.load(std::memory_order_acquire) <= 1 && !slot.shared) {
      return std::make_shared<const Document>(analyze_(d));
    }
    std::call_once(slot.once, [&] {
      slot.doc = std::make_shared<const Document>(analyze_(d));
      slot.shared = true;
    });
    return slot.doc;
  }

  // The last use of a kept analysis lets it go (every copy of the pointer
  // is taken before its use's Done, so none is taken after this).
  void Done(uint32_t d) {
    Slot& slot = slots_[d];
    if (slot.left.fetch_sub(1, std::memory_order_acq_rel) == 1 && slot.shared) slot.doc.reset();
  }

 private:
  struct Slot {
    std::once_flag once;
    std::shared_ptr<const Document> doc;
    std::atomic<uint32_t> left{0};  // uses not done yet
    bool shared = false;
  };
  std::unique_ptr<Slot[]> slots_;
  std::function<Document(uint32_t)> analyze_;
};

// What pass 1 leaves for the rest of a run, by document index.
struct FirstPass {
  std::vector<Fingerprint> fingerprints;  // empty for a byte-identical twin
  std::vector<DocumentFacts> facts;
  std::vector<std::pair<uint32_t, uint32_t>> exact;  // (first seen, copy)
};

// Pass 1: every record read once, in three stages of a pipeline that
// batches of documents flow through: reading (and JSON parsing), in
// order; fingerprinting, on every core; bookkeeping (ids, places, exact
// copies), in order. Neither the reader nor the bookkeeping holds the
// cores up between batches. Fills result's ids, places, documents and
// reading counts.
bool ReadAndPrint(const std::vector<std::string>& inputs, const Comparer& comparer, const DedupOptions& options,
                  unsigned threads, WordCounts* word_counts, FirstPass* out, DedupResult* result,
                  std::string* error) {
  struct Batch {
    std::vector<Record> records;
    std::vector<DocumentPrint> prints;
  };
  CorpusReader reader(inputs, options.reader);
  FirstIndex index_of_id, first_with_text;  // by a hash of the id, of the text
  std::vector<ContentHash> text_hashes;      // of each document
  std::atomic<bool> stopped{false};  // set by the bookkeeping on an error, read by the reader
  bool all_placed = true;
  auto read = [&](tbb::flow_control& fc) -> Batch* {
    auto batch = std::make_unique<Batch>();
    batch->records.resize(kBatch);
    size_t filled = 0;
    while (!stopped && filled < kBatch && reader.Next(&batch->records[filled])) ++filled;
    if (filled == 0) {
      fc.stop();
      return nullptr;
    }
    batch->records.resize(filled);
    return batch.release();
  };
  auto print = [&](Batch* batch) {
    batch->prints.reserve(batch->records.size());
    for (const Record& r : batch->records) {
      batch->prints.push_back(PrintDocument(comparer, r.text, options.lexical_only, word_counts));
    }
    return batch;
  };
  auto keep = [&](Batch* owned) {
    std::unique_ptr<Batch> batch(owned);
    for (size_t i = 0; i < batch->records.size() && !stopped; ++i) {
      Record& record = batch->records[i];
      const uint32_t d = static_cast<uint32_t>(out->fingerprints.size());
      const uint32_t same_id = index_of_id.FindOrInsert(XXH3_64bits(record.id.data(), record.id.size()), d,
                                                        [&](uint32_t e) { return result->ids[e] == record.id; });
      if (same_id != FirstIndex::kNone) {
        *error = record.origin + ": duplicate id \"" + record.id + "\" (first seen as document " +
                 std::to_string(same_id + 1) + ")";
        stopped = true;
        return;
      }
      result->ids.push_back(std::move(record.id));
      result->places.push_back(record.place);
      all_placed &= record.place.known();
      out->facts.push_back({std::move(record.date), static_cast<uint32_t>(record.text.size())});
      DocumentPrint& p = batch->prints[i];
      const ContentHash text_hash{p.hash_low, p.hash_high};
      text_hashes.push_back(text_hash);
      const uint32_t twin = first_with_text.FindOrInsert(text_hash.low, d,
                                                         [&](uint32_t e) { return text_hashes[e] == text_hash; });
      if (twin == FirstIndex::kNone) {
        out->fingerprints.push_back(std::move(p.fingerprint));
      } else {
        out->exact.emplace_back(twin, d);
        out->fingerprints.emplace_back();  // its twin stands for it in candidate search
      }
    }
    if (options.progress) options.progress(out->fingerprints.size(), 1);
  };
  tbb::task_arena arena(static_cast<int>(threads));
  arena.execute([&] {
    tbb::parallel_pipeline(size_t{4} * threads,
                           tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order, read) &
                               tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, print) &
                               tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, keep));
  });
  if (stopped) return false;
  if (!reader.error().empty()) {
    *error = reader.error();
    return false;
  }
  result->documents = out->fingerprints.size();
  if (!all_placed) result->places.clear();
  result->skipped = reader.skipped();
  result->skipped_reasons = reader.skipped_reasons();
  result->bytes = reader.bytes_read();
  return true;
}

// Pass 2's reading: each wanted document (ascending) given to take(d,
// text), on every core. By its place in the input when pass 1 found a
// place for every record (then only those lines are read), else by
// reading the input again from its start.
bool ReadAgain(const std::vector<std::string>& inputs, const DedupOptions& options,
               const std::vector<uint32_t>& wanted, unsigned threads,
               const std::function<void(uint32_t, std::string)>& take, const DedupResult& result,
               std::string* error) {
  const char* const kChanged = " (on the second pass: did the input change?)";
  if (!result.places.empty()) {
    RecordFetcher fetch(inputs, options.reader);
    std::mutex mutex;
    size_t first_bad = SIZE_MAX;  // the earliest failure is the one reported
    ParallelForChunks(wanted.size(), kBatch, threads, [&](size_t begin, size_t end) {
      Record record;
      for (size_t k = begin; k < end; ++k) {
        const uint32_t d = wanted[k];
        std::string why;
        if (fetch.Fetch(result.places[d], &record, &why) && record.id != result.ids[d]) {
          why = record.origin + ": the record there is \"" + record.id + "\", not \"" + result.ids[d] + "\"";
        }
        if (!why.empty()) {
          std::lock_guard<std::mutex> lock(mutex);
          if (k < first_bad) {
            first_bad = k;
            *error = why + kChanged;
          }
          return;
        }
        take(d, std::move(record.text));
      }
    });
    return first_bad == SIZE_MAX;
  }
  CorpusReader reader(inputs, options.reader);
  Record record;
  std::vector<std::pair<uint32_t, std::string>> batch;
  auto take_batch = [&] {
    ParallelFor(batch.size(), threads, [&](size_t k) { take(batch[k].first, std::move(batch[k].second)); });
    batch.clear();
  };
  size_t next = 0;
  for (uint32_t d = 0; next < wanted.size() && reader.Next(&record); ++d) {
    if (wanted[next] == d) {
      batch.emplace_back(wanted[next++], std::move(record.text));
      if (batch.size() == kBatch) take_batch();
    }
    if (options.progress && d % 4096 == 0) options.progress(d, 2);
  }
  take_batch();
  if (!reader.error().empty() || next < wanted.size()) {
    *error = (reader.error().empty() ? "the input ended early" : reader.error()) + kChanged;
    return false;
  }
  return true;
}

// Joins the recurring hash groups into passages and places each in its
// first document, as pass 2 reads those: result->recurring.
class PassagePlacer {
 public:
  // `groups` as FindCandidates found them, or (`joined`) JoinRecurring's passages.
  PassagePlacer(std::vector<RecurringPassage> groups, bool joined, unsigned threads, bool lexical_only,
                DedupResult* result)
      : passages_(std::move(groups)), lexical_only_(lexical_only), result_(result) {
    if (!joined) JoinRecurring(&passages_, threads);
    result_->recurring.resize(passages_.size());
    for (uint32_t i = 0; i < passages_.size(); ++i) by_first_.emplace_back(passages_[i].documents.front(), i);
    std::sort(by_first_.begin(), by_first_.end());
  }

  bool IsFirst(uint32_t document) const {
    auto it = std::lower_bound(by_first_.begin(), by_first_.end(), std::make_pair(document, uint32_t{0}));
    return it != by_first_.end() && it->first == document;
  }

  // The text of a document that IsFirst; from any thread, once each.
  void Take(uint32_t document, const std::string& text) {
    const auto first = std::lower_bound(by_first_.begin(), by_first_.end(), std::make_pair(document, uint32_t{0}));
    size_t needed = 0;  // sentences, up to the last its passages name
    for (auto it = first; it != by_first_.end() && it->first == document; ++it) {
      const std::vector<uint16_t>& named = passages_[it->second].sentences;
      if (!named.empty()) needed = std::max<size_t>(needed, size_t{named.back()} + 1);
    }
    std::vector<Span> sentences = SentenceSpans(text, lexical_only_, needed);
    for (auto it = first; it != by_first_.end() && it->first == document; ++it) {
      RecurringText& out = result_->recurring[it->second];
      PlaceRecurring(passages_[it->second], text, sentences, &out);
      out.documents = std::move(passages_[it->second].documents);
    }
  }

  // Once every first document was taken: passages never placed are dropped.
  void Finish() {
    std::erase_if(result_->recurring, [](const RecurringText& r) { return r.documents.empty(); });
  }

 private:
  std::vector<RecurringPassage> passages_;
  bool lexical_only_;
  DedupResult* result_;
  std::vector<std::pair<uint32_t, uint32_t>> by_first_;  // (first document, passage)
};

}  // namespace

Deduplicator::Deduplicator(const Lexicon* lexicon, DedupOptions options)
    : options_(std::move(options)), lexicon_(lexicon), comparer_(lexicon) {}

bool Deduplicator::Run(const std::vector<std::string>& inputs, DedupResult* result,
                       std::string* error) {
  return RunPairs(inputs, result, error) && RunRecurring(inputs, result, error);
}

void Deduplicator::StageDone(const char* stage, DedupResult* result) {
  auto now = std::chrono::steady_clock::now();
  result->stage_seconds.emplace_back(stage, std::chrono::duration<double>(now - stage_start_).count());
  stage_start_ = now;
}

bool Deduplicator::RunPairs(const std::vector<std::string>& inputs, DedupResult* result,
                            std::string* error) {
  const unsigned threads = ThreadCount(options_.threads);
  stage_start_ = std::chrono::steady_clock::now();
  if (joining_.valid()) joining_.get();  // a run before whose RunRecurring never came
  pending_recurring_.clear();
  // Pass 1: fingerprints, and exact copies by content hash.
  FirstPass first;
  // How many documents use each word, for naming originals (full mode
  // only); verification reads it through a Comparer of its own.
  std::unique_ptr<WordCounts> word_counts;
  if (!options_.lexical_only) word_counts = std::make_unique<WordCounts>();
  if (!ReadAndPrint(inputs, comparer_, options_, threads, word_counts.get(), &first, result, error)) return false;
  std::vector<Fingerprint>& fingerprints = first.fingerprints;
  const std::vector<DocumentFacts>& facts = first.facts;
  const std::vector<std::pair<uint32_t, uint32_t>>& exact = first.exact;

  StageDone("fingerprints", result);
  // Candidate pairs, and the hash groups too widespread to pair (joined
  // into passages by RunRecurring).
  CandidateOptions candidate_options;
  candidate_options.lexical_only = options_.lexical_only;
  candidate_options.threads = threads;
  std::vector<std::pair<uint32_t, uint32_t>> candidates =
      FindCandidates(fingerprints, candidate_options, &result->candidate_stats, &pending_recurring_);
  result->candidate_pairs = candidates.size() + exact.size();
  fingerprints.clear();
  fingerprints.shrink_to_fit();
  StageDone("candidates", result);

  // Pass 2: the texts of documents in candidate pairs, kept for
  // verification. Where records have no places, pass 2 reads the whole
  // input again: the recurring passages are then joined first and placed
  // in that same pass, not in one more (RunRecurring has nothing left).
  std::unique_ptr<PassagePlacer> placer;
  if (result->places.empty()) {
    placer = std::make_unique<PassagePlacer>(std::move(pending_recurring_), false, threads, options_.lexical_only,
                                             result);
    pending_recurring_.clear();
  } else if (!pending_recurring_.empty() && threads > 1) {
    // The groups are joined into passages on a thread of their own while
    // the pairs are verified: the join leaves cores idle between its
    // steps, and verification fills them.
    joining_ = std::async(std::launch::async, [this] { JoinRecurring(&pending_recurring_, 1); });
  }
  std::vector<bool> needed(result->documents, false);
  for (auto [a, b] : candidates) needed[a] = needed[b] = true;
  for (auto [a, b] : exact) needed[a] = needed[b] = true;
  std::vector<uint32_t> wanted;
  for (uint32_t d = 0; d < result->documents; ++d) {
    if (needed[d] || (placer && placer->IsFirst(d))) wanted.push_back(d);
  }
  std::vector<std::string> texts(result->documents);
  auto take = [&](uint32_t d, std::string text) {
    if (placer && placer->IsFirst(d)) placer->Take(d, text);
    if (needed[d]) texts[d] = std::move(text);
  };
  if (!ReadAgain(inputs, options_, wanted, threads, take, *result, error)) return false;
  if (placer) placer->Finish();

  StageDone("texts", result);
  CompareOptions verify_options;
  verify_options.corpus_words = word_counts.get();
  const Comparer verifier(lexicon_, verify_options);
  std::vector<DedupPair> verified(candidates.size());
  // Lexical mode has no word counts from pass 1; the documents verification
  // analyses, each counted once, stand in for the corpus (see below).
  std::unique_ptr<WordCounts> sample;
  std::unique_ptr<std::atomic<bool>[]> counted;
  if (options_.lexical_only) {
    sample = std::make_unique<WordCounts>();
    counted = std::make_unique<std::atomic<bool>[]>(result->documents);
  }
  SharedAnalyses analyses(candidates, result->documents, [&](uint32_t d) {
    Document doc = verifier.Analyze(texts[d]);
    if (sample && !counted[d].exchange(true)) sample->AddDocument(doc);
    return doc;
  });
  ParallelForChunks(candidates.size(), 64, threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      auto [a, b] = candidates[i];
      std::shared_ptr<const Document> doc_a = analyses.Get(a), doc_b = analyses.Get(b);
      verified[i] = VerifyPair(verifier, a, *doc_a, facts[a], b, *doc_b, facts[b]);
      analyses.Done(a);
      analyses.Done(b);
    }
  });
  if (sample) JudgeFromSample(*sample, texts, facts, &verified, threads);
  StageDone("verification", result);
  CollectPairs(std::move(verified), exact, facts, result);
  BuildFamilies(facts, result);
  for (const DedupFamily& family : result->families) {
    for (const DedupMember& m : family.members) {
      result->member_texts.emplace_back(m.document, std::move(texts[m.document]));
    }
  }
  StageDone("families", result);
  return true;
}

bool Deduplicator::RunRecurring(const std::vector<std::string>& inputs, DedupResult* result,
                                std::string* error) {
  const unsigned threads = ThreadCount(options_.threads);
  const bool joined = joining_.valid();
  if (joined) joining_.get();
  if (pending_recurring_.empty()) return true;  // placed by RunPairs, or none
  PassagePlacer placer(std::move(pending_recurring_), joined, threads, options_.lexical_only, result);
  pending_recurring_.clear();
  std::vector<uint32_t> wanted;
  for (uint32_t d = 0; d < result->documents; ++d) {
    if (placer.IsFirst(d)) wanted.push_back(d);
  }
  auto take = [&](uint32_t d, std::string text) { placer.Take(d, text); };
  if (!ReadAgain(inputs, options_, wanted, threads, take, *result, error)) return false;
  placer.Finish();
  StageDone("recurring", result);
  return true;
}

}  // namespace retold
