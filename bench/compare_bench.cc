// Speed of `compare`, one core: pairs of news-length documents per second,
// the analysis and lexical fingerprint of one document,
// and the cost of opening the lexicon (start-up).
//
//   build/retold_bench                 (all)
//   build/retold_bench --benchmark_filter=Reuters
//
// The Reuters benchmarks read ../shared/data when it is there: stories of
// 2.5-5 KB, paired at random (what candidate verification mostly sees) and
// with a copy of themselves that lost a third of its sentences.
#include <benchmark/benchmark.h>

#include <random>

#include "bench/bench_support.h"
#include "retold/compare.h"
#include "retold/fingerprint.h"

namespace {

using retold::bench::DropEveryThirdSentence;
using retold::bench::ReadFile;
namespace bench = retold::bench;

const retold::Lexicon& Lexicon() {
  static std::unique_ptr<retold::Lexicon> lexicon = [] {
    std::string error;
    auto l = retold::Lexicon::Open(RETOLD_BENCH_LEXICON, &error);
    if (!l) {
      fprintf(stderr, "%s\n", error.c_str());
      std::exit(1);
    }
    return l;
  }();
  return *lexicon;
}

std::string Sample(const char* name) {
  return ReadFile(std::string(RETOLD_SOURCE_DIR) + "/sample/" + name);
}

// Reuters bodies between 2.5 and 5 KB, entities left as they are.
const std::vector<std::string>& ReutersStories() {
  static std::vector<std::string> stories = [] {
    std::vector<std::string> out;
    bench::ForEachReutersBody([&](const std::string& text) {
      if (text.size() >= 2500 && text.size() <= 5000) out.push_back(text);
      return out.size() < 400;
    });
    return out;
  }();
  return stories;
}

void BM_OpenLexicon(benchmark::State& state) {
  for (auto _ : state) {
    std::string error;
    auto lexicon = retold::Lexicon::Open(RETOLD_BENCH_LEXICON, &error);
    benchmark::DoNotOptimize(lexicon->Lookup("negotiation"));
  }
}
BENCHMARK(BM_OpenLexicon);

void BM_AnalyzeSample(benchmark::State& state) {
  retold::Analyzer analyzer(&Lexicon());
  std::string text = Sample("original.txt");
  for (auto _ : state) benchmark::DoNotOptimize(analyzer.Analyze(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AnalyzeSample);

void BM_AnalyzeReuters(benchmark::State& state) {
  const auto& stories = ReutersStories();
  if (stories.empty()) {
    state.SkipWithError("../shared/data/reuters21578 not found");
    return;
  }
  retold::Analyzer analyzer(&Lexicon());
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = stories[i++ % stories.size()];
    bytes += text.size();
    benchmark::DoNotOptimize(analyzer.Analyze(text));
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_AnalyzeReuters);

// What `dedup --mode lexical` spends on each document in its first pass.
void BM_LexicalFingerprintReuters(benchmark::State& state) {
  const auto& stories = ReutersStories();
  if (stories.empty()) {
    state.SkipWithError("../shared/data/reuters21578 not found");
    return;
  }
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = stories[i++ % stories.size()];
    bytes += text.size();
    benchmark::DoNotOptimize(retold::LexicalFingerprint(text));
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_LexicalFingerprintReuters);

// Text in, verdict out: what `compare --pairs` does per line after reading.
void BM_CompareSampleRewrite(benchmark::State& state) {
  retold::Comparer comparer(&Lexicon());
  std::string a = Sample("original.txt"), b = Sample("rewritten.txt");
  for (auto _ : state) benchmark::DoNotOptimize(comparer.Compare(a, b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompareSampleRewrite);

void BM_CompareAnalyzedSampleRewrite(benchmark::State& state) {
  retold::Comparer comparer(&Lexicon());
  auto a = comparer.Analyze(Sample("original.txt"));
  auto b = comparer.Analyze(Sample("rewritten.txt"));
  for (auto _ : state) benchmark::DoNotOptimize(comparer.Compare(a, b));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompareAnalyzedSampleRewrite);

void CompareReuters(benchmark::State& state, bool derived, bool analyzed = false) {
  const auto& stories = ReutersStories();
  if (stories.size() < 2) {
    state.SkipWithError("../shared/data/reuters21578 not found");
    return;
  }
  retold::Comparer comparer(&Lexicon());
  std::mt19937 rng(7);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < 200; ++i) {
    const std::string& a = stories[rng() % stories.size()];
    pairs.emplace_back(a, derived ? DropEveryThirdSentence(a) : stories[rng() % stories.size()]);
  }
  size_t i = 0, bytes = 0;
  if (analyzed) {  // verification alone, as in dedup where each text is analysed once
    std::vector<std::pair<retold::Document, retold::Document>> docs;
    for (const auto& [a, b] : pairs) docs.emplace_back(comparer.Analyze(a), comparer.Analyze(b));
    for (auto _ : state) {
      const auto& [a, b] = docs[i++ % docs.size()];
      bytes += a.text.size() + b.text.size();
      benchmark::DoNotOptimize(comparer.Compare(a, b));
    }
  } else {
    for (auto _ : state) {
      const auto& [a, b] = pairs[i++ % pairs.size()];
      bytes += a.size() + b.size();
      benchmark::DoNotOptimize(comparer.Compare(a, b));
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_CompareReutersRandomPairs(benchmark::State& state) { CompareReuters(state, false); }
BENCHMARK(BM_CompareReutersRandomPairs);

void BM_CompareReutersDerivedPairs(benchmark::State& state) { CompareReuters(state, true); }
BENCHMARK(BM_CompareReutersDerivedPairs);

void BM_CompareAnalyzedReutersRandomPairs(benchmark::State& state) {
  CompareReuters(state, false, true);
}
BENCHMARK(BM_CompareAnalyzedReutersRandomPairs);

void BM_CompareAnalyzedReutersDerivedPairs(benchmark::State& state) {
  CompareReuters(state, true, true);
}
BENCHMARK(BM_CompareAnalyzedReutersDerivedPairs);

}  // namespace

BENCHMARK_MAIN();
