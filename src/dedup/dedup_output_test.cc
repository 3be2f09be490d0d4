#include "dedup/dedup_output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "testing/test_support.h"

namespace retold {
namespace {

namespace fs = std::filesystem;

class KeepTest : public testing::TempDirTest {
 public:
  // A JSONL line: id, then `extra` fields, then text.
  static std::string Line(const std::string& id, const std::string& text, const std::string& extra = "") {
    std::string escaped;
    for (char c : text) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (c == '\n') {
        escaped += "\\n";
        continue;
      }
      escaped += c;
    }
    return "{\"id\": \"" + id + "\", " + extra + "\"text\": \"" + escaped + "\"}";
  }

  // Runs lexical dedup over `input`, as DedupAndKeep does.
  static bool RunLexical(const std::string& input, DedupResult* r, std::string* error) {
    DedupOptions options;
    options.lexical_only = true;
    options.threads = 2;
    return Deduplicator(nullptr, options).Run({input}, r, error);
  }

  // Runs lexical dedup over `inputs` and writes --keep to `kept`.
  static bool DedupAndKeep(const std::vector<std::string>& inputs, const std::string& kept, DedupResult* r,
                           KeepStats* stats, std::string* error) {
    DedupOptions options;
    options.lexical_only = true;
    options.threads = 2;
    Deduplicator dedup(nullptr, options);
    if (!dedup.Run(inputs, r, error)) return false;
    return WriteKept(inputs, options.reader, *r, kept, KeepOptions{}, stats, error);
  }

};

// Unique stories, one whole copy of the first with a line added, and
// records with fields of their own, a CRLF line end, a blank line and a
// last line without a line break.
std::vector<std::string> CorpusLines() {
  const std::string story = testing::ReadFile(testing::SamplePath("original.txt"));
  return {KeepTest::Line("a", story, "\"date\": \"2024-01-01\", "),
          KeepTest::Line("b", testing::Filler(1, 12), "\"tags\": [1, {\"x\": 2}], "),
          KeepTest::Line("c", story + "\n\nShare this article with your friends and family today."),
          KeepTest::Line("d", testing::Filler(2, 12)),
          KeepTest::Line("e", testing::Filler(3, 12))};
}

std::string Join(const std::vector<std::string>& lines) {
  return lines[0] + "\r\n\n" + lines[1] + "\n" + lines[2] + "\n" + lines[3] + "\n" + lines[4];
}

std::vector<std::string> LinesOf(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// --keep copies kept lines from a plain file as bytes; from a compressed
// one it writes each record's line as read. Both give the same file: the
// input's lines, less the whole copy.
TEST_F(KeepTest, KeptLinesAreTheInputsLinesWhetherCopiedOrRead) {
  const std::vector<std::string> lines = CorpusLines();
  const std::string data = Join(lines);
  std::vector<std::string> kept_from;
  for (const std::string& input : {Write("c.jsonl", data), Write("c.jsonl.gz", testing::Gzip(data))}) {
    DedupResult r;
    KeepStats stats;
    std::string error, kept = input + ".kept";
    ASSERT_TRUE(DedupAndKeep({input}, kept, &r, &stats, &error)) << error;
    EXPECT_EQ(r.places.empty(), input.ends_with(".gz"));
    EXPECT_EQ(stats.kept, 4u);
    std::vector<std::string> out = LinesOf(kept);
    ASSERT_EQ(out.size(), 4u);
    // One of a and c is left out; every line written is an input line.
    EXPECT_TRUE((out[0] == lines[0]) != (out[1] == lines[2])) << out[0].substr(0, 40);
    EXPECT_EQ(out[out.size() - 3], lines[1]);
    EXPECT_EQ(out[2], lines[3]);
    EXPECT_EQ(out[3], lines[4]);
    kept_from.push_back(testing::ReadFile(kept));
  }
  EXPECT_EQ(kept_from[0], kept_from[1]);
}

// Lines copied as bytes are checked against where they were: an input
// changed between the run and --keep is an error, not a torn file.
TEST_F(KeepTest, AnInputChangedBeforeKeepIsAnError) {
  const std::vector<std::string> lines = CorpusLines();
  const std::string input = Write("c.jsonl", Join(lines));
  DedupResult r;
  std::string error;
  ASSERT_TRUE(RunLexical(input, &r, &error)) << error;
  std::vector<std::string> changed = lines;
  changed[1] = "  " + changed[1];  // every later line moves by two bytes
  Write("c.jsonl", Join(changed));
  KeepStats stats;
  const std::string kept = (dir_ / "kept.jsonl").string();
  EXPECT_FALSE(WriteKept({input}, ReaderOptions{}, r, kept, KeepOptions{}, &stats, &error));
  EXPECT_NE(error.find("c.jsonl: at byte"), std::string::npos) << error;
  EXPECT_NE(error.find("changed"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(kept));
}

// A --keep whose run failed is never committed: the file already at the
// path stays as it was.
TEST_F(KeepTest, AKeepNotToBeCommittedLeavesTheOldFile) {
  const std::string input = Write("c.jsonl", Join(CorpusLines()));
  DedupResult r;
  std::string error;
  ASSERT_TRUE(RunLexical(input, &r, &error)) << error;
  const std::string kept = Write("kept.jsonl", "the old kept file\n");
  KeepOptions keep_options;
  keep_options.commit_if = [] { return false; };
  KeepStats stats;
  EXPECT_FALSE(WriteKept({input}, ReaderOptions{}, r, kept, keep_options, &stats, &error));
  EXPECT_TRUE(error.empty()) << error;
  EXPECT_EQ(testing::ReadFile(kept), "the old kept file\n");
  EXPECT_FALSE(fs::exists(kept + ".tmp"));
  keep_options.commit_if = [] { return true; };
  EXPECT_TRUE(WriteKept({input}, ReaderOptions{}, r, kept, keep_options, &stats, &error)) << error;
  EXPECT_EQ(LinesOf(kept).size(), 4u);
}

// Run in two halves gives what Run gives, the recurring passages too,
// whether pass 2 reads by places or (compressed input) from the start.
TEST_F(KeepTest, RunInTwoHalvesIsRun) {
  std::vector<std::string> lines;
  const std::string wire = "The central bank held its key rate at four per cent on Thursday, as markets had expected. "
                           "Officials said inflation was easing across the region but remained above the target. ";
  for (int d = 0; d < 12; ++d) lines.push_back(Line("doc" + std::to_string(d), testing::Filler(d + 10, 6) + " " + wire));
  std::string data;
  for (const std::string& line : lines) data += line + "\n";
  for (const std::string& input : {Write("w.jsonl", data), Write("w.jsonl.gz", testing::Gzip(data))}) {
    DedupOptions options;
    options.lexical_only = true;
    DedupResult whole, halves;
    std::string error;
    ASSERT_TRUE(Deduplicator(nullptr, options).Run({input}, &whole, &error)) << error;
    Deduplicator dedup(nullptr, options);
    ASSERT_TRUE(dedup.RunPairs({input}, &halves, &error)) << error;
    EXPECT_TRUE(halves.recurring.empty() || input.ends_with(".gz"));
    ASSERT_TRUE(dedup.RunRecurring({input}, &halves, &error)) << error;
    ASSERT_EQ(whole.recurring.size(), halves.recurring.size()) << input;
    ASSERT_FALSE(whole.recurring.empty()) << input;
    for (size_t k = 0; k < whole.recurring.size(); ++k) {
      EXPECT_EQ(whole.recurring[k].documents, halves.recurring[k].documents);
      EXPECT_EQ(whole.recurring[k].text, halves.recurring[k].text);
    }
    EXPECT_EQ(whole.recurring[0].documents.size(), 12u);
    EXPECT_NE(whole.recurring[0].text.find("central bank"), std::string::npos) << whole.recurring[0].text;
    EXPECT_EQ(whole.pairs.size(), halves.pairs.size());
  }
}

// recurring.jsonl is put together on several threads, a block of lines
// each: the file is the same whatever their number, one line a passage in
// order, each line JSON with the passage's ids, place and text.
TEST_F(KeepTest, RecurringLinesAreTheSameOnAnyNumberOfThreads) {
  DedupResult r;
  for (int d = 0; d < 50; ++d) r.ids.push_back("doc \"" + std::to_string(d) + "\"");
  constexpr size_t kPassages = 5000;  // several blocks, the last one short
  for (size_t k = 0; k < kPassages; ++k) {
    RecurringText t;
    for (uint32_t d = k % 7; d < 50; d += 3 + k % 5) t.documents.push_back(d);
    t.spans = {{k, k + 10}, {k + 20, k + 31}};
    t.text = "passage " + std::to_string(k) + " ... \"quoted\"";
    r.recurring.push_back(std::move(t));
  }
  std::vector<std::string> written;
  for (unsigned threads : {1u, 3u}) {
    fs::path dir = dir_ / std::to_string(threads);
    fs::create_directories(dir);
    DedupOutputs outputs(dir.string());
    outputs.WriteRecurring(r, threads);
    std::string error;
    ASSERT_TRUE(outputs.Commit(&error)) << error;
    written.push_back(testing::ReadFile((dir / "recurring.jsonl").string()));
  }
  EXPECT_EQ(written[0], written[1]);
  std::vector<std::string> lines = LinesOf((dir_ / "3" / "recurring.jsonl").string());
  ASSERT_EQ(lines.size(), kPassages);
  for (size_t k : {size_t{0}, size_t{1023}, size_t{1024}, kPassages - 1}) {
    nlohmann::json j = nlohmann::json::parse(lines[k]);
    const RecurringText& t = r.recurring[k];
    EXPECT_EQ(j["passage"], k + 1);
    EXPECT_EQ(j["documents"], t.documents.size());
    EXPECT_EQ(j["ids"][0], r.ids[t.documents[0]]);
    EXPECT_EQ(j["ids"].back(), r.ids[t.documents.back()]);
    EXPECT_EQ(j["in"], r.ids[t.documents[0]]);
    EXPECT_EQ(j["spans"][1][1], k + 31);
    EXPECT_EQ(j["text"], t.text);
  }
}

}  // namespace
}  // namespace retold
