#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/input.h"
#include "cli/output.h"
#include "common/parallel.h"
#include "retold/compare.h"

namespace retold::cli {
namespace {

struct CompareFlags {
  std::string a, b;
  std::string pairs;
  bool json = false;
  bool pivot = false;
  unsigned threads = 0;
  std::string lexicon;
  std::string color = "auto";
  size_t max_bytes = kDefaultMaxDocumentBytes;
  size_t max_passages = CompareOptions{}.max_passages;
};

int TerminalWidth() {
  if (const char* columns = std::getenv("COLUMNS")) {
    int w = std::atoi(columns);
    if (w >= 40) return w;
  }
  return 100;
}

int RunSingle(const CompareFlags& flags, const Comparer& comparer) {
  std::string error, warning_a, warning_b;
  auto text_a = ReadDocument(flags.a, flags.max_bytes, &error, &warning_a);
  if (!text_a) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  auto text_b = ReadDocument(flags.b, flags.max_bytes, &error, &warning_b);
  if (!text_b) {
    std::cerr << "retold: " << error << "\n";
    return 2;
  }
  for (const auto& w : {warning_a, warning_b}) {
    if (!w.empty()) std::cerr << "retold: warning: " << w << "\n";
  }
  Document doc_a = comparer.Analyze(*text_a);
  Document doc_b = comparer.Analyze(*text_b);
  for (const auto& [path, doc] : {std::pair{&flags.a, &doc_a}, std::pair{&flags.b, &doc_b}}) {
    if (!doc->translation_error.empty()) std::cerr << "retold: warning: " << *path << ": " << doc->translation_error << "; compared as it is\n";
  }
  Comparison c = comparer.Compare(doc_a, doc_b);
  if (flags.json) {
    nlohmann::json j = {{"a", flags.a}, {"b", flags.b}};
    j.update(ComparisonToJson(c));
    if (flags.pivot) AddPivots(doc_a, doc_b, &j);
    std::cout << DumpLine(j) << "\n";
  } else {
    TextStyle style;
    style.color = flags.color == "always" || (flags.color == "auto" && isatty(STDOUT_FILENO));
    style.width = TerminalWidth();
    PrintComparison(std::cout, flags.a, *text_a, flags.b, *text_b, c, style);
  }
  return 0;
}

std::string ComparePairLine(const std::string& line, size_t line_number, const CompareFlags& flags,
                            const Comparer& comparer) {
  size_t tab = line.find('\t');
  if (tab == std::string::npos) {
    nlohmann::json j = {{"a", line},
                        {"b", nullptr},
                        {"error", flags.pairs + ":" + std::to_string(line_number) +
                                      ": expected pathA<TAB>pathB"}};
    return DumpLine(j);
  }
  std::string path_a = line.substr(0, tab), path_b = line.substr(tab + 1);
  nlohmann::json j = {{"a", path_a}, {"b", path_b}};
  std::string error;
  auto text_a = ReadDocument(path_a, flags.max_bytes, &error, nullptr);
  auto text_b = text_a ? ReadDocument(path_b, flags.max_bytes, &error, nullptr) : std::nullopt;
  if (!text_a || !text_b) {
    j["error"] = error;
    return DumpLine(j);
  }
  Document doc_a = comparer.Analyze(std::move(*text_a)), doc_b = comparer.Analyze(std::move(*text_b));
  j.update(ComparisonToJson(comparer.Compare(doc_a, doc_b)));
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& [path, doc] : {std::pair{&path_a, &doc_a}, std::pair{&path_b, &doc_b}}) {
    if (!doc->translation_error.empty()) warnings.push_back(*path + ": " + doc->translation_error);
  }
  if (!warnings.empty()) j["warnings"] = std::move(warnings);
  return DumpLine(j);
}

int RunPairs(const CompareFlags& flags, const Comparer& comparer) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (flags.pairs != "-") {
    std::string error;
    auto probe = ReadDocument(flags.pairs, flags.max_bytes, &error, nullptr);
    if (!probe) {
      std::cerr << "retold: --pairs " << error << "\n";
      return 2;
    }
    file.open(flags.pairs);
    in = &file;
  }
  unsigned threads = ThreadCount(flags.threads);
  constexpr size_t kChunk = 512;  // pairs in flight; bounds memory, keeps order
  std::vector<std::string> lines, results;
  size_t line_number = 0;
  std::string line;
  bool more = true;
  while (more) {
    lines.clear();
    while (lines.size() < kChunk && (more = static_cast<bool>(std::getline(*in, line)))) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
    results.assign(lines.size(), std::string());
    std::atomic<size_t> next{0};
    size_t first_number = line_number + 1;
    auto worker = [&] {
      for (size_t i = next++; i < lines.size(); i = next++) {
        if (lines[i].empty()) continue;
        try {
          results[i] = ComparePairLine(lines[i], first_number + i, flags, comparer);
        } catch (const std::exception& e) {
          results[i] = DumpLine({{"a", lines[i]}, {"error", std::string("internal error: ") + e.what()}});
        }
      }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads && t < lines.size(); ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    for (const auto& r : results) {
      if (!r.empty()) std::cout << r << "\n";
    }
    line_number += lines.size();
  }
  std::cout.flush();
  return 0;
}

}  // namespace

