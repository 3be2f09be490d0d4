#include <gtest/gtest.h>
#include <zstd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "retold/corpus.h"
#include "testing/test_support.h"

namespace retold {
namespace {

class ReaderTest : public testing::TempDirTest {
 protected:
  static std::string Gzip(const std::string& data) { return testing::Gzip(data); }

  static std::string Zstd(const std::string& data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
    return out;
  }

  static std::vector<Record> ReadAll(CorpusReader& reader) {
    std::vector<Record> records;
    Record r;
    while (reader.Next(&r)) records.push_back(r);
    return records;
  }

};

const char* kJsonl =
    "{\"id\": \"a\", \"text\": \"First story.\", \"date\": \"2024-01-02\"}\n"
    "{\"id\": 7, \"text\": \"Second story, with \\\"quotes\\\" and \\u00e9.\", \"extra\": [1, {\"x\": 2}]}\n"
    "\n"
    "{\"text\": \"Third story.\", \"id\": \"c\"}\n";

TEST_F(ReaderTest, JsonlPlainGzipAndZstdReadAlike) {
  for (const auto& path : {Write("c.jsonl", kJsonl), Write("c.jsonl.gz", Gzip(kJsonl)),
                           Write("c.jsonl.zst", Zstd(kJsonl))}) {
    ReaderOptions options;
    options.date_field = "date";
    CorpusReader reader({path}, options);
    auto records = ReadAll(reader);
    ASSERT_TRUE(reader.error().empty()) << reader.error();
    ASSERT_EQ(records.size(), 3u) << path;
    EXPECT_EQ(records[0].id, "a");
    EXPECT_EQ(records[0].date, "2024-01-02");
    EXPECT_EQ(records[1].id, "7");
    EXPECT_EQ(records[1].text, "Second story, with \"quotes\" and \u00e9.");
    EXPECT_EQ(records[2].id, "c");
    EXPECT_EQ(records[2].origin, path + ":4");
  }
}

TEST_F(ReaderTest, CustomFieldNames) {
  ReaderOptions options;
  options.id_field = "url";
  options.text_field = "body";
  CorpusReader reader({Write("d.jsonl", "{\"url\": \"u1\", \"body\": \"Hello there.\"}\n")}, options);
  auto records = ReadAll(reader);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].id, "u1");
}

TEST_F(ReaderTest, DirectoriesOfTextFiles) {
  Write("corpus/b.txt", "Bee story.");
  Write("corpus/sub/a.txt", "Ay story.");
  Write("corpus/notes.md", "not a .txt file");
  CorpusReader reader({(dir_ / "corpus").string()}, ReaderOptions{});
  auto records = ReadAll(reader);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, "b.txt");
  EXPECT_EQ(records[1].id, "sub/a.txt");
  EXPECT_EQ(records[1].text, "Ay story.");
}

TEST_F(ReaderTest, StrayNulsInLongTextAreTextButUtf16IsBinary) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "A sentence of a scraped page about Korean words. ";
  text[500] = '\0';  // a character mangled on the way
  text[1400] = '\0';
  Write("corpus/page.txt", text);
  std::string utf16;
  for (char c : std::string("Bee story in UTF-16.")) utf16 += std::string{c, '\0'};
  Write("corpus/wide.txt", utf16);
  CorpusReader reader({(dir_ / "corpus").string()}, ReaderOptions{});
  Record r;
  ASSERT_TRUE(reader.Next(&r));
  EXPECT_EQ(r.id, "page.txt");
  EXPECT_EQ(r.text.size(), text.size());
  EXPECT_FALSE(reader.Next(&r));
  EXPECT_NE(reader.error().find("wide.txt: looks like a binary file"), std::string::npos);
}

