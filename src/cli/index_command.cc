#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <cctype>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/index_commands.h"
#include "cli/input.h"
#include "cli/output.h"
#include "common/parallel.h"
#include "retold/index.h"

namespace retold::cli {
namespace {


int RunAdd(const IndexFlags& flags) {
  auto lexicon = OpenLexicon(flags.lexicon);
  if (!lexicon) return 2;
  std::string error;
  auto index = Index::Open(flags.db, lexicon.get(), Index::kReadWrite, &error);
  if (!index) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  ReaderOptions options = ReaderOptionsOf(flags);
  CorpusReader reader(flags.inputs, options);
  unsigned threads = ThreadCount(flags.threads);
  const size_t before = index->DocumentsEverAdded();
  AddStats stats;
  auto start = std::chrono::steady_clock::now();
  bool progress = !flags.quiet && isatty(STDERR_FILENO);
  // The next batch is read and analysed while this one is written.
  auto read_and_prepare = [&reader, &index, &flags, threads](std::vector<Record>* batch) {
    batch->clear();
    Record record;
    while (batch->size() < flags.batch && reader.Next(&record)) batch->push_back(std::move(record));
    return index->Prepare(*batch, threads);
  };
  std::vector<Record> batch, next_batch;
  Index::Prepared prepared = read_and_prepare(&batch);
  while (!batch.empty()) {
    bool last = batch.size() < flags.batch;
    std::future<Index::Prepared> next;
    if (!last) next = std::async(std::launch::async, read_and_prepare, &next_batch);
    if (!index->Write(batch, prepared, &stats, &error)) {
      if (next.valid()) next.wait();
      std::cerr << "retold: " << error << " (" << stats.added + stats.updated
                << " documents were committed before this batch)\n";
      return 2;
    }
    if (progress) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      fprintf(stderr, "\r%zu documents, %.0f/s   ", stats.added + stats.updated,
              (stats.added + stats.updated) / std::max(s, 1e-9));
    }
    if (last) break;
    prepared = next.get();
    std::swap(batch, next_batch);
  }
  if (progress) fprintf(stderr, "\n");
  std::cout << "added " << stats.added << ", updated " << stats.updated;
  if (reader.skipped() > 0) std::cout << ", skipped " << reader.skipped() << " bad records";
  std::cout << "\n";
  for (const auto& why : reader.skipped_reasons()) std::cout << "  skipped: " << why << "\n";
  if (!reader.error().empty()) {
    std::cerr << "retold: " << reader.error() << " (documents before it were added)\n";
    return 2;
  }
  // A bulk load (the index at least doubled) leaves its keys in many
  // segments, and queries read every one: they are merged now, as `index
  // optimize` would (a tenth of the load's time), so that a freshly loaded
  // archive answers at full speed. Daily adds leave that to FTS5's own
  // merging and to an occasional `index optimize`.
  if (!flags.no_optimize && stats.added > 0 && stats.added >= before) {
    if (!index->MergeKeys(&error)) {
      std::cerr << "retold: " << error << " (every document was added; run retold index optimize)\n";
      return 2;
    }
    std::cout << "optimized: the key segments merged into one (a bulk load)\n";
  }
  return 0;
}

// One text file (or plain text on standard input) is one query, answered
// as before; several inputs, a directory, or JSONL (plain or compressed)
// are a batch. Standard input is read once, so JSONL there is not
// recognised: save it to a file.
bool IsCorpusInput(const std::vector<std::string>& inputs) {
  if (inputs.size() != 1) return true;
  const std::string& path = inputs.front();
  std::error_code ec;
  if (path == "-") return false;
  if (std::filesystem::is_directory(path, ec)) return true;
  std::ifstream in(path, std::ios::binary);
  char head[512] = {};
  in.read(head, sizeof head);
  size_t n = static_cast<size_t>(in.gcount());
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (n >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return true;                       // gzip
  if (n >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd) return true;  // zstd
  for (size_t i = 0; i < n; ++i) {
    if (!std::isspace(byte(i))) return head[i] == '{';
  }
  return false;
}

int RunQuery(const IndexFlags& flags) {
  auto lexicon = OpenLexicon(flags.lexicon);
  if (!lexicon) return 2;
  if (IsCorpusInput(flags.inputs)) return RunBatchQuery(flags, lexicon.get());
  std::string error, warning;
  auto text = ReadDocument(flags.inputs.front(), flags.max_bytes, &error, &warning);
  if (!text) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  if (!warning.empty()) std::cerr << "retold: warning: " << warning << "\n";
  auto index = Index::Open(flags.db, lexicon.get(), Index::kReadOnly, &error);
  if (!index) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  std::vector<IndexMatch> matches;
  if (!index->Query(*text, flags.limit, &matches, &error)) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  std::erase_if(matches, [&](const IndexMatch& m) { return m.comparison.score < flags.min_score; });
  if (flags.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const IndexMatch& m : matches) {
      nlohmann::json j = {{"id", m.id}};
      if (!m.date.empty()) j["date"] = m.date;
      j.update(ComparisonToJson(m.comparison));
      list.push_back(std::move(j));
    }
    std::cout << DumpLine({{"matches", list}}) << "\n";
    return 0;
  }
  if (matches.empty()) std::cout << "no match in " << flags.db << "\n";
  for (size_t i = 0; i < matches.size(); ++i) {
    const Comparison& c = matches[i].comparison;
    char line[200];
    snprintf(line, sizeof line, "%2zu. %-14s score %.3f  coverage query %.0f%%  indexed %.0f%%  ",
             i + 1, std::string(VerdictName(c.verdict)).c_str(), c.score, 100 * c.coverage_a,
             100 * c.coverage_b);
    std::cout << line << matches[i].id << "\n";
  }
  return 0;
}

int RunRemove(const IndexFlags& flags) {
  std::string error;
  auto lexicon = OpenLexicon(flags.lexicon);  // to recompute the keys it deletes
  if (!lexicon) return 2;
  auto index = Index::Open(flags.db, lexicon.get(), Index::kReadWrite, &error);
  if (!index) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  int status = 0;
  for (const auto& id : flags.ids) {
    bool found = false;
    if (!index->Remove(id, &found, &error)) {
      std::cerr << "retold: " << error << "\n";
      return 2;
    }
    if (!found) {
      std::cerr << "retold: no document \"" << id << "\" in " << flags.db << "\n";
      status = 2;
    } else {
      std::cout << "removed " << id << "\n";
    }
  }
  return status;
}

int RunStats(const IndexFlags& flags) {
  std::string error;
  auto index = Index::Open(flags.db, nullptr, Index::kReadOnly, &error);
  IndexStats stats;
  if (!index || !index->Stats(&stats, &error)) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  if (flags.json) {
    std::cout << DumpLine({{"documents", stats.documents},
                           {"keys", stats.keys},
                           {"text_bytes", stats.text_bytes},
                           {"file_bytes", stats.file_bytes}})
              << "\n";
    return 0;
  }
  std::cout << "documents   " << stats.documents << "\nkeys        " << stats.keys
            << "\ntext        " << stats.text_bytes << " bytes\nfile        " << stats.file_bytes
            << " bytes\n";
  return 0;
}

int RunBackup(const IndexFlags& flags) {
  std::string error;
  auto index = Index::Open(flags.db, nullptr, Index::kReadOnly, &error);
  if (!index || !index->Backup(flags.out, &error)) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  std::cout << "backed up " << flags.db << " to " << flags.out << "\n";
  return 0;
}

int RunExport(const IndexFlags& flags) {
  std::string error;
  auto index = Index::Open(flags.db, nullptr, Index::kReadOnly, &error);
  bool ok = index && index->Export(
                         [](const Record& r) {
                           nlohmann::json j = {{"id", r.id}, {"text", r.text}};
                           if (!r.date.empty()) j["date"] = r.date;
                           std::cout << DumpLine(j) << "\n";
                           return static_cast<bool>(std::cout);
                         },
                         &error);
  std::cout.flush();
  if (!ok || !std::cout) {
    std::cerr << "retold: " << (error.empty() ? "export: cannot write to standard output" : error) << "\n";
    return 2;
  }
  return 0;
}

int RunCheck(const IndexFlags& flags) {
  std::string error;
  auto index = Index::Open(flags.db, nullptr, Index::kReadOnly, &error);
  CheckReport report;
  if (!index || !index->Check(&report, &error)) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  if (flags.json) {
    std::cout << DumpLine({{"ok", report.ok()},
                           {"integrity", report.integrity},
                           {"documents", report.documents},
                           {"keys", report.keys},
                           {"damaged", report.damaged}})
              << "\n";
  } else {
    std::cout << "integrity   " << report.integrity << "\ndocuments   " << report.documents << "\nkeys        "
              << report.keys << "\ndamaged     " << report.damaged.size() << "\n";
    for (const std::string& id : report.damaged) std::cout << "  " << id << "\n";
  }
  return report.ok() ? 0 : 1;
}

int RunOptimize(const IndexFlags& flags) {
  std::string error;
  auto index = Index::Open(flags.db, nullptr, Index::kReadWrite, &error);
  if (!index || !index->MergeKeys(&error)) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  std::cout << "optimized " << flags.db << "\n";
  return 0;
}

void AddInputOptions(CLI::App* cmd, IndexFlags* flags) {
  cmd->add_option("--id-field", flags->id_field, "JSONL field holding the id (default id)");
  cmd->add_option("--text-field", flags->text_field, "JSONL field holding the text (default text)");
  cmd->add_option("--date-field", flags->date_field, "JSONL field holding a date");
  cmd->add_flag("--skip-bad", flags->skip_bad, "skip and count bad records instead of stopping");
  cmd->add_option("--threads", flags->threads, "analysis threads (default: every core)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_flag("--quiet", flags->quiet, "no progress on stderr");
}

}  // namespace

void AddIndexCommand(CLI::App& app, std::function<int()>* run) {
  auto flags = std::make_shared<IndexFlags>();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "A persistent index (one SQLite file) to check new texts against an archive.");
  cmd->require_subcommand(1);
  CLI::App* add = cmd->add_subcommand(
      "add", "Add documents (re-adding an id updates it); each --batch of them is one transaction");
  add->add_option("--db", flags->db, "the index file (created if missing)")->required();
  add->add_option("INPUT", flags->inputs, "directories of .txt, .jsonl[.gz|.zst] files, - for stdin")
      ->required();
  AddInputOptions(add, flags.get());
  add->add_option("--batch", flags->batch,
                  "documents per transaction (default 10000): a crash loses at most one batch; larger "
                  "batches insert keys with better locality")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  add->add_option("--lexicon", flags->lexicon, "compiled WordNet lexicon");
  add->add_flag("--no-optimize", flags->no_optimize,
                "do not merge the key segments at the end of a bulk load (one that at least doubles "
                "the index; see index optimize)");
  CLI::App* query = cmd->add_subcommand(
      "query",
      "Rank the indexed documents each input copies or is copied from: one text file, or\n"
      "a batch (JSONL, .gz, .zst, directories of .txt, several inputs) answered in input order");
  query->add_option("--db", flags->db, "the index file")->required();
  query->add_option("INPUT", flags->inputs,
                    "a text file or - (one query), or inputs as dedup takes them (a batch)")
      ->required();
  query->add_flag("--json", flags->json,
                  "one query: {\"matches\": [{id, verdict, score, coverage, passages, source}]} (a = "
                  "the query); a batch: one {\"id\", \"matches\"} line per document");
  query->add_option("--limit", flags->limit, "most matches per document (default 10)")
      ->check(CLI::Range(size_t{1}, size_t{1000}));
  query->add_option("--min-score", flags->min_score, "leave out matches scoring below this (0-1)")
      ->check(CLI::Range(0.0, 1.0));
  AddInputOptions(query, flags.get());
  query->add_option("--lexicon", flags->lexicon, "compiled WordNet lexicon");
  CLI::App* remove = cmd->add_subcommand("remove", "Remove documents by id");
  remove->add_option("--db", flags->db, "the index file")->required();
  remove->add_option("ID", flags->ids, "ids to remove")->required();
  CLI::App* stats = cmd->add_subcommand("stats", "Count the documents and keys in an index");
  stats->add_option("--db", flags->db, "the index file")->required();
  stats->add_flag("--json", flags->json, "print {\"documents\": N, ...}");
  CLI::App* backup = cmd->add_subcommand(
      "backup", "Copy the index to OUT while it is in use (SQLite's online backup, one snapshot)");
  backup->add_option("--db", flags->db, "the index file")->required();
  backup->add_option("OUT", flags->out, "the copy (written to OUT.tmp, then renamed)")->required();
  CLI::App* exporter = cmd->add_subcommand(
      "export", "Print every document as JSONL ({id, text, date?}), to rebuild or move an archive");
  exporter->add_option("--db", flags->db, "the index file")->required();
  CLI::App* check = cmd->add_subcommand(
      "check", "SQLite's integrity check, counts, and every stored text read back (exit 1 if damaged)");
  check->add_option("--db", flags->db, "the index file")->required();
  check->add_flag("--json", flags->json, "print {\"ok\", \"integrity\", \"documents\", \"keys\", \"damaged\"}");
  CLI::App* optimize = cmd->add_subcommand(
      "optimize", "Merge the key segments into one, for the fastest queries (after a bulk load)");
  optimize->add_option("--db", flags->db, "the index file")->required();
  *run = [flags, add, query, remove, stats, backup, exporter, check, optimize, previous = *run]() -> int {
    if (optimize->parsed()) return RunOptimize(*flags);
    if (backup->parsed()) return RunBackup(*flags);
    if (exporter->parsed()) return RunExport(*flags);
    if (check->parsed()) return RunCheck(*flags);
    if (add->parsed()) return RunAdd(*flags);
    if (query->parsed()) return RunQuery(*flags);
    if (remove->parsed()) return RunRemove(*flags);
    if (stats->parsed()) return RunStats(*flags);
    return previous ? previous() : 2;
  };
}

}  // namespace retold::cli
