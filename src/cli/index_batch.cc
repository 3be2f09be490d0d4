// `retold index query --db FILE INPUT...`: a day's crawl checked against the
// archive in one command. Documents are read as dedup reads them, queried
// on every core (one read-only SQLite connection per thread), and printed
// in input order.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/index_commands.h"
#include "common/parallel.h"
#include "json/comparison_json.h"
#include "retold/dedup.h"
#include "retold/index.h"

namespace retold::cli {
namespace {

constexpr size_t kQueryBatch = 256;

struct Item {
  Record record;
  std::string error;  // a record that could not be read, or a failed query
  std::vector<IndexMatch> matches;
};

// A match with its likely original named by id, by dedup's rule (the
// earlier of two dates, else the texts' evidence; side a is the query).
nlohmann::json MatchJson(const Record& query, const IndexMatch& m) {
  nlohmann::json j = {{"id", m.id}};
  if (!m.date.empty()) j["date"] = m.date;
  j.update(ComparisonToJson(m.comparison));
  DedupPair pair;  // document 0 the query, 1 the match
  pair.a = 0;
  pair.b = 1;
  pair.comparison = m.comparison;
  DecideSource({query.date, 0}, {m.date, 0}, &pair);
  j["source"] = pair.source == kNoDocument ? nlohmann::json(nullptr) : nlohmann::json(pair.source == 0 ? query.id : m.id);
  j["source_reason"] = StringOrNull(pair.source_reason);
  return j;
}

}  // namespace

int RunBatchQuery(const IndexFlags& flags, const Lexicon* lexicon) {
  unsigned threads = ThreadCount(flags.threads);
  std::vector<std::unique_ptr<Index>> indexes;
  std::string error;
  for (unsigned t = 0; t < threads; ++t) {
    indexes.push_back(Index::Open(flags.db, lexicon, Index::kReadOnly, &error));
    if (!indexes.back()) {
      std::cerr << "retold: " << error << "\n";
      return 2;
    }
  }
  std::vector<Item> batch;
  ReaderOptions options = ReaderOptionsOf(flags);
  options.on_skip = [&batch](const std::string& why) { batch.push_back({{}, why, {}}); };
  CorpusReader reader(flags.inputs, options);
  size_t documents = 0, with_matches = 0, errors = 0;
  auto start = std::chrono::steady_clock::now();
  bool done = false;
  while (!done) {
    batch.clear();
    while (batch.size() < kQueryBatch) {
      Record r;
      if (!reader.Next(&r)) {
        done = true;
        break;
      }
      batch.push_back({std::move(r), {}, {}});
    }
    // Each thread queries through its own connection.
    ParallelFor(batch.size(), threads, [&](size_t i) {
      Item& item = batch[i];
      if (!item.error.empty()) return;
      std::string why;
      if (!indexes[WorkerSlot()]->Query(item.record.text, flags.limit, &item.matches, &why)) {
        item.error = item.record.origin + ": " + why;
        return;
      }
      std::erase_if(item.matches, [&](const IndexMatch& m) { return m.comparison.score < flags.min_score; });
    });
    for (const Item& item : batch) {
      if (!item.error.empty()) {
        ++errors;
        if (flags.json) {
          nlohmann::json j = {{"error", item.error}};
          if (!item.record.id.empty()) j["id"] = item.record.id;
          std::cout << DumpLine(j) << "\n";
        } else {
          std::cout << "error  " << item.error << "\n";
        }
        continue;
      }
      ++documents;
      with_matches += !item.matches.empty();
      if (flags.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const IndexMatch& m : item.matches) list.push_back(MatchJson(item.record, m));
        std::cout << DumpLine({{"id", item.record.id}, {"matches", std::move(list)}}) << "\n";
      } else if (item.matches.empty()) {
        std::cout << item.record.id << "  no match\n";
      } else {
        for (const IndexMatch& m : item.matches) {
          char line[160];
          snprintf(line, sizeof line, "  %-14s score %.3f  coverage %.0f%% / %.0f%%  ",
                   std::string(VerdictName(m.comparison.verdict)).c_str(), m.comparison.score,
                   100 * m.comparison.coverage_a, 100 * m.comparison.coverage_b);
          std::cout << item.record.id << line << m.id << "\n";
        }
      }
    }
    std::cout.flush();
  }
  if (!reader.error().empty()) {
    std::cerr << "retold: " << reader.error() << " (the documents before it were answered)\n";
    return 2;
  }
  if (!flags.json && !flags.quiet) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fprintf(stderr, "%zu documents, %zu with matches, %zu errors, %.1f s (%.0f documents/s)\n", documents,
            with_matches, errors, s, documents / std::max(s, 1e-9));
  }
  return 0;
}

}  // namespace retold::cli