// Several readers share a plain file by byte ranges that begin at line
// starts; messages still name the file's own line numbers.
TEST_F(ReaderTest, ByteRangesOfAPlainFile) {
  std::string path = Write("c.jsonl", kJsonl);
  std::string text = kJsonl;
  uint64_t second = text.find('\n') + 1;
  ReaderOptions first_half;
  first_half.range_end = second;
  CorpusReader a({path}, first_half);
  auto ra = ReadAll(a);
  ASSERT_EQ(ra.size(), 1u);
  EXPECT_EQ(ra[0].id, "a");
  ReaderOptions rest;
  rest.range_begin = second;
  rest.range_first_line = 2;
  CorpusReader b({path}, rest);
  auto rb = ReadAll(b);
  ASSERT_EQ(rb.size(), 2u) << b.error();
  EXPECT_EQ(rb[0].id, "7");
  EXPECT_EQ(rb[1].origin, path + ":4");

  std::string bad = Write("bad.jsonl", std::string(kJsonl) + "{broken\n");
  ReaderOptions tail;
  tail.range_begin = text.size();
  tail.range_first_line = 5;
  CorpusReader c({bad}, tail);
  EXPECT_TRUE(ReadAll(c).empty());
  EXPECT_NE(c.error().find(bad + ":5: invalid JSON"), std::string::npos) << c.error();

  CorpusReader z({Write("c.jsonl.zst", Zstd(kJsonl))}, rest);
  EXPECT_TRUE(ReadAll(z).empty());
  EXPECT_NE(z.error().find("compressed"), std::string::npos) << z.error();
}

// A plain file's records carry where their lines are, across the reader's
// buffer refills and CRLF line ends; a fetcher reads them again from there,
// on any thread. Compressed input has no places.
TEST_F(ReaderTest, PlacesOfPlainLinesFetchTheRecordsAgain) {
  std::string big(3 << 20, 'x');  // longer than one read of the line reader
  std::string data = std::string(kJsonl) + "{\"id\": \"big\", \"text\": \"" + big + "\"}\r\n" +
                     "{\"id\": \"d\", \"text\": \"After the big one.\", \"date\": \"2024-02-03\"}";
  std::vector<std::string> inputs = {Write("p.jsonl", data), Write("p.jsonl.zst", Zstd(kJsonl))};
  ReaderOptions options;
  options.date_field = "date";
  CorpusReader reader(inputs, options);
  auto records = ReadAll(reader);
  ASSERT_TRUE(reader.error().empty()) << reader.error();
  ASSERT_EQ(records.size(), 8u);
  RecordFetcher fetch(inputs, options);
  for (size_t i = 0; i < 5; ++i) {
    const RecordPlace& place = records[i].place;
    ASSERT_TRUE(place.known()) << i;
    EXPECT_EQ(place.input, 0u);
    std::string line = data.substr(place.offset, place.bytes);
    EXPECT_EQ(line.front(), '{');
    EXPECT_EQ(line.back(), '}') << i;  // no '\r', no '\n'
    Record again;
    std::string error;
    ASSERT_TRUE(fetch.Fetch(place, &again, &error)) << error;
    EXPECT_EQ(again.id, records[i].id);
    EXPECT_EQ(again.text, records[i].text);
    EXPECT_EQ(again.date, records[i].date);
  }
  EXPECT_EQ(records[3].text.size(), big.size());
  EXPECT_EQ(records[4].place.offset + records[4].place.bytes, data.size());
  for (size_t i = 5; i < 8; ++i) EXPECT_FALSE(records[i].place.known());

  ReaderOptions rest;  // a reader of a range gives offsets in the whole file
  rest.range_begin = records[1].place.offset;
  CorpusReader ranged({inputs[0]}, rest);
  Record r;
  ASSERT_TRUE(ranged.Next(&r));
  EXPECT_EQ(r.place.offset, records[1].place.offset);

  Record again;
  std::string error;
  RecordPlace inside = records[1].place;
  inside.offset += 3;
  EXPECT_FALSE(fetch.Fetch(inside, &again, &error));
  EXPECT_NE(error.find(inputs[0] + ": at byte " + std::to_string(inside.offset)), std::string::npos) << error;
  RecordPlace past = records[4].place;
  past.offset = data.size() - 2;
  EXPECT_FALSE(fetch.Fetch(past, &again, &error));
  EXPECT_NE(error.find("shorter"), std::string::npos) << error;
  EXPECT_FALSE(fetch.Fetch({1, 0, 10}, &again, &error));  // the compressed input
  EXPECT_NE(error.find("p.jsonl.zst"), std::string::npos) << error;

  // Standard input has no places, even when it is a file.
  ASSERT_NE(std::freopen(inputs[0].c_str(), "r", stdin), nullptr);
  CorpusReader from_stdin({"-"}, options);
  auto piped = ReadAll(from_stdin);
  ASSERT_EQ(piped.size(), 5u) << from_stdin.error();
  for (const Record& p : piped) EXPECT_FALSE(p.place.known());
}

