// Corpus deduplication: every pair of documents where one is a copy of the
// other, grouped into families with the likely original named.
//
//   retold::DedupOptions options;           // full mode: rewrites too
//   retold::Deduplicator dedup(lexicon.get(), options);
//   retold::DedupResult result;
//   std::string error;
//   if (!dedup.Run({"crawl.jsonl.zst"}, &result, &error)) { ... }
//
// Pass 1 reads the corpus once, analysing and fingerprinting each document
// on every core; candidate search pairs fingerprints (retold/candidates.h)
// and sets aside passages that recur in many documents; pass 2 reads again
// only the documents it needs (by their lines' places in a plain JSONL
// file; other input is read whole once more), keeping the texts of
// candidates, and the aligner verifies each candidate pair. Nothing
// unverified is reported.
#ifndef RETOLD_DEDUP_H_
#define RETOLD_DEDUP_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "retold/candidates.h"
#include "retold/compare.h"
#include "retold/corpus.h"
#include "retold/lexicon.h"
#include "retold/word_counts.h"

namespace retold {

struct DedupOptions {
  bool lexical_only = false;  // near-duplicates only, fast (--mode lexical)
  unsigned threads = 0;       // 0: every core
  ReaderOptions reader;
  // Called now and then with (documents read, pass number); may be empty.
  std::function<void(size_t, int)> progress;
};

inline constexpr uint32_t kNoDocument = UINT32_MAX;

struct DedupPair {
  uint32_t a = 0;  // document indexes, a < b
  uint32_t b = 0;
  Comparison comparison;
  // The likely original of the two (a or b), or kNoDocument when the
  // evidence does not decide; why: "date" (both dated, the earlier), or the
  // text's evidence (comparison.source_reason).
  uint32_t source = kNoDocument;
  std::string_view source_reason;
};

struct DedupMember {
  uint32_t document = 0;
  bool original = false;
  // How it relates to the original: "original", a verdict name, or
  // "indirect" when it joined the family through another member.
  std::string relation;
  bool kept = true;  // false: --keep leaves it out (a whole copy of a kept member)
};

// A family of whole-document copies, or a lone document that shares a
// passage with another family.
struct DedupFamily {
  uint32_t id = 0;  // from 1
  std::vector<DedupMember> members;  // the original first
  // Why the original is the original: "date", "page_furniture",
  // "contains", "wording" (the votes of the family's pairs), or empty when
  // nothing decided (then the first document read stands for the family).
  std::string_view original_basis;
};

// A passage found in so many documents (recurring_documents or more) that
// it is reported once, with them, rather than as pairs: boilerplate, a wire
// paragraph, a widely quoted line.
struct RecurringText {
  std::vector<uint32_t> documents;  // ascending
  std::vector<Span> spans;          // where it is in documents[0]
  std::string text;                 // those spans' text, " ... " between
};

struct DedupResult {
  std::vector<std::string> ids;  // by document index, in reading order
  // By document index, where each record's line is in the input; empty
  // when some input gives no places (compressed, standard input, a folder).
  std::vector<RecordPlace> places;
  std::vector<DedupPair> pairs;  // verified derived pairs, whole and partial
  std::vector<DedupFamily> families;
  std::vector<uint32_t> family_of;  // by document index: family id, 0 for none
  std::vector<RecurringText> recurring;
  // The texts of the documents in families, for reports: (index, text).
  std::vector<std::pair<uint32_t, std::string>> member_texts;
  size_t documents = 0;
  size_t skipped = 0;              // bad records skipped (--skip-bad)
  std::vector<std::string> skipped_reasons;
  size_t candidate_pairs = 0;
  CandidateStats candidate_stats;  // pairs proposed per channel (with repeats)
  size_t bytes = 0;
  // Wall-clock seconds each stage of Run took, in order: (stage, seconds).
  std::vector<std::pair<std::string, double>> stage_seconds;
};

// What families need to know of a document besides its pairs.
struct DocumentFacts {
  std::string date;  // ISO 8601 (compared as strings), empty when unknown
  uint32_t text_bytes = 0;
};

// The stages of a run, each callable on its own (a distributed run maps the
// first and third over partitions; see python/retold/dask.py):
//
// 1. Fingerprint one document, with the hash of its bytes that finds
//    byte-identical twins (a twin's fingerprint is left empty: the first
//    document read with those bytes stands for it in candidate search).
struct DocumentPrint {
  Fingerprint fingerprint;
  uint64_t hash_low = 0, hash_high = 0;  // XXH3-128 of the text
};
//    In full mode the analysed document is also counted into `word_counts`
//    when given (the corpus's words, evidence of the likely original:
//    verification then uses a Comparer with corpus_words set). The
//    winnowed hashes come grouped for FindCandidates (GroupForCandidates).
DocumentPrint PrintDocument(const Comparer& comparer, const std::string& text, bool lexical_only,
                            WordCounts* word_counts = nullptr);
// 2. Candidate pairs from all fingerprints, and the recurring passages:
//    FindCandidates, then JoinRecurring (retold/candidates.h). Each passage is
//    then placed in the text of its first document: SentenceSpans gives the
//    sentences the fingerprints counted (the analyser's in full mode,
//    LexicalSentenceStarts' in lexical mode), PlaceRecurring the spans and
//    text (out->documents is left to the caller).
//    (In lexical mode `sentences` stops the reading once that many are
//    found; what follows is not needed to place the passages of the first
//    sentences.)
std::vector<Span> SentenceSpans(const std::string& text, bool lexical_only, size_t sentences = SIZE_MAX);
void PlaceRecurring(const RecurringPassage& passage, const std::string& text,
                    const std::vector<Span>& sentences, RecurringText* out);
// 3. Verify a candidate pair and name its likely original.
DedupPair VerifyPair(const Comparer& comparer, uint32_t a, const Document& doc_a,
                     const DocumentFacts& facts_a, uint32_t b, const Document& doc_b,
                     const DocumentFacts& facts_b);
//    Lexical mode has no word counts from step 1: the documents that
//    verification analyses, each counted once, stand in for the corpus.
//    A whole copy (not exact) whose source its texts left open is judged
//    again with those counts (the spinner's substitutes are rare in them).
//    Returns whether the pair was one to judge again.
bool JudgeSourceFromSample(const WordCounts& sample, const Document& doc_a, const DocumentFacts& facts_a,
                           const Document& doc_b, const DocumentFacts& facts_b, DedupPair* pair);
// The date rule alone, for pairs known without verification (byte-identical
// twins): the earlier of two different dates, else the text's evidence.
void DecideSource(const DocumentFacts& facts_a, const DocumentFacts& facts_b, DedupPair* pair);
// 4. The derived pairs of the run, into result->pairs sorted by (a, b):
//    the verified ones that are related, the byte-identical twins (exact,
//    first seen, copy), and each related pair repeated for the twins of its
//    documents (at most 16 per side).
void CollectPairs(std::vector<DedupPair> verified, const std::vector<std::pair<uint32_t, uint32_t>>& exact,
                  const std::vector<DocumentFacts>& facts, DedupResult* result);
//    Then families from the verified pairs (sorted by a, b): whole-document
//    relations join, partial ones link; the original follows from the
//    pairs' sources, and --keep drops only whole copies of kept members.
//    Fills result->families and result->family_of.
void BuildFamilies(const std::vector<DocumentFacts>& facts, DedupResult* result);

class Deduplicator {
 public:
  Deduplicator(const Lexicon* lexicon, DedupOptions options);

