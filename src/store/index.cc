#include "retold/index.h"

#include <sqlite3.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>
#include <unordered_map>

#include "common/parallel.h"
#include "retold/candidates.h"
#include "retold/fingerprint.h"

namespace retold {
namespace {

// Version 2 keeps keys in an FTS5 table; version 1 kept them in B-tree
// tables of (key, doc) rows. A version 1 file opens read-only for export.
constexpr int kSchemaVersion = 2;
constexpr int kLegacySchemaVersion = 1;
constexpr int kBusyTimeoutMs = 30000;  // a second writer waits for the first
constexpr size_t kCandidatesVerified = 12;
// Winnowed hashes stored: all of a short document's, else those whose low
// bits are zero (1 in 4: the same ones in every document, so an excerpt of a
// few sentences still shares some). A query looks up all of its own.
constexpr uint32_t kWinnowSampleMask = 3;
constexpr size_t kWinnowsAlwaysKept = 48;
// A key held by more archived documents than this is a recurring passage
// (boilerplate, a wire paragraph, a widely quoted line), not evidence: a
// query reads at most this many documents of it and then drops the key, so
// passages shared by thousands of documents cost it nothing.
constexpr int kMaxDocumentsPerKey = 64;

// A document's candidate keys are the "words" of its row in `postings`, an
// FTS5 table: an inverted index made for this, which keeps each term's list
// of documents compressed in segments, written in one pass from memory
// (each MiB of new keys) and merged as they accumulate, as a log-structured
// tree does. Keys are hashes, so in a B-tree of (key, doc) rows each batch's
// keys landed on every leaf page and adding grew costly with the archive
// (schema 1 needed a second table of recent keys and merges). Contentless
// (the keys are not stored twice) and detail=none (no positions): a key only
// says which documents hold it. A document's keys are removed by
// recomputing them from its stored text, so a removal never needs an index
// on documents.
// AUTOINCREMENT: a removed document's number is never given to another, so
// a key that outlived its document (keys recomputed by a later retold whose
// analysis differs) points at nothing rather than at the wrong text.
// FTS5 settings, measured adding 1M news documents on 2 cores: leaf pages
// of 4050 bytes (one per SQLite page); segments merged eight at a time
// (FTS5's default is four: 225 s against 197 s, 18 segments left against
// 25). A query reads every segment: `optimize` merges them into one. A
// buffer of pending keys larger than FTS5's 1 MiB (hashsize) was slower:
// 225 s at 64 MiB.
const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
  doc       INTEGER PRIMARY KEY AUTOINCREMENT,
  id        TEXT NOT NULL UNIQUE,
  date      TEXT,
  key_count INTEGER NOT NULL,
  bytes     INTEGER NOT NULL,
  text      BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS postings USING fts5(
  keys, content='', detail=none, columnsize=0, tokenize='ascii'
);
INSERT INTO postings(postings, rank) VALUES('pgsz', 4050);
INSERT INTO postings(postings, rank) VALUES('automerge', 8);
)sql";

// A key as an FTS5 term: 13 letters and digits of base 32 (FTS5's ascii
// tokenizer folds case, so a case-free alphabet).
void AppendTerm(int64_t key, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuv";
  uint64_t v = static_cast<uint64_t>(key);
  for (int i = 0; i < 13; ++i, v >>= 5) out->push_back(kDigits[v & 31]);
}

std::string TermsOf(const std::vector<int64_t>& keys) {
  std::string terms;
  terms.reserve(keys.size() * 14);
  for (int64_t key : keys) {
    if (!terms.empty()) terms.push_back(' ');
    AppendTerm(key, &terms);
  }
  return terms;
}

// RAII statement.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

// One compression and one decompression context per thread: making a
// context costs more than compressing a news story with it.
struct ZstdContexts {
  ZSTD_CCtx* compress = ZSTD_createCCtx();
  ZSTD_DCtx* decompress = ZSTD_createDCtx();
  ~ZstdContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
};

ZstdContexts& ThreadZstd() {
  thread_local ZstdContexts contexts;
  return contexts;
}

// Level 1: on the archive benchmark's news texts it stores 0.2% more than
// the default level 3, and adding a document costs 3% less.
constexpr int kCompressionLevel = 1;

std::string Compress(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compressCCtx(ThreadZstd().compress, out.data(), out.size(), text.data(), text.size(), kCompressionLevel);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

bool Decompress(const void* data, size_t size, size_t original, std::string* out) {
  out->resize(original);
  size_t n = ZSTD_decompressDCtx(ThreadZstd().decompress, out->data(), original, data, size);
  return !ZSTD_isError(n) && n == original;
}

// A stored text from a row whose columns `bytes_column` and the one after
// it are the documents table's "bytes, text": false when it is damaged.
bool StoredText(sqlite3_stmt* row, int bytes_column, std::string* text) {
  return Decompress(sqlite3_column_blob(row, bytes_column + 1), sqlite3_column_bytes(row, bytes_column + 1),
                    static_cast<size_t>(sqlite3_column_int64(row, bytes_column)), text);
}

enum class KeyUse { kStore, kQuery };

// The keys stored for a fingerprint, or looked up for a query.
std::vector<int64_t> KeysOf(const Fingerprint& f, KeyUse use) {
  std::vector<int64_t> keys;
  for (const Band& b : BandsOf(f, false)) keys.push_back(static_cast<int64_t>(b.hash & ~uint64_t{3}));
  bool all = use == KeyUse::kQuery || f.winnow.size() <= kWinnowsAlwaysKept;
  for (uint32_t w : f.winnow) {
    if (all || (w & kWinnowSampleMask) == 0) keys.push_back(static_cast<int64_t>((uint64_t{w} << 2) | 1));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string SqliteError(sqlite3* db, const std::string& path) {
  return "index " + path + ": " + sqlite3_errmsg(db);
}

std::string LegacyMessage(const std::string& path) {
  return "index " + path + ": made by an earlier retold (schema " + std::to_string(kLegacySchemaVersion) +
         "); move its documents into a new index: retold index export --db " + path +
         " > archive.jsonl && retold index add --db NEW.db archive.jsonl --date-field date";
}

// Is the database ours? Sets `fresh` for an empty database (no tables yet)
// and `legacy` for one of schema 1; a foreign SQLite file, another schema
// version or a non-database fails.
bool CheckSchema(sqlite3* db, const std::string& path, bool* fresh, bool* legacy, std::string* error) {
  *legacy = false;
  Statement probe(db, "SELECT value FROM meta WHERE key = 'retold_schema'");
  if (probe.ok()) {
    *fresh = false;
    int version = sqlite3_step(probe.get()) == SQLITE_ROW ? sqlite3_column_int(probe.get(), 0) : 0;
    *legacy = version == kLegacySchemaVersion;
    if (version != kSchemaVersion && !*legacy) {
      *error = "index " + path + ": not a retold index of schema version " + std::to_string(kSchemaVersion);
      return false;
    }
    return true;
  }
  Statement any(db, "SELECT count(*) FROM sqlite_master");
  if (!any.ok() || sqlite3_step(any.get()) != SQLITE_ROW) {
    *error = "index " + path + ": not an SQLite database (" + sqlite3_errmsg(db) + ")";
    return false;
  }
  if (sqlite3_column_int(any.get(), 0) > 0) {
    *error = "index " + path + ": an SQLite database, but not a retold index";
    return false;
  }
  *fresh = true;
  return true;
}

}  // namespace

Index::~Index() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

bool Index::Exec(const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    *error = "index " + path_ + ": " + (message ? message : "error");
    sqlite3_free(message);
    return false;
  }
  return true;
}

std::unique_ptr<Index> Index::Open(const std::string& path, const Lexicon* lexicon, Mode mode,
                                   std::string* error) {
  std::unique_ptr<Index> index(new Index());
  index->path_ = path;
  index->lexicon_ = lexicon;
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  if (mode == kReadOnly && !exists) {
    *error = "index " + path + ": no such file (create it with 'retold index add')";
    return nullptr;
  }
  if (exists && std::filesystem::is_directory(path, ec)) {
    *error = "index " + path + ": is a directory";
    return nullptr;
  }
  if (mode == kReadWrite && exists && access(path.c_str(), W_OK) != 0) {
    *error = "index " + path + ": the file is read-only; cannot add or remove documents";
    return nullptr;
  }
  int flags = mode == kReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &index->db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    *error = SqliteError(index->db_, path);
    return nullptr;
  }
  sqlite3_busy_timeout(index->db_, kBusyTimeoutMs);
  sqlite3_extended_result_codes(index->db_, 1);
  if (mode == kReadOnly && exists) {
    // A WAL database can be read only with a shared-memory file beside it;
    // in a folder this user cannot write, read the file as immutable.
    Statement test(index->db_, "SELECT count(*) FROM sqlite_master");
    if (!test.ok() || sqlite3_step(test.get()) != SQLITE_ROW) {
      sqlite3_close_v2(index->db_);
      index->db_ = nullptr;
      std::string uri = "file:";
      for (char c : path) {  // URI-escape what would end the path
        if (c == '%') uri += "%25";
        else if (c == '?') uri += "%3f";
        else if (c == '#') uri += "%23";
        else uri += c;
      }
      uri += "?immutable=1";
      if (sqlite3_open_v2(uri.c_str(), &index->db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) !=
          SQLITE_OK) {
        *error = SqliteError(index->db_, path);
        return nullptr;
      }
    }
  }
  if (mode == kReadWrite) {
    // The schema is checked and created under the write lock: two processes
    // opening a new file at once must not see each other's half-made schema.
    // SQLite does not call the busy handler when a second process switches
    // a brand-new file to WAL at the same moment; retry within the same bound.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    // A writer's page cache of 64 MiB (SQLite's default is 2 MiB): the keys
    // B-tree's inner pages stay in memory as the archive grows.
    while (!index->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
                        "BEGIN IMMEDIATE;", error)) {
      bool busy = (sqlite3_errcode(index->db_) & 0xff) == SQLITE_BUSY ||
                  (sqlite3_errcode(index->db_) & 0xff) == SQLITE_LOCKED;
      if (!busy || std::chrono::steady_clock::now() > deadline) return nullptr;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    bool fresh = false, legacy = false;
    if (!CheckSchema(index->db_, path, &fresh, &legacy, error) || legacy) {
      if (legacy) *error = LegacyMessage(path);
      sqlite3_exec(index->db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return nullptr;
    }
    std::string finish = "COMMIT;";
    if (fresh) {
      finish = std::string(kSchema) + "INSERT INTO meta VALUES('retold_schema', '" +
               std::to_string(kSchemaVersion) + "'); COMMIT;";
    }
    if (!index->Exec(finish.c_str(), error)) return nullptr;
    return index;
  }
  bool fresh = false;
  if (!CheckSchema(index->db_, path, &fresh, &index->legacy_, error)) return nullptr;
  // An empty database (a first `add` killed before its schema was
  // committed) opens as an empty index.
  index->empty_ = fresh;
  // A reader's page cache of 64 MiB too (SQLite's default is 2 MiB): a
  // query reads a leaf page of every key segment for each of its keys.
  sqlite3_exec(index->db_, "PRAGMA cache_size=-65536", nullptr, nullptr, nullptr);
  return index;
}

bool Index::DeleteKeys(int64_t doc, std::string* error) {
  Statement load(db_, "SELECT bytes, text FROM documents WHERE doc = ?1");
  sqlite3_bind_int64(load.get(), 1, doc);
  if (sqlite3_step(load.get()) != SQLITE_ROW) return true;
  std::string text;
  if (!StoredText(load.get(), 0, &text)) {
    *error = "index " + path_ + ": a stored text is damaged";
    return false;
  }
  Comparer comparer(lexicon_);
  // FTS5 removes a contentless row given the terms it was added with.
  std::string terms = TermsOf(KeysOf(FullFingerprint(comparer.Analyze(std::move(text))), KeyUse::kStore));
  Statement drop(db_, "INSERT INTO postings(postings, rowid, keys) VALUES('delete', ?1, ?2)");
  sqlite3_bind_int64(drop.get(), 1, doc);
  sqlite3_bind_text(drop.get(), 2, terms.data(), static_cast<int>(terms.size()), SQLITE_STATIC);
  if (sqlite3_step(drop.get()) != SQLITE_DONE) {
    *error = SqliteError(db_, path_);
    return false;
  }
  return true;
}

Index::Prepared Index::Prepare(const std::vector<Record>& records, unsigned threads) const {
  // Analysis and fingerprints in parallel.
  Prepared prepared;
  prepared.keys.resize(records.size());
  prepared.compressed.resize(records.size());
  Comparer comparer(lexicon_);
  ParallelFor(records.size(), threads, [&](size_t i) {
    prepared.keys[i] = KeysOf(FullFingerprint(comparer.Analyze(records[i].text)), KeyUse::kStore);
    prepared.compressed[i] = Compress(records[i].text);
  });
  return prepared;
}

bool Index::Add(const std::vector<Record>& records, unsigned threads, AddStats* stats,
                std::string* error) {
  return Write(records, Prepare(records, threads), stats, error);
}

bool Index::Write(const std::vector<Record>& records, const Prepared& prepared, AddStats* stats,
                  std::string* error) {
  if (!Exec("BEGIN IMMEDIATE", error)) return false;
  Statement find(db_, "SELECT doc FROM documents WHERE id = ?1");
  Statement update(db_, "UPDATE documents SET date = ?2, key_count = ?3, bytes = ?4, text = ?5 WHERE doc = ?1");
  Statement insert(db_, "INSERT INTO documents(id, date, key_count, bytes, text) VALUES(?1, ?2, ?3, ?4, ?5)");
  Statement insert_keys(db_, "INSERT INTO postings(rowid, keys) VALUES(?1, ?2)");
  auto fail = [&]() {
    *error = SqliteError(db_, path_);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  };
  std::string terms;
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    find.Reset();
    sqlite3_bind_text(find.get(), 1, r.id.data(), static_cast<int>(r.id.size()), SQLITE_STATIC);
    int64_t doc = -1;
    if (sqlite3_step(find.get()) == SQLITE_ROW) doc = sqlite3_column_int64(find.get(), 0);
    if (doc >= 0 && !DeleteKeys(doc, error)) {  // before its old text is overwritten
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
    Statement& write = doc >= 0 ? update : insert;
    write.Reset();
    if (doc >= 0) {
      sqlite3_bind_int64(write.get(), 1, doc);
    } else {
      sqlite3_bind_text(write.get(), 1, r.id.data(), static_cast<int>(r.id.size()), SQLITE_STATIC);
    }
    if (r.date.empty()) {
      sqlite3_bind_null(write.get(), 2);
    } else {
      sqlite3_bind_text(write.get(), 2, r.date.data(), static_cast<int>(r.date.size()), SQLITE_STATIC);
    }
    sqlite3_bind_int64(write.get(), 3, static_cast<int64_t>(prepared.keys[i].size()));
    sqlite3_bind_int64(write.get(), 4, static_cast<int64_t>(r.text.size()));
    sqlite3_bind_blob(write.get(), 5, prepared.compressed[i].data(),
                      static_cast<int>(prepared.compressed[i].size()), SQLITE_STATIC);
    if (sqlite3_step(write.get()) != SQLITE_DONE) return fail();
    if (doc >= 0) {
      ++stats->updated;
    } else {
      doc = sqlite3_last_insert_rowid(db_);
      ++stats->added;
    }
    terms = TermsOf(prepared.keys[i]);
    insert_keys.Reset();
    sqlite3_bind_int64(insert_keys.get(), 1, doc);
    sqlite3_bind_text(insert_keys.get(), 2, terms.data(), static_cast<int>(terms.size()), SQLITE_STATIC);
    if (sqlite3_step(insert_keys.get()) != SQLITE_DONE) return fail();
  }
  if (!Exec("COMMIT", error)) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  return true;
}

bool Index::RefuseLegacy(std::string* error) const {
  if (legacy_) *error = LegacyMessage(path_);
  return !legacy_;
}

bool Index::MergeKeys(std::string* error) {
  if (!RefuseLegacy(error)) return false;
  return Exec("INSERT INTO postings(postings) VALUES('optimize')", error);
}

size_t Index::DocumentsEverAdded() {
  if (empty_ || legacy_) return 0;
  Statement last(db_, "SELECT coalesce(max(doc), 0) FROM documents");
  if (!last.ok() || sqlite3_step(last.get()) != SQLITE_ROW) return 0;
  return static_cast<size_t>(sqlite3_column_int64(last.get(), 0));
}

bool Index::Query(const std::string& text, size_t limit, std::vector<IndexMatch>* matches,
                  std::string* error) {
  matches->clear();
  if (empty_) return true;
  if (!RefuseLegacy(error)) return false;
  Comparer comparer(lexicon_);
  Document query = comparer.Analyze(text);
  std::vector<int64_t> keys = KeysOf(FullFingerprint(query), KeyUse::kQuery);
  // Candidates: documents sharing keys, most shared first.
  std::unordered_map<int64_t, int> hits;
  Statement lookup(db_, "SELECT rowid FROM postings WHERE postings MATCH ?1");
  if (!lookup.ok()) {
    *error = SqliteError(db_, path_);
    return false;
  }
  std::vector<int64_t> docs;
  std::string term;
  for (int64_t key : keys) {
    lookup.Reset();
    term.assign(1, '"');  // a phrase of one term: never read as an operator
    AppendTerm(key, &term);
    term.push_back('"');
    sqlite3_bind_text(lookup.get(), 1, term.data(), static_cast<int>(term.size()), SQLITE_STATIC);
    docs.clear();
    while (sqlite3_step(lookup.get()) == SQLITE_ROW && docs.size() <= kMaxDocumentsPerKey) {
      docs.push_back(sqlite3_column_int64(lookup.get(), 0));
    }
    if (docs.size() > kMaxDocumentsPerKey) continue;  // recurring
    for (int64_t doc : docs) ++hits[doc];
  }
  std::vector<std::pair<int, int64_t>> ranked;
  for (auto [doc, count] : hits) ranked.emplace_back(-count, doc);
  std::sort(ranked.begin(), ranked.end());
  if (ranked.size() > kCandidatesVerified) ranked.resize(kCandidatesVerified);

  Statement load(db_, "SELECT id, date, bytes, text FROM documents WHERE doc = ?1");
  for (auto [negative_count, doc] : ranked) {
    load.Reset();
    sqlite3_bind_int64(load.get(), 1, doc);
    if (sqlite3_step(load.get()) != SQLITE_ROW) continue;
    IndexMatch m;
    m.id = reinterpret_cast<const char*>(sqlite3_column_text(load.get(), 0));
    if (sqlite3_column_type(load.get(), 1) != SQLITE_NULL) {
      m.date = reinterpret_cast<const char*>(sqlite3_column_text(load.get(), 1));
    }
    std::string stored;
    if (!StoredText(load.get(), 2, &stored)) {
      *error = "index " + path_ + ": the stored text of \"" + m.id + "\" is damaged";
      return false;
    }
    m.comparison = comparer.Compare(query, comparer.Analyze(std::move(stored)));
    if (m.comparison.verdict != Verdict::kUnrelated) matches->push_back(std::move(m));
  }
  std::sort(matches->begin(), matches->end(), [](const IndexMatch& x, const IndexMatch& y) {
    return x.comparison.score != y.comparison.score ? x.comparison.score > y.comparison.score
                                                    : x.id < y.id;
  });
  if (matches->size() > limit) matches->resize(limit);
  return true;
}

bool Index::Remove(const std::string& id, bool* found, std::string* error) {
  if (!Exec("BEGIN IMMEDIATE", error)) return false;
  Statement find(db_, "SELECT doc FROM documents WHERE id = ?1");
  sqlite3_bind_text(find.get(), 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
  *found = sqlite3_step(find.get()) == SQLITE_ROW;
  if (*found) {
    int64_t doc = sqlite3_column_int64(find.get(), 0);
    Statement drop_doc(db_, "DELETE FROM documents WHERE doc = ?1");
    sqlite3_bind_int64(drop_doc.get(), 1, doc);
    if (!DeleteKeys(doc, error) || sqlite3_step(drop_doc.get()) != SQLITE_DONE) {
      if (error->empty()) *error = SqliteError(db_, path_);
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
  }
  return Exec("COMMIT", error);
}

bool Index::Get(const std::string& id, Record* record, std::string* error) {
  if (empty_) return false;
  Statement load(db_, "SELECT id, date, bytes, text FROM documents WHERE id = ?1");
  sqlite3_bind_text(load.get(), 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
  if (sqlite3_step(load.get()) != SQLITE_ROW) return false;
  record->id = id;
  record->date = sqlite3_column_type(load.get(), 1) == SQLITE_NULL
                     ? ""
                     : reinterpret_cast<const char*>(sqlite3_column_text(load.get(), 1));
  if (!StoredText(load.get(), 2, &record->text)) {
    *error = "index " + path_ + ": the stored text of \"" + id + "\" is damaged";
    return false;
  }
  return true;
}

bool Index::Stats(IndexStats* stats, std::string* error) {
  if (empty_) {
    *stats = IndexStats{};
    return true;
  }
  if (!RefuseLegacy(error)) return false;
  Statement docs(db_, "SELECT count(*), coalesce(sum(bytes), 0), coalesce(sum(key_count), 0) FROM documents");
  if (!docs.ok() || sqlite3_step(docs.get()) != SQLITE_ROW) {
    *error = SqliteError(db_, path_);
    return false;
  }
  stats->documents = static_cast<size_t>(sqlite3_column_int64(docs.get(), 0));
  stats->text_bytes = static_cast<size_t>(sqlite3_column_int64(docs.get(), 1));
  stats->keys = static_cast<size_t>(sqlite3_column_int64(docs.get(), 2));
  std::error_code ec;
  stats->file_bytes = std::filesystem::file_size(path_, ec);
  auto wal = std::filesystem::file_size(path_ + "-wal", ec);
  if (!ec) stats->file_bytes += wal;
  return true;
}

bool Index::Backup(const std::string& out_path, std::string* error) {
  std::string temp = out_path + ".tmp";
  std::error_code ec;
  std::filesystem::remove(temp, ec);
  sqlite3* out = nullptr;
  auto fail = [&](const std::string& why) {
    *error = "backup to " + out_path + ": " + why;
    if (out != nullptr) sqlite3_close_v2(out);
    std::filesystem::remove(temp, ec);
    return false;
  };
  if (sqlite3_open_v2(temp.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    return fail(sqlite3_errmsg(out));
  }
  sqlite3_backup* backup = sqlite3_backup_init(out, "main", db_, "main");
  if (backup == nullptr) return fail(sqlite3_errmsg(out));
  // All pages in one step: the source is read in one snapshot, which in WAL
  // mode does not block writers on other connections.
  int rc;
  while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return fail(sqlite3_errstr(rc));
  // The copy is a complete database in one file (no WAL beside it).
  char* message = nullptr;
  if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE;", nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : "error";
    sqlite3_free(message);
    return fail(why);
  }
  if (sqlite3_close_v2(out) != SQLITE_OK) {
    out = nullptr;
    return fail("cannot close the copy");
  }
  out = nullptr;
  std::filesystem::rename(temp, out_path, ec);
  if (ec) return fail(ec.message());
  return true;
}

bool Index::Export(const std::function<bool(const Record&)>& each, std::string* error) {
  if (empty_) return true;
  Statement all(db_, "SELECT id, date, bytes, text FROM documents ORDER BY doc");
  if (!all.ok()) {
    *error = SqliteError(db_, path_);
    return false;
  }
  Record r;
  int rc;
  while ((rc = sqlite3_step(all.get())) == SQLITE_ROW) {
    r.id = reinterpret_cast<const char*>(sqlite3_column_text(all.get(), 0));
    r.date = sqlite3_column_type(all.get(), 1) == SQLITE_NULL
                 ? ""
                 : reinterpret_cast<const char*>(sqlite3_column_text(all.get(), 1));
    if (!StoredText(all.get(), 2, &r.text)) {
      *error = "index " + path_ + ": the stored text of \"" + r.id + "\" is damaged";
      return false;
    }
    if (!each(r)) return true;
  }
  if (rc != SQLITE_DONE) {
    *error = SqliteError(db_, path_);
    return false;
  }
  return true;
}

bool Index::Check(CheckReport* report, std::string* error) {
  *report = CheckReport{};
  if (empty_) {
    report->integrity = "ok";
    return true;
  }
  Statement integrity(db_, "PRAGMA integrity_check");
  if (!integrity.ok()) {
    *error = SqliteError(db_, path_);
    return false;
  }
  while (sqlite3_step(integrity.get()) == SQLITE_ROW) {
    if (!report->integrity.empty()) report->integrity += "; ";
    report->integrity += reinterpret_cast<const char*>(sqlite3_column_text(integrity.get(), 0));
  }
  // SQLite 3.40's integrity_check does not look inside FTS5 tables; FTS5's
  // own check of its segments does (for a contentless table, their
  // structure). It is asked for as a write, so on a connection of its own
  // where the file can be written; a read-only file goes without it.
  sqlite3* writer = nullptr;
  if (!legacy_ && access(path_.c_str(), W_OK) == 0 &&
      sqlite3_open_v2(path_.c_str(), &writer, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(writer, kBusyTimeoutMs);
    char* message = nullptr;
    if (sqlite3_exec(writer, "INSERT INTO postings(postings, rank) VALUES('integrity-check', 0)", nullptr,
                     nullptr, &message) != SQLITE_OK) {
      std::string problem = std::string("postings: ") + (message ? message : sqlite3_errmsg(writer));
      report->integrity = report->integrity == "ok" ? problem : report->integrity + "; " + problem;
    }
    sqlite3_free(message);
  }
  sqlite3_close_v2(writer);
  IndexStats stats;
  if (!Stats(&stats, error)) return false;
  report->documents = stats.documents;
  report->keys = stats.keys;
  Statement all(db_, "SELECT id, bytes, text FROM documents");
  std::string text;
  while (all.ok() && sqlite3_step(all.get()) == SQLITE_ROW) {
    if (!StoredText(all.get(), 1, &text)) {
      report->damaged.push_back(reinterpret_cast<const char*>(sqlite3_column_text(all.get(), 0)));
    }
  }
  return true;
}

}  // namespace retold
