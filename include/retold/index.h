// A persistent index of documents for "is this new text a copy of anything
// we have?": SQLite in WAL mode, one file, no server.
//
//   auto index = retold::Index::Open("archive.db", lexicon.get(), Index::kReadWrite, &error);
//   index->Add(records, &stats, &error);          // incremental; re-adding an id updates it
//   auto matches = index->Query(text, 10, &error); // ranked, verified by the aligner
//
// Each document stores its text (zstd-compressed, for verification) and
// its candidate keys: the LSH bands of its lexical and skeleton channels and
// a quarter of its winnowed hashes. A crash or kill -9 during Add loses at
// most the batch being written; what was committed stays, and the file
// always opens (SQLite's write-ahead log).
#ifndef RETOLD_INDEX_H_
#define RETOLD_INDEX_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "retold/compare.h"
#include "retold/corpus.h"
#include "retold/lexicon.h"

struct sqlite3;

namespace retold {

struct IndexMatch {
  std::string id;
  std::string date;
  Comparison comparison;  // a = the query, b = the indexed document
};

struct IndexStats {
  size_t documents = 0;
  size_t keys = 0;           // candidate keys stored
  size_t text_bytes = 0;     // original size of the stored texts
  size_t file_bytes = 0;     // database file and write-ahead log
};

struct AddStats {
  size_t added = 0;
  size_t updated = 0;
};

struct CheckReport {
  std::string integrity;            // SQLite's integrity_check: "ok" or what is wrong
  size_t documents = 0;
  size_t keys = 0;
  std::vector<std::string> damaged;  // ids whose stored text does not decompress
  bool ok() const { return integrity == "ok" && damaged.empty(); }
};

class Index {
 public:
  enum Mode { kReadOnly, kReadWrite };

  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Opens (creating in kReadWrite mode) the index at `path`. Null with
  // `error` naming the file when it cannot be opened, is not a retold index,
  // or is read-only while kReadWrite was asked for.
  static std::unique_ptr<Index> Open(const std::string& path, const Lexicon* lexicon, Mode mode,
                                     std::string* error);

  // Adds or replaces documents in one transaction.
  bool Add(const std::vector<Record>& records, unsigned threads, AddStats* stats,
           std::string* error);

  // Add in two steps, so that a caller can analyse the next batch while
  // this one is written: Prepare needs no database (any thread, no lock),
  // Write is one transaction.
  struct Prepared {
    std::vector<std::vector<int64_t>> keys;  // by record
    std::vector<std::string> compressed;     // by record
  };
  Prepared Prepare(const std::vector<Record>& records, unsigned threads) const;
  bool Write(const std::vector<Record>& records, const Prepared& prepared, AddStats* stats,
             std::string* error);

  // Keys are written in small segments (FTS5 flushes each MiB of them),
  // which FTS5 merges as they accumulate; this merges them all into one now
  // (as after a bulk load, for the fastest queries).
  bool MergeKeys(std::string* error);

  // How many documents were ever added (the largest document number; a
  // removed one still counts): a size that costs one lookup, where Stats
  // reads the whole table.
  size_t DocumentsEverAdded();

  // Verified matches for `text`, best first, at most `limit`.
  bool Query(const std::string& text, size_t limit, std::vector<IndexMatch>* matches,
             std::string* error);

  // Removes a document; `found` says whether it was there.
  bool Remove(const std::string& id, bool* found, std::string* error);

  // One stored document, or false when the id is unknown.
  bool Get(const std::string& id, Record* record, std::string* error);

  bool Stats(IndexStats* stats, std::string* error);

  // A consistent copy of the whole index at `out_path` (SQLite's online
  // backup, from one read snapshot: writers on other connections go on).
  // Written to OUT.tmp and renamed into place when complete.
  bool Backup(const std::string& out_path, std::string* error);

  // Every stored document, in the order they were first added.
  bool Export(const std::function<bool(const Record&)>& each, std::string* error);

  // SQLite's integrity check, counts, and every stored text decompressed.
  bool Check(CheckReport* report, std::string* error);

 private:
  Index() = default;
  bool Exec(const char* sql, std::string* error);
  bool DeleteKeys(int64_t doc, std::string* error);
  // False, with the message that says how to move it, for a schema 1 file.
  bool RefuseLegacy(std::string* error) const;

  sqlite3* db_ = nullptr;
  bool empty_ = false;  // read-only view of a database with no schema yet
  bool legacy_ = false;  // a read-only view of a schema 1 file: documents only
  std::string path_;
  const Lexicon* lexicon_ = nullptr;
};

}  // namespace retold

#endif  // RETOLD_INDEX_H_
