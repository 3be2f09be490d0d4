#include "common/output_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
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

}  // namespace
}  // namespace retold
