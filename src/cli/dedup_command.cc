#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <iostream>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/input.h"
#include "cli/output.h"
#include "common/output_file.h"
#include "common/parallel.h"
#include "dedup/dedup_output.h"
#include "retold/dedup.h"

namespace retold::cli {
namespace {

struct DedupFlags {
  std::vector<std::string> inputs;
  std::string out;
  std::string mode = "full";
  unsigned threads = 0;
  std::string keep;
  bool strip_reused = false;
  size_t min_reused_bytes = 200;
  bool quiet = false;
  bool skip_bad = false;
  std::string id_field = "id", text_field = "text", date_field;
  std::string lexicon;
  size_t max_bytes = kDefaultMaxDocumentBytes;
};

// Standard input can be read once, and dedup reads its input two or three
// times: it is copied to a temporary file first, removed at exit.
class SpooledStdin {
 public:
  ~SpooledStdin() {
    if (!path_.empty()) std::filesystem::remove(path_);
  }
  bool Spool(std::vector<std::string>* inputs, std::string* error) {
    if (std::find(inputs->begin(), inputs->end(), "-") == inputs->end()) return true;
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp ? tmp : "/tmp") + "/retold-stdin-" + std::to_string(getpid());
    OutputFile out(path_);
    char buffer[1 << 16];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) out.Write(std::string_view(buffer, n));
    if (!out.Commit()) {
      *error = "copying standard input: " + out.error();
      return false;
    }
    std::replace(inputs->begin(), inputs->end(), std::string("-"), path_);
    return true;
  }

 private:
  std::string path_;
};

