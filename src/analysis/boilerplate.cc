#include "analysis/boilerplate.h"

#include <algorithm>
#include <array>

namespace retold {
namespace {

// Lines this short that stand alone without punctuation are bylines,
// section names and buttons, or subheadings too short to prove anything.
constexpr size_t kShortLineWords = 4;
constexpr size_t kFurnitureLineWords = 12;

bool HasWord(const std::vector<std::string_view>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

bool HasPair(const std::vector<std::string_view>& words, std::string_view a, std::string_view b) {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == a && words[i + 1] == b) return true;
  }
  return false;
}

}  // namespace

LineKind ClassifyLine(const LineFacts& line) {
  const auto& w = line.words;
  if (w.empty()) return LineKind::kShortLine;
  // "By Jane Doe", "(Reporting by Jane Doe; Editing by Tom Hals)".
  if (line.own_line && w.size() <= kFurnitureLineWords &&
      ((w[0] == "by" && !line.terminated) || HasPair(w, "reporting", "by") || HasPair(w, "editing", "by") ||
       HasPair(w, "writing", "by"))) {
    return LineKind::kFurniture;
  }
  if (w.size() > kFurnitureLineWords) return LineKind::kText;
  static constexpr std::array<std::string_view, 14> kFurniture = {
      "advertisement", "facebook", "twitter", "whatsapp", "linkedin", "pinterest", "newsletter",
      "subscribe", "cookies", "cookie", "copyright", "reddit", "telegram", "instagram"};
  for (auto f : kFurniture) {
    if (HasWord(w, f)) return LineKind::kFurniture;
  }
  if (HasPair(w, "min", "read") || HasPair(w, "read", "more") || HasPair(w, "all", "rights") ||
      HasPair(w, "sign", "up") || HasPair(w, "click", "here") || HasPair(w, "follow", "us") ||
      HasPair(w, "share", "this") || HasPair(w, "related", "articles") ||
      HasPair(w, "related", "stories") || HasPair(w, "minutes", "read")) {
    return LineKind::kFurniture;
  }
  // Buttons that are ordinary words in a sentence: only as a line of their own.
  if (line.own_line && !line.terminated &&
      (HasPair(w, "listen", "to") || HasPair(w, "print", "this") || HasPair(w, "save", "article"))) {
    return LineKind::kFurniture;
  }
  if (line.own_line && !line.terminated && w.size() <= kShortLineWords) return LineKind::kShortLine;
  return LineKind::kText;
}

}  // namespace retold
