#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/input.h"
#include "cli/output.h"
#include "cli/output_file.h"
#include "retold/dedup.h"

namespace retold::cli {
namespace {

struct DedupFlags {
  std::vector<std::string> inputs;
  std::string out;
  std::string mode = "full";
  unsigned threads = 0;
  std::string keep;
  bool quiet = false;
  bool skip_bad = false;
  std::string id_field = "id", text_field = "text", date_field;
  std::string lexicon;
  size_t max_bytes = kDefaultMaxDocumentBytes;
};

nlohmann::json IdOrNull(const DedupResult& r, uint32_t document) {
  return document == kNoDocument ? nlohmann::json(nullptr) : nlohmann::json(r.ids[document]);
}

bool WriteResults(const DedupFlags& flags, const DedupResult& r, std::string* error) {
  OutputFile pairs(flags.out + "/pairs.jsonl");
  // Partial pairs by document, for the families' "shares" lists.
  std::unordered_map<uint32_t, std::vector<const DedupPair*>> partial_of;
  for (const DedupPair& p : r.pairs) {
    nlohmann::json j = {{"a", r.ids[p.a]}, {"b", r.ids[p.b]}};
    j.update(ComparisonToJson(p.comparison));
    j["source"] = IdOrNull(r, p.source);
    j["source_reason"] = StringOrNull(p.source_reason);
    pairs.WriteLine(DumpLine(j));
    if (!IsWholeDocument(p.comparison.verdict)) {
      partial_of[p.a].push_back(&p);
      partial_of[p.b].push_back(&p);
    }
  }
  OutputFile clusters(flags.out + "/clusters.jsonl");
  for (const DedupFamily& f : r.families) {
    for (const DedupMember& m : f.members) {
      nlohmann::json shares = nlohmann::json::array();
      for (const DedupPair* p : partial_of[m.document]) {
        uint32_t other = p->a == m.document ? p->b : p->a;
        shares.push_back({{"id", r.ids[other]},
                          {"cluster", r.family_of[other]},
                          {"source", IdOrNull(r, p->source)}});
      }
      clusters.WriteLine(DumpLine({{"id", r.ids[m.document]},
                                   {"cluster", f.id},
                                   {"size", f.members.size()},
                                   {"original", m.original},
                                   {"original_basis", StringOrNull(f.original_basis)},
                                   {"relation", m.relation},
                                   {"kept", m.kept},
                                   {"shares", std::move(shares)}}));
    }
  }
  OutputFile recurring(flags.out + "/recurring.jsonl");
  for (size_t k = 0; k < r.recurring.size(); ++k) {
    const RecurringText& t = r.recurring[k];
    nlohmann::json ids = nlohmann::json::array(), spans = nlohmann::json::array();
    for (uint32_t d : t.documents) ids.push_back(r.ids[d]);
    for (const Span& s : t.spans) spans.push_back({s.begin, s.end});
    recurring.WriteLine(DumpLine({{"passage", k + 1},
                                  {"documents", t.documents.size()},
                                  {"text", t.text},
                                  {"in", r.ids[t.documents.front()]},
                                  {"spans", std::move(spans)},
                                  {"ids", std::move(ids)}}));
  }
  // The texts of family members, so that `retold report --dedup DIR` can
  // show them side by side without the corpus.
  OutputFile documents(flags.out + "/documents.jsonl");
  for (const auto& [index, text] : r.member_texts) {
    documents.WriteLine(DumpLine({{"id", r.ids[index]}, {"text", text}}));
  }
  for (OutputFile* file : {&pairs, &clusters, &recurring, &documents}) {
    if (!file->Finish()) {
      *error = file->error();
      return false;
    }
  }
  for (OutputFile* file : {&pairs, &clusters, &recurring, &documents}) {
    if (!file->Commit()) {
      *error = file->error();
      return false;
    }
  }
  return true;
}

// --keep: the corpus again, less the whole copies of kept documents.
bool WriteKept(const DedupFlags& flags, const ReaderOptions& reader_options, const DedupResult& r,
               size_t* kept, std::string* error) {
  std::unordered_set<std::string> dropped;
  for (const DedupFamily& f : r.families) {
    for (const DedupMember& m : f.members) {
      if (!m.kept) dropped.insert(r.ids[m.document]);
    }
  }
  OutputFile out(flags.keep);
  CorpusReader reader(flags.inputs, reader_options);
  Record record;
  *kept = 0;
  while (reader.Next(&record)) {
    if (dropped.contains(record.id)) continue;
    nlohmann::json j = {{"id", record.id}, {"text", record.text}};
    if (!record.date.empty()) j["date"] = record.date;
    out.WriteLine(DumpLine(j));
    ++*kept;
  }
  if (!reader.error().empty()) {
    *error = reader.error();
    return false;
  }
  if (!out.Commit()) {
    *error = out.error();
    return false;
  }
  return true;
}

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
  options.reader.id_field = flags.id_field;
  options.reader.text_field = flags.text_field;
  options.reader.date_field = flags.date_field;
  options.reader.skip_bad = flags.skip_bad;
  options.reader.max_document_bytes = flags.max_bytes;
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
  if (!dedup.Run(flags.inputs, &result, &error)) {
    if (options.progress) fprintf(stderr, "\n");
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  if (options.progress) fprintf(stderr, "\n");
  if (!WriteResults(flags, result, &error)) {
    std::cerr << "retold: " << error << " (no complete output was written)\n";
    return 2;
  }
  size_t kept = 0;
  if (!flags.keep.empty() && !WriteKept(flags, options.reader, result, &kept, &error)) {
    std::cerr << "retold: --keep: " << error << "\n";
    return 2;
  }
  double elapsed = seconds();
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
  if (!flags.keep.empty()) std::cout << "kept           " << kept << " documents -> " << flags.keep << "\n";
  char rate[128];
  snprintf(rate, sizeof rate, "time           %.2f s, %.0f documents/s, %.1f MB/s\n", elapsed,
           result.documents / std::max(elapsed, 1e-9), result.bytes / 1e6 / std::max(elapsed, 1e-9));
  std::cout << rate << "output         " << flags.out << "/pairs.jsonl, clusters.jsonl, "
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
  cmd->add_flag("--quiet", flags->quiet, "no progress on stderr");
  cmd->add_flag("--skip-bad", flags->skip_bad,
                "skip bad records (broken JSON, missing fields) and count them instead of stopping");
  cmd->add_option("--id-field", flags->id_field, "JSONL field holding the id (default id)");
  cmd->add_option("--text-field", flags->text_field, "JSONL field holding the text (default text)");
  cmd->add_option("--date-field", flags->date_field,
                  "JSONL field holding a date (ISO 8601); the earliest member is the original");
  cmd->add_option("--lexicon", flags->lexicon, "compiled WordNet lexicon (see compare --help)");
  cmd->add_option("--max-bytes", flags->max_bytes, "largest document, in bytes (default 64 MiB)")
      ->check(CLI::PositiveNumber);
  *run = [flags, cmd, previous = *run]() -> int {
    if (!cmd->parsed()) return previous ? previous() : 2;
    return RunDedup(*flags);
  };
}

}  // namespace retold::cli
