#include "retold/index.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "testing/test_support.h"

namespace retold {
namespace {

namespace fs = std::filesystem;

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/index_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    Clean();
  }
  void TearDown() override { Clean(); }
  void Clean() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  std::unique_ptr<Index> OpenRW() {
    std::string error;
    auto index = Index::Open(path_, testing::TestLexicon(), Index::kReadWrite, &error);
    EXPECT_TRUE(index) << error;
    return index;
  }
  static Record Doc(const std::string& id, const std::string& sample) {
    return {id, testing::ReadFile(testing::SamplePath(sample)), "", id, "", {}};
  }

  std::string path_;
};

TEST_F(IndexTest, AddQueryRemoveStats) {
  auto index = OpenRW();
  AddStats added;
  std::string error;
  ASSERT_TRUE(index->Add({Doc("orig", "original.txt"), Doc("other", "same_story.txt")}, 2, &added, &error))
      << error;
  EXPECT_EQ(added.added, 2u);

  std::vector<IndexMatch> matches;
  ASSERT_TRUE(index->Query(testing::ReadFile(testing::SamplePath("rewritten.txt")), 10, &matches, &error));
  ASSERT_EQ(matches.size(), 1u);  // the independent report on the same event is not a match
  EXPECT_EQ(matches[0].id, "orig");
  EXPECT_EQ(matches[0].comparison.verdict, Verdict::kRewrite);

  IndexStats stats;
  ASSERT_TRUE(index->Stats(&stats, &error));
  EXPECT_EQ(stats.documents, 2u);
  EXPECT_GT(stats.keys, 0u);

  bool found = false;
  ASSERT_TRUE(index->Remove("orig", &found, &error));
  EXPECT_TRUE(found);
  ASSERT_TRUE(index->Remove("orig", &found, &error));
  EXPECT_FALSE(found);
  ASSERT_TRUE(index->Query(testing::ReadFile(testing::SamplePath("rewritten.txt")), 10, &matches, &error));
  EXPECT_TRUE(matches.empty());
  size_t keys_left = 0;
  ASSERT_TRUE(index->Stats(&stats, &error));
  keys_left = stats.keys;
  EXPECT_EQ(stats.documents, 1u);
  // Removing the other one leaves no keys behind.
  ASSERT_TRUE(index->Remove("other", &found, &error));
  ASSERT_TRUE(index->Stats(&stats, &error));
  EXPECT_EQ(stats.keys, 0u);
  EXPECT_GT(keys_left, 0u);
}

TEST_F(IndexTest, KeysAcrossSegmentsAreFoundAndRemoved) {
  // Each Add writes a segment of keys; the first is merged (optimized)
  // before the second is written: queries, removal and counts see both.
  std::string error;
  AddStats added;
  {
    auto index = OpenRW();
    ASSERT_TRUE(index->Add({Doc("orig", "original.txt")}, 1, &added, &error)) << error;
    ASSERT_TRUE(index->MergeKeys(&error)) << error;
    ASSERT_TRUE(index->Add({Doc("copy", "rewritten.txt")}, 1, &added, &error)) << error;
  }
  auto names = [](const std::vector<IndexMatch>& matches) {
    std::set<std::string> out;
    for (const IndexMatch& m : matches) out.insert(m.id);
    return out;
  };
  const std::string query = testing::ReadFile(testing::SamplePath("original.txt"));
  std::vector<IndexMatch> matches;
  {
    auto reader = Index::Open(path_, testing::TestLexicon(), Index::kReadOnly, &error);
    ASSERT_TRUE(reader) << error;
    ASSERT_TRUE(reader->Query(query, 10, &matches, &error)) << error;
    EXPECT_EQ(names(matches), (std::set<std::string>{"orig", "copy"}));
  }
  auto index = OpenRW();
  bool found = false;
  ASSERT_TRUE(index->Remove("orig", &found, &error));
  ASSERT_TRUE(index->Query(query, 10, &matches, &error));
  EXPECT_EQ(names(matches), (std::set<std::string>{"copy"}));
  ASSERT_TRUE(index->MergeKeys(&error)) << error;
  ASSERT_TRUE(index->Query(query, 10, &matches, &error));
  EXPECT_EQ(names(matches), (std::set<std::string>{"copy"}));
  ASSERT_TRUE(index->Remove("copy", &found, &error));
  IndexStats stats;
  ASSERT_TRUE(index->Stats(&stats, &error));
  EXPECT_EQ(stats.keys, 0u);
}