int RunDedup(DedupFlags flags) {
  std::string error;
  if (flags.strip_reused && flags.keep.empty()) {
    std::cerr << "retold: --strip-reused needs --keep FILE (it changes what --keep writes)\n";
    return 2;
  }
  SpooledStdin spool;
  if (!spool.Spool(&flags.inputs, &error)) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  std::unique_ptr<Lexicon> lexicon;
  if (flags.mode == "full") {
    lexicon = OpenLexicon(flags.lexicon);
    if (!lexicon) return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(flags.out, ec);
  if (ec || !std::filesystem::is_directory(flags.out)) {
    std::cerr << "retold: --out " << flags.out << ": cannot create the directory"
              << (ec ? ": " + ec.message() : "") << "\n";
    return 2;
  }
  for (const auto& input : flags.inputs) {
    if (input != "-" && !std::filesystem::exists(input, ec)) {
      std::cerr << "retold: " << input << ": no such file or directory\n";
      return 2;
    }
  }
  DedupOptions options;
  options.lexical_only = flags.mode == "lexical";
  options.threads = flags.threads;
  options.reader = ReaderOptionsOf(flags);
  auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (!flags.quiet && isatty(STDERR_FILENO)) {
    options.progress = [&](size_t documents, int pass) {
      double s = seconds();
      fprintf(stderr, "\rpass %d: %zu documents, %.0f documents/s   ", pass, documents,
              s > 0 ? documents / s : 0.0);
    };
  }
  Deduplicator dedup(lexicon.get(), options);
  DedupResult result;
  KeepStats kept;
  KeepOptions keep_options;
  keep_options.strip_reused = flags.strip_reused;
  keep_options.min_reused_bytes = flags.min_reused_bytes;
  // The kept documents (one more read of the input) are written while the
  // rest is done: they are most of the bytes of a run, and the disk's time,
  // not the cores'. Plain --keep needs the families only, so it starts as
  // soon as they are known, while the recurring passages are joined;
  // --strip-reused cuts those passages too, so it waits for them.
  std::string keep_error;
  std::future<bool> keep_written;
  std::promise<bool> run_succeeded;  // --keep's file replaces the old one only then
  std::shared_future<bool> run_ok = run_succeeded.get_future().share();
  keep_options.commit_if = [run_ok] { return run_ok.get(); };
  auto start_keep = [&] {
    keep_written = std::async(std::launch::async, [&] {
      return WriteKept(flags.inputs, options.reader, result, flags.keep, keep_options, &kept, &keep_error);
    });
  };
  // Likewise the outputs of the first half of the run are written while
  // the second half runs; all are committed together at the end.
  DedupOutputs outputs(flags.out);
  std::future<void> pairs_written;
  bool ran = dedup.RunPairs(flags.inputs, &result, &error);
  if (ran) {
    if (!flags.keep.empty() && !flags.strip_reused) start_keep();
    pairs_written = std::async(std::launch::async, [&] { outputs.WritePairs(result); });
  }
  ran = ran && dedup.RunRecurring(flags.inputs, &result, &error);
  if (!ran) {
    run_succeeded.set_value(false);
    if (keep_written.valid()) keep_written.get();  // its file is left uncommitted
    if (pairs_written.valid()) pairs_written.get();  // and so are these
    if (options.progress) fprintf(stderr, "\n");
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  run_succeeded.set_value(true);
  if (options.progress) fprintf(stderr, "\n");
  const double run_seconds = seconds();
  if (!flags.keep.empty() && flags.strip_reused) start_keep();
  outputs.WriteRecurring(result, ThreadCount(flags.threads));
  pairs_written.get();
  const bool outputs_written = outputs.Commit(&error);
  const bool keep_ok = !keep_written.valid() || keep_written.get();
  if (!outputs_written) {
    std::cerr << "retold: " << error << " (no complete output was written)\n";
    return 2;
  }
  if (!keep_ok) {
    std::cerr << "retold: --keep: " << keep_error << "\n";
    return 2;
  }
  double elapsed = seconds();
  result.stage_seconds.emplace_back(flags.keep.empty() ? "outputs" : "outputs and --keep", elapsed - run_seconds);
  std::map<std::string, size_t> by_verdict;
  for (const DedupPair& p : result.pairs) by_verdict[std::string(VerdictName(p.comparison.verdict))]++;
  size_t families = 0, in_families = 0, partial = 0;
  for (const auto& f : result.families) {
    if (f.members.size() < 2) continue;
    ++families;
    in_families += f.members.size();
  }
  for (const DedupPair& p : result.pairs) partial += !IsWholeDocument(p.comparison.verdict);
  std::cout << "documents      " << result.documents << "\n";
  if (result.skipped > 0) {
    std::cout << "skipped        " << result.skipped << " bad records\n";
    for (const auto& why : result.skipped_reasons) std::cout << "  " << why << "\n";
  }
  const CandidateStats& cs = result.candidate_stats;
  std::cout << "candidates     " << result.candidate_pairs << " pairs verified (proposed by lexical "
            << cs.lexical << ", skeleton " << cs.skeleton << ", winnow " << cs.winnow << ")\n";
  std::cout << "derived pairs  " << result.pairs.size();
  for (const auto& [verdict, n] : by_verdict) std::cout << "  " << verdict << ":" << n;
  std::cout << "\nfamilies       " << families << " of whole copies (" << in_families
            << " documents); " << partial << " partial links between families\n";
  std::cout << "recurring      " << result.recurring.size()
            << " passages found in many documents (recurring.jsonl)\n";
  if (!flags.keep.empty()) std::cout << "kept           " << kept.kept << " documents -> " << flags.keep << "\n";
  if (flags.strip_reused) {
    std::cout << "stripped       " << kept.stripped_bytes << " reused bytes from " << kept.stripped
              << " documents; " << kept.emptied << " left with nothing of their own, not written\n";
  }
  char rate[128];
  snprintf(rate, sizeof rate, "time           %.2f s, %.0f documents/s, %.1f MB/s\n", elapsed,
           result.documents / std::max(elapsed, 1e-9), result.bytes / 1e6 / std::max(elapsed, 1e-9));
  std::cout << rate << "stages        ";
  for (const auto& [stage, took] : result.stage_seconds) {
    snprintf(rate, sizeof rate, " %s %.2f s", stage.c_str(), took);
    std::cout << rate;
  }
  std::cout << "\noutput         " << flags.out << "/pairs.jsonl, clusters.jsonl, "
            << "recurring.jsonl, documents.jsonl\n";
  return 0;
}

}  // namespace

void AddDedupCommand(CLI::App& app, std::function<int()>* run) {
  auto flags = std::make_shared<DedupFlags>();
  CLI::App* cmd = app.add_subcommand(
      "dedup",
      "Find every pair of documents where one is a copy of the other (rewrites included in\n"
      "full mode), group them into families and name each family's likely original.");
  cmd->add_option("INPUT", flags->inputs,
                  "directories of .txt files, .jsonl, .jsonl.gz or .jsonl.zst files, - for stdin")
      ->required();
  cmd->add_option("--out", flags->out,
                  "output directory: pairs.jsonl (verified pairs with passages and source), "
                  "clusters.jsonl (families), recurring.jsonl (passages found in many documents) "
                  "and documents.jsonl (texts of family members, for reports)")
      ->required();
  cmd->add_option("--mode", flags->mode,
                  "full: also spun, translated and paraphrased copies (default); lexical: fast, "
                  "near-duplicates only")
      ->check(CLI::IsMember({"full", "lexical"}));
  cmd->add_option("--threads", flags->threads, "worker threads (default: every core)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--keep", flags->keep,
                  "write the corpus as JSONL without the whole-document copies (exact, near "
                  "duplicate, rewrite) of documents it keeps; each family keeps its original, and "
                  "excerpts and their hosts are both kept");
  cmd->add_flag("--strip-reused", flags->strip_reused,
                "with --keep: cut from each kept document the passages it shares with an earlier kept "
                "one (verified passages and recurring ones), as exact-substring deduplication of "
                "training data does");
  ByteCount(cmd->add_option("--min-reused-bytes", flags->min_reused_bytes,
                            "with --strip-reused: the shortest run cut out, in bytes (default 200)"));
  cmd->add_flag("--quiet", flags->quiet, "no progress on stderr");
  cmd->add_flag("--skip-bad", flags->skip_bad,
                "skip bad records (broken JSON, missing fields) and count them instead of stopping");
  cmd->add_option("--id-field", flags->id_field, "JSONL field holding the id (default id)");
  cmd->add_option("--text-field", flags->text_field, "JSONL field holding the text (default text)");
  cmd->add_option("--date-field", flags->date_field,
                  "JSONL field holding a date (ISO 8601); the earliest member is the original");
  cmd->add_option("--lexicon", flags->lexicon, "compiled WordNet lexicon (see compare --help)");
  ByteCount(cmd->add_option("--max-bytes", flags->max_bytes,
                            "largest document, in bytes (default 64 MiB; 64M, 1G also do)"));
  *run = [flags, cmd, previous = *run]() -> int {
    if (!cmd->parsed()) return previous ? previous() : 2;
    return RunDedup(*flags);
  };
}

}  // namespace retold::cli
