// What a dedup run writes: the same files whether the run was `retold
// dedup`, `retold.dedup` in Python or `python3 -m retold.dask`.
#ifndef RETOLD_DEDUP_DEDUP_OUTPUT_H_
#define RETOLD_DEDUP_DEDUP_OUTPUT_H_

#include <functional>
#include <string>
#include <vector>

#include "common/output_file.h"
#include "retold/corpus.h"
#include "retold/dedup.h"

namespace retold {

// pairs.jsonl, clusters.jsonl, recurring.jsonl and documents.jsonl in
// `dir` (which must exist), each written to NAME.tmp and all renamed into
// place only once every one is complete. False with `error` otherwise.
// (Each file is finished, flushed and synced, as soon as it is written:
// its sync then waits for the disk while the rest goes on.)
bool WriteDedupOutputs(const DedupResult& r, const std::string& dir, std::string* error);

// The same in halves, for a run in halves (Deduplicator::RunPairs, then
// RunRecurring): WritePairs writes what the first fills (pairs, clusters,
// documents), WriteRecurring what the second adds; the two may run at once
// on different threads, each while the other half of the run goes on (they
// read different parts of the result). Commit then renames all four into
// place, or none.
class DedupOutputs {
 public:
  explicit DedupOutputs(const std::string& dir);
  void WritePairs(const DedupResult& r);
  // (Its lines are put together on `threads` threads.)
  void WriteRecurring(const DedupResult& r, unsigned threads = 1);
  bool Commit(std::string* error);

 private:
  static constexpr size_t kLinesPerTask = 1024;
  OutputFile pairs_, clusters_, recurring_, documents_;
};

// --keep: the corpus read again from `inputs`, less the whole copies that
// the families leave out, as JSONL: each JSONL record's line as it was read
// (every field kept), a .txt file as {"id", "text"}. When the run noted
// every record's place (r.places), the kept lines are copied as bytes,
// without reading JSON. `kept` counts the documents written.
struct KeepOptions {
  // Cut from each kept document what it shares with an earlier kept one
  // (dedup/strip_reused.h), in runs of at least min_reused_bytes; a
  // document left with nothing of its own is not written.
  bool strip_reused = false;
  size_t min_reused_bytes = 200;
  // When set, asked once the file is complete, before it takes the place
  // of `path`: false (the run it belongs to failed) leaves whatever was
  // there, and WriteKept returns false with an empty error.
  std::function<bool()> commit_if;
};

struct KeepStats {
  size_t kept = 0;             // documents written
  size_t stripped = 0;         // of them, documents with passages cut out
  size_t stripped_bytes = 0;
  size_t emptied = 0;          // documents not written: all of their text was reused
};

bool WriteKept(const std::vector<std::string>& inputs, const ReaderOptions& reader_options,
               const DedupResult& r, const std::string& path, const KeepOptions& keep_options,
               KeepStats* stats, std::string* error);

// One record as --keep writes it (see WriteKept).
std::string KeptLine(const Record& record);

}  // namespace retold

#endif  // RETOLD_DEDUP_DEDUP_OUTPUT_H_
