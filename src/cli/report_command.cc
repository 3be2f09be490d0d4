#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/input.h"
#include "cli/output.h"
#include "common/output_file.h"
#include "report/report.h"
#include "retold/compare.h"

namespace retold::cli {
namespace {

struct ReportFlags {
  std::string a, b;
  std::string dedup_dir;
  std::string out;
  std::string lexicon;
  size_t max_bytes = kDefaultMaxDocumentBytes;
};

// Reads a JSONL file of a dedup run; false with a message naming the line.
bool ReadJsonl(const std::string& path, nlohmann::json* rows, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = path + ": cannot be read (is this the --out directory of retold dedup?)";
    return false;
  }
  *rows = nlohmann::json::array();
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto row = nlohmann::json::parse(line, nullptr, false);
    if (row.is_discarded()) {
      *error = path + ":" + std::to_string(n) + ": invalid JSON";
      return false;
    }
    rows->push_back(std::move(row));
  }
  return true;
}

int RunReport(const ReportFlags& flags) {
  std::string error, html;
  if (!flags.dedup_dir.empty()) {
    nlohmann::json pairs, clusters, documents_rows;
    if (!ReadJsonl(flags.dedup_dir + "/pairs.jsonl", &pairs, &error) ||
        !ReadJsonl(flags.dedup_dir + "/clusters.jsonl", &clusters, &error) ||
        !ReadJsonl(flags.dedup_dir + "/documents.jsonl", &documents_rows, &error)) {
      std::cerr << "retold: " << error << "\n";
      return 2;
    }
    // Runs before recurring passages were reported have no such file.
    nlohmann::json recurring = nlohmann::json::array();
    if (std::filesystem::exists(flags.dedup_dir + "/recurring.jsonl") &&
        !ReadJsonl(flags.dedup_dir + "/recurring.jsonl", &recurring, &error)) {
      std::cerr << "retold: " << error << "\n";
      return 2;
    }
    nlohmann::json documents = nlohmann::json::object();
    for (const auto& row : documents_rows) {
      if (row.contains("id") && row.contains("text")) documents[row["id"].get<std::string>()] = row["text"];
    }
    html = DedupReport(pairs, clusters, recurring, documents);
  } else {
    if (flags.a.empty() || flags.b.empty()) {
      std::cerr << "retold report: give two documents A B, or --dedup DIR (see --help)\n";
      return 2;
    }
    std::string warning;
    auto text_a = ReadDocument(flags.a, flags.max_bytes, &error, &warning);
    auto text_b = text_a ? ReadDocument(flags.b, flags.max_bytes, &error, &warning) : std::nullopt;
    if (!text_a || !text_b) {
      std::cerr << "retold: " << error << "\n";
      return 2;
    }
    auto lexicon = OpenLexicon(flags.lexicon);
    if (!lexicon) return 2;
    Comparer comparer(lexicon.get());
    Document doc_a = comparer.Analyze(*text_a), doc_b = comparer.Analyze(*text_b);
    nlohmann::json result = ComparisonToJson(comparer.Compare(doc_a, doc_b), true);
    AddPivots(doc_a, doc_b, &result);
    html = PairReport(flags.a, *text_a, flags.b, *text_b, result);
  }
  OutputFile out(flags.out);
  out.Write(html);
  if (!out.Commit()) {
    std::cerr << "retold: " << out.error() << "\n";
    return 2;
  }
  std::cout << "wrote " << flags.out << " (" << html.size() << " bytes)\n";
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app, std::function<int()>* run) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write a self-contained HTML page (no network needed) showing two texts side by side\n"
      "with the aligned passages in colour, or the families of a dedup run.");
  cmd->add_option("A", flags->a, "first document");
  cmd->add_option("B", flags->b, "second document");
  cmd->add_option("--dedup", flags->dedup_dir, "the --out directory of a retold dedup run");
  cmd->add_option("--out", flags->out, "the HTML file to write")->required();
  cmd->add_option("--lexicon", flags->lexicon, "compiled WordNet lexicon");
  *run = [flags, cmd, previous = *run]() -> int {
    if (!cmd->parsed()) return previous ? previous() : 2;
    return RunReport(*flags);
  };
}

}  // namespace retold::cli
