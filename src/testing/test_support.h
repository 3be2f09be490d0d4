// Helpers shared by the unit tests: the lexicon built with the tests, and
// the repository's sample texts.
#ifndef RETOLD_TESTING_TEST_SUPPORT_H_
#define RETOLD_TESTING_TEST_SUPPORT_H_

#include <gtest/gtest.h>

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

}  // namespace retold::testing

#endif  // RETOLD_TESTING_TEST_SUPPORT_H_
