// Helpers shared by the unit tests: the lexicon built with the tests, and
// the repository's sample texts.
#ifndef RETOLD_TESTING_TEST_SUPPORT_H_
#define RETOLD_TESTING_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace retold::testing

#endif  // RETOLD_TESTING_TEST_SUPPORT_H_