TEST_F(IndexTest, ReAddingAnIdUpdatesIt) {
  std::string error;
  AddStats stats;
  {
    auto index = OpenRW();
    ASSERT_TRUE(index->Add({Doc("x", "same_story.txt")}, 1, &stats, &error));
  }
  auto index = OpenRW();  // reopened: incremental
  ASSERT_TRUE(index->Add({Doc("x", "original.txt")}, 1, &stats, &error));
  EXPECT_EQ(stats.added, 1u);
  EXPECT_EQ(stats.updated, 1u);
  IndexStats s;
  ASSERT_TRUE(index->Stats(&s, &error));
  EXPECT_EQ(s.documents, 1u);
  Record r;
  ASSERT_TRUE(index->Get("x", &r, &error));
  EXPECT_EQ(r.text, testing::ReadFile(testing::SamplePath("original.txt")));
  std::vector<IndexMatch> matches;
  ASSERT_TRUE(index->Query(testing::ReadFile(testing::SamplePath("same_story.txt")), 5, &matches, &error));
  EXPECT_TRUE(matches.empty());  // the old text's keys went with it
}

TEST_F(IndexTest, RefusesWhatIsNotAnIndex) {
  std::string error;
  EXPECT_FALSE(Index::Open(path_, nullptr, Index::kReadOnly, &error));
  EXPECT_NE(error.find("no such file"), std::string::npos);
  std::ofstream(path_) << "this is plain text, not a database at all, padded to be long enough........";
  EXPECT_FALSE(Index::Open(path_, nullptr, Index::kReadWrite, &error));
  EXPECT_NE(error.find(path_), std::string::npos) << error;
}

// A first `add` killed before its schema was committed leaves an empty
// SQLite file: it must open (read-only) as an empty index, and accept adds.
TEST_F(IndexTest, EmptyDatabaseOpensAsAnEmptyIndex) {
  { std::ofstream(path_, std::ios::binary); }  // zero bytes, as after an early kill
  std::string error;
  auto reader = Index::Open(path_, testing::TestLexicon(), Index::kReadOnly, &error);
  ASSERT_TRUE(reader) << error;
  IndexStats stats;
  ASSERT_TRUE(reader->Stats(&stats, &error));
  EXPECT_EQ(stats.documents, 0u);
  std::vector<IndexMatch> matches;
  EXPECT_TRUE(reader->Query("some text to look for", 5, &matches, &error));
  EXPECT_TRUE(matches.empty());
  reader.reset();
  auto writer = OpenRW();
  AddStats added;
  EXPECT_TRUE(writer->Add({Doc("a", "original.txt")}, 1, &added, &error)) << error;
}

TEST_F(IndexTest, CheckReportsDamagedKeys) {
  {
    auto index = OpenRW();
    AddStats added;
    std::string error;
    ASSERT_TRUE(index->Add({Doc("orig", "original.txt"), Doc("other", "same_story.txt")}, 1, &added, &error));
  }
  std::string error;
  CheckReport report;
  ASSERT_TRUE(Index::Open(path_, nullptr, Index::kReadOnly, &error)->Check(&report, &error)) << error;
  EXPECT_TRUE(report.ok()) << report.integrity;
  EXPECT_EQ(report.documents, 2u);
  // Scramble one block of the key segments behind SQLite's back.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE postings_data SET block = randomblob(length(block)) "
                             "WHERE id = (SELECT max(id) FROM postings_data)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ASSERT_TRUE(Index::Open(path_, nullptr, Index::kReadOnly, &error)->Check(&report, &error)) << error;
  EXPECT_FALSE(report.ok());
  EXPECT_NE(report.integrity.find("postings"), std::string::npos) << report.integrity;
}

// A file of the first schema (keys in B-tree tables) opens read-only, so
// that its documents can be exported into a new index; anything else says
// how to do that.
TEST_F(IndexTest, FirstSchemaFileOpensForExportOnly) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, R"sql(
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE documents(doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, date TEXT,
                             bytes INTEGER NOT NULL, text BLOB NOT NULL);
      CREATE TABLE keys(key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;
      INSERT INTO meta VALUES('retold_schema', '1');)sql", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  std::string error;
  EXPECT_FALSE(Index::Open(path_, nullptr, Index::kReadWrite, &error));
  EXPECT_NE(error.find("retold index export --db " + path_), std::string::npos) << error;
  auto reader = Index::Open(path_, nullptr, Index::kReadOnly, &error);
  ASSERT_TRUE(reader) << error;
  size_t exported = 0;
  EXPECT_TRUE(reader->Export([&](const Record&) { return ++exported, true; }, &error)) << error;
  EXPECT_EQ(exported, 0u);
  std::vector<IndexMatch> matches;
  error.clear();
  EXPECT_FALSE(reader->Query("any text at all", 5, &matches, &error));
  EXPECT_NE(error.find("earlier retold"), std::string::npos) << error;
}

TEST_F(IndexTest, ReadOnlyFileIsReportedForWrites) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write to read-only files";
  { OpenRW(); }
  ::chmod(path_.c_str(), 0444);
  std::string error;
  EXPECT_FALSE(Index::Open(path_, nullptr, Index::kReadWrite, &error));
  EXPECT_NE(error.find("read-only"), std::string::npos);
  EXPECT_TRUE(Index::Open(path_, nullptr, Index::kReadOnly, &error));
}

}  // namespace
}  // namespace retold
