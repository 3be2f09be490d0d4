// Helpers shared by the unit tests: the lexicon built with the tests, and
// the repository's sample texts.
#ifndef RETOLD_TESTING_TEST_SUPPORT_H_
#define RETOLD_TESTING_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "retold/compare.h"
#include "retold/lexicon.h"

namespace retold::testing {

inline const Lexicon* TestLexicon() {
  static const std::unique_ptr<Lexicon> lexicon = [] {
    std::string error;
    auto l = Lexicon::Open(RETOLD_TEST_LEXICON, &error);
    if (!l) ADD_FAILURE() << error;
    return l;
  }();
  return lexicon.get();
}

// A Comparer with the test lexicon, shared by the tests of one binary.
inline const Comparer& TestComparer() {
  static const Comparer comparer(TestLexicon());
  return comparer;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string SamplePath(const std::string& name) {
  return std::string(RETOLD_SOURCE_DIR) + "/sample/" + name;
}

inline std::string SharedPath(const std::string& relative) {
  return std::string(RETOLD_SOURCE_DIR) + "/../shared/" + relative;
}

// Sentences of made-up words, a vocabulary of its own per seed: text that
// shares nothing with any other.
inline std::string Filler(uint32_t seed, int sentences) {
  std::mt19937 random(seed);
  static const char* kSyllables[] = {"ka", "lo", "mi", "tur", "sen", "vo", "rap", "el", "dun", "qui", "zo", "bar"};
  std::string out;
  for (int s = 0; s < sentences; ++s) {
    int words = 9 + static_cast<int>(random() % 8);
    for (int w = 0; w < words; ++w) {
      std::string word;
      for (int k = 0; k < 3; ++k) word += kSyllables[random() % 12];
      word += std::to_string(seed % 7);  // a seed's words are never another's
      if (w == 0) word[0] = static_cast<char>(word[0] - 32);
      out += word + (w + 1 < words ? " " : ". ");
    }
  }
  return out;
}

// A fixture whose test has a directory of its own, removed after it.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("retold_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `data` to `name` under the directory (folders made as needed).
  std::string Write(const std::string& name, const std::string& data) {
    std::string path = (dir_ / name).string();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }

  std::filesystem::path dir_;
};

inline std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace retold::testing

#endif  // RETOLD_TESTING_TEST_SUPPORT_H_
