// Quick checks on a document's bytes before analysis, shared by the
// command line's file reader and the corpus reader.
#ifndef RETOLD_CORPUS_TEXT_CHECKS_H_
#define RETOLD_CORPUS_TEXT_CHECKS_H_

#include <algorithm>
#include <cctype>
#include <string_view>

namespace retold {

// Text may hold tabs, line and form feeds. Control bytes over 5% of the
// first 64 KiB, or NULs over 1% of it (UTF-16, images, archives), mean
// binary. A few stray NULs do occur in real text (a mangled character in a
// scraped page), and such a file is still text.
inline bool LooksBinary(std::string_view data) {
  size_t sample = std::min<size_t>(data.size(), 1 << 16);
  size_t control = 0, nul = 0;
  for (size_t i = 0; i < sample; ++i) {
    unsigned char c = static_cast<unsigned char>(data[i]);
    if (c == 0) ++nul;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') ++control;
  }
  return nul * 100 > sample || control * 20 > sample;
}

inline bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

}  // namespace retold

#endif  // RETOLD_CORPUS_TEXT_CHECKS_H_