  // All four stages over a corpus read once and then in part (pass 2
  // keeps only the texts of candidates), and the recurring passages.
  // False with `error` ("file:line: ...", "duplicate id ...") on bad
  // input. The same as RunPairs, then RunRecurring.
  bool Run(const std::vector<std::string>& inputs, DedupResult* result, std::string* error);

  // Run in two halves, for a caller with work that needs the families
  // only (--keep copies the kept lines while the passages are joined):
  // RunPairs fills everything but result->recurring, and sets aside the
  // hash groups that recur too widely to pair; RunRecurring, with the same
  // inputs and result, joins them into passages and places each in its
  // first document (reading those documents once more). Stage times go
  // on in result->stage_seconds.
  bool RunPairs(const std::vector<std::string>& inputs, DedupResult* result, std::string* error);
  bool RunRecurring(const std::vector<std::string>& inputs, DedupResult* result, std::string* error);

 private:
  void StageDone(const char* stage, DedupResult* result);

  DedupOptions options_;
  const Lexicon* lexicon_;
  Comparer comparer_;
  std::vector<RecurringPassage> pending_recurring_;  // from RunPairs, for RunRecurring
  std::future<void> joining_;  // RunPairs's join of pending_recurring_, when it started one
  std::chrono::steady_clock::time_point stage_start_;
};

}  // namespace retold

#endif  // RETOLD_DEDUP_H_
