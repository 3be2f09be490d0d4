#include "common/output_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "testing/test_support.h"

namespace retold {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("retold_output_file_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

// Copied ranges and written text land in the order they were given, and
// nothing is in place until the commit.
TEST_F(OutputFileTest, CopiedRangesAndWritesKeepTheirOrder) {
  const std::string source = Path("source.txt");
  {
    OutputFile in(source);
    in.Write("0123456789abcdefghij");
    ASSERT_TRUE(in.Commit());
  }
  int fd = ::open(source.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  const std::string target = Path("out.txt");
  OutputFile out(target);
  out.Write("<");
  EXPECT_EQ(out.CopyFrom(fd, 10, 5), 5u);
  out.Write("|");
  EXPECT_EQ(out.CopyFrom(fd, 0, 3), 3u);
  out.Write(">");
  // A range past the end copies what there is.
  EXPECT_EQ(out.CopyFrom(fd, 18, 10), 2u);
  EXPECT_TRUE(out.ok());
  EXPECT_FALSE(fs::exists(target));
  ASSERT_TRUE(out.Commit());
  ::close(fd);
  EXPECT_EQ(testing::ReadFile(target), "<abcde|012>ij");
}

// A source the kernel cannot copy from is read and written instead; one
// that cannot be read at all (a pipe) copies nothing, and is no write error.
TEST_F(OutputFileTest, CopyFromWhatCannotBeCopiedIsShort) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  ASSERT_EQ(::write(pipe_fds[1], "abc", 3), 3);
  OutputFile out(Path("out.txt"));
  EXPECT_EQ(out.CopyFrom(pipe_fds[0], 0, 3), 0u);
  EXPECT_TRUE(out.ok()) << out.error();
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

// Written past the page cache, through two buffers in whole blocks, a
// file holds exactly what was written and copied into it, in order,
// whatever its length: several buffers long and ending mid-block, shorter
// than one block, or empty.
TEST_F(OutputFileTest, DirectFileHoldsWhatWasWrittenAndCopied) {
  std::mt19937 rng(5);
  std::string pattern(3'000'001, '\0');
  for (char& c : pattern) c = static_cast<char>('a' + rng() % 26);
  const std::string source = Path("source.txt");
  {
    OutputFile in(source);
    in.Write(pattern);
    ASSERT_TRUE(in.Commit());
  }
  int fd = ::open(source.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  std::string expected;
  const std::string target = Path("direct.txt");
  {
    OutputFile out(target, OutputFile::Mode::kDirect);
    while (expected.size() < (size_t{40} << 20)) {  // five buffers and more
      if (rng() % 2 == 0) {
        std::string piece(1 + rng() % 100'000, static_cast<char>('A' + rng() % 26));
        out.Write(piece);
        expected += piece;
      } else {
        const size_t at = rng() % pattern.size(), bytes = 1 + rng() % 2'000'000;
        const uint64_t copied = out.CopyFrom(fd, at, bytes);
        EXPECT_EQ(copied, std::min(bytes, pattern.size() - at));
        expected += pattern.substr(at, bytes);
      }
    }
    out.Write("the end, mid-block");
    expected += "the end, mid-block";
    EXPECT_TRUE(out.ok()) << out.error();
    EXPECT_FALSE(fs::exists(target));
    ASSERT_TRUE(out.Commit()) << out.error();
  }
  ::close(fd);
  EXPECT_EQ(fs::file_size(target), expected.size());
  EXPECT_TRUE(testing::ReadFile(target) == expected);
  for (const std::string& small : {std::string("abc"), std::string()}) {
    const std::string path = Path("small.txt");
    OutputFile out(path, OutputFile::Mode::kDirect);
    out.Write(small);
    ASSERT_TRUE(out.Commit()) << out.error();
    EXPECT_EQ(testing::ReadFile(path), small);
  }
  // Never committed: nothing is left, not even the temporary file.
  {
    OutputFile out(Path("dropped.txt"), OutputFile::Mode::kDirect);
    out.Write(std::string(9 << 20, 'x'));
  }
  EXPECT_FALSE(fs::exists(Path("dropped.txt")));
  EXPECT_FALSE(fs::exists(Path("dropped.txt.tmp")));
}

}  // namespace
}  // namespace retold