void AddCompareCommand(CLI::App& app, std::function<int()>* run) {
  auto flags = std::make_shared<CompareFlags>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Compare two documents: verdict (exact, near_duplicate, rewrite, partial, unrelated),\n"
      "score, coverage of each side, and the aligned passages with byte offsets.");
  cmd->add_option("A", flags->a, "first document (UTF-8 text file, - for stdin)");
  cmd->add_option("B", flags->b, "second document");
  cmd->add_flag("--json", flags->json,
                "print one JSON object: a, b, verdict, score, coverage {a, b}, passages "
                "[{a: [start, end], b: [start, end], similarity}] (byte offsets, half-open), "
                "lang_a, lang_b, translated");
  cmd->add_flag("--pivot", flags->pivot,
                "with --json: also \"pivot\": the English translation of a side compared through one");
  cmd->add_option("--pairs", flags->pairs,
                  "compare every 'pathA<TAB>pathB' line of this file (- for stdin); prints one "
                  "JSON object per line, in input order; unreadable pairs get an \"error\" field");
  cmd->add_option("--threads", flags->threads, "worker threads for --pairs (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--lexicon", flags->lexicon,
                  "compiled WordNet lexicon (default: $RETOLD_LEXICON, else retold.lex beside "
                  "the program, else the installed one)");
  cmd->add_option("--color", flags->color, "colour in the terminal view: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  ByteCount(cmd->add_option("--max-bytes", flags->max_bytes,
                            "refuse documents larger than this many bytes (default 64 MiB; 64M, 1G also do)"));
  cmd->add_option("--max-passages", flags->max_passages,
                  "report at most this many passages per pair (default 1000)")
      ->check(kAtLeastOne);
  *run = [flags, cmd, previous = *run]() -> int {
    if (!cmd->parsed()) return previous ? previous() : 2;
    if (flags->pairs.empty() && (flags->a.empty() || flags->b.empty())) {
      std::cerr << "retold compare: give two documents A B, or --pairs LIST (see --help)\n";
      return 2;
    }
    if (!flags->pairs.empty() && !flags->a.empty()) {
      std::cerr << "retold compare: give either A B or --pairs LIST, not both\n";
      return 2;
    }
    auto lexicon = OpenLexicon(flags->lexicon);
    if (!lexicon) return 2;
    CompareOptions options;
    options.max_passages = flags->max_passages;
    Comparer comparer(lexicon.get(), options);
    return flags->pairs.empty() ? RunSingle(*flags, comparer) : RunPairs(*flags, comparer);
  };
}

}  // namespace retold::cli
