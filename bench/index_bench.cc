// Queries per second against a persistent index, one core.
//
//   build/retold_index_bench [--benchmark_filter=...]
//
// Builds a temporary index of 2,000 Reuters-21578 stories from
// ../shared/data (skipped when absent), then queries it with stories that
// lost every third sentence (a match to verify) and with stories that are
// not in the index (candidates to reject).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "bench/bench_support.h"
#include "retold/index.h"

namespace {

struct Fixture {
  std::unique_ptr<retold::Lexicon> lexicon;
  std::unique_ptr<retold::Index> index;
  std::vector<std::string> indexed, outside;
  std::string path;
  bool ok = false;
};

Fixture& Get() {
  static Fixture f = [] {
    Fixture f;
    std::string error;
    f.lexicon = retold::Lexicon::Open(RETOLD_BENCH_LEXICON, &error);
    f.path = (std::filesystem::temp_directory_path() / "retold_index_bench.db").string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(f.path + suffix);
    f.index = retold::Index::Open(f.path, f.lexicon.get(), retold::Index::kReadWrite, &error);
    std::vector<retold::Record> records;
    retold::bench::ForEachReutersBody([&](const std::string& text) {
      if (text.size() < 1500) return true;
      if (records.size() < 2000) {
        std::string id = "r";
        id += std::to_string(records.size());
        records.push_back({id, text, "", "", "", {}});
        if (records.size() % 25 == 0) f.indexed.push_back(text);
      } else {
        f.outside.push_back(text);
      }
      return f.outside.size() < 200;
    });
    if (records.empty()) return f;
    retold::AddStats stats;
    f.ok = f.index->Add(records, 2, &stats, &error);
    return f;
  }();
  return f;
}

void Query(benchmark::State& state, bool derived) {
  Fixture& f = Get();
  if (!f.ok) {
    state.SkipWithError("../shared/data/reuters21578 not found");
    return;
  }
  const auto& texts = derived ? f.indexed : f.outside;
  if (texts.empty()) {
    state.SkipWithError("not enough stories in ../shared/data");
    return;
  }
  std::vector<std::string> queries;
  for (const auto& t : texts) queries.push_back(derived ? retold::bench::DropEveryThirdSentence(t) : t);
  size_t i = 0, found = 0;
  std::vector<retold::IndexMatch> matches;
  std::string error;
  for (auto _ : state) {
    f.index->Query(queries[i++ % queries.size()], 10, &matches, &error);
    found += !matches.empty();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["with_match"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}

void BM_QueryDerivedCopy(benchmark::State& state) { Query(state, true); }
BENCHMARK(BM_QueryDerivedCopy);

void BM_QueryNewStory(benchmark::State& state) { Query(state, false); }
BENCHMARK(BM_QueryNewStory);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  if (!Get().path.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(Get().path + suffix);
  }
  return 0;
}