TEST_F(ReaderTest, BadLinesNameFileAndLine) {
  struct Case {
    std::string line;
    std::string message;
  } cases[] = {
      {"{\"id\": \"x\", \"text\": \"broken", "invalid JSON"},
      {"[1, 2]", "expected an object"},
      {"{\"text\": \"no id\"}", "no \"id\" field"},
      {"{\"id\": \"x\"}", "no \"text\" field"},
      {"{\"id\": \"x\", \"text\": 5}", "\"text\" must be a string"},
      {"{\"id\": [1], \"text\": \"t\"}", "\"id\" must be a string or an integer"},
      {"{\"id\": \"x\", \"text\": \"   \"}", "empty \"text\""},
  };
  for (const Case& c : cases) {
    std::string path = Write("bad.jsonl", std::string("{\"id\": \"ok\", \"text\": \"fine\"}\n") + c.line + "\n");
    CorpusReader reader({path}, ReaderOptions{});
    auto records = ReadAll(reader);
    EXPECT_EQ(records.size(), 1u) << c.line;
    EXPECT_NE(reader.error().find(path + ":2: "), std::string::npos) << reader.error();
    EXPECT_NE(reader.error().find(c.message), std::string::npos) << reader.error();
  }
}

TEST_F(ReaderTest, SkipBadCountsAndGoesOn) {
  std::string path = Write("mixed.jsonl",
                           "{\"id\": \"1\", \"text\": \"one\"}\nnot json\n{\"id\": \"3\", \"text\": \"three\"}\n");
  ReaderOptions options;
  options.skip_bad = true;
  CorpusReader reader({path}, options);
  auto records = ReadAll(reader);
  EXPECT_TRUE(reader.error().empty());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(reader.skipped(), 1u);
  EXPECT_NE(reader.skipped_reasons()[0].find(":2:"), std::string::npos);
}

TEST_F(ReaderTest, TruncatedCompressedFilesAreErrors) {
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "{\"id\": \"" + std::to_string(i) + "\", \"text\": \"story number " + std::to_string(i * 7919) + "\"}\n";
  std::string gz = Gzip(big), zst = Zstd(big);
  for (const auto& path : {Write("t.jsonl.gz", gz.substr(0, gz.size() / 2)),
                           Write("t.jsonl.zst", zst.substr(0, zst.size() / 2))}) {
    CorpusReader reader({path}, ReaderOptions{});
    auto records = ReadAll(reader);
    EXPECT_LT(records.size(), 2000u);
    EXPECT_NE(reader.error().find("truncated"), std::string::npos) << path << ": " << reader.error();
  }
}

TEST_F(ReaderTest, SkipBadKeepsWhatPrecedesDamageInAnArchive) {
  std::string big;
  for (int i = 0; i < 2000; ++i) big += "{\"id\": \"" + std::to_string(i) + "\", \"text\": \"story " + std::to_string(i * 7919) + "\"}\n";
  std::string gz = Gzip(big);
  ReaderOptions options;
  options.skip_bad = true;
  CorpusReader reader({Write("cut.jsonl.gz", gz.substr(0, gz.size() / 2)), Write("next.jsonl", kJsonl)}, options);
  auto records = ReadAll(reader);
  EXPECT_TRUE(reader.error().empty());
  EXPECT_EQ(reader.skipped(), 1u);
  EXPECT_GT(records.size(), 3u);
  EXPECT_EQ(records.back().id, "c");  // the next input was read
  for (size_t i = 0; i + 3 < records.size(); ++i) EXPECT_EQ(records[i].id, std::to_string(i));
}

TEST_F(ReaderTest, MissingInputIsAnError) {
  CorpusReader reader({(dir_ / "nope.jsonl").string()}, ReaderOptions{});
  Record r;
  EXPECT_FALSE(reader.Next(&r));
  EXPECT_NE(reader.error().find("nope.jsonl"), std::string::npos);
}

TEST_F(ReaderTest, RewindReadsAgain) {
  CorpusReader reader({Write("r.jsonl", kJsonl)}, ReaderOptions{});
  EXPECT_EQ(ReadAll(reader).size(), 3u);
  reader.Rewind();
  EXPECT_EQ(ReadAll(reader).size(), 3u);
}

}  // namespace
}  // namespace retold
