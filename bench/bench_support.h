// Helpers shared by the Google Benchmark programs in bench/.
#ifndef RETOLD_BENCH_BENCH_SUPPORT_H_
#define RETOLD_BENCH_BENCH_SUPPORT_H_

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>

namespace retold::bench {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Calls `take` with each Reuters-21578 body in ../shared/data, in file
// order, until it returns false. Does nothing when the data is absent.
inline void ForEachReutersBody(const std::function<bool(const std::string&)>& take) {
  std::string dir = std::string(RETOLD_SOURCE_DIR) + "/../shared/data/reuters21578";
  if (!std::filesystem::is_directory(dir)) return;
  std::regex body("<BODY>([\\s\\S]*?)</BODY>");
  for (int i = 0; i < 22; ++i) {
    char name[32];
    snprintf(name, sizeof name, "/reut2-%03d.sgm", i);
    std::string data = ReadFile(dir + name);
    for (auto it = std::sregex_iterator(data.begin(), data.end(), body); it != std::sregex_iterator(); ++it) {
      if (!take((*it)[1])) return;
    }
  }
}

// A derived copy: the text without every third sentence.
inline std::string DropEveryThirdSentence(const std::string& text) {
  std::string out;
  size_t start = 0, n = 0;
  while (start < text.size()) {
    size_t end = text.find(". ", start);
    end = end == std::string::npos ? text.size() : end + 2;
    if (n++ % 3 != 2) out += text.substr(start, end - start);
    start = end;
  }
  return out;
}

}  // namespace retold::bench

#endif  // RETOLD_BENCH_BENCH_SUPPORT_H_
