#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string_view>
#include <vector>

#include "analysis/language.h"
#include "analysis/utf8.h"
#include "cli/output.h"

namespace retold::cli {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kColors[] = {"\x1b[36m", "\x1b[33m", "\x1b[32m", "\x1b[35m", "\x1b[34m"};

size_t Columns(std::string_view s) {
  size_t n = 0;
  for (size_t p = 0; p < s.size();) {
    p += utf8::DecodeAt(s, p).length;
    ++n;
  }
  return n;
}

// Collapses white space and wraps to `width` columns; words longer than a
// line are cut at character boundaries.
std::vector<std::string> Wrap(std::string_view text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t line_cols = 0;
  std::istringstream words{std::string(text)};
  std::string word;
  while (words >> word) {
    while (Columns(word) > width) {
      size_t cut = 0, cols = 0;
      while (cut < word.size() && cols < width) {
        cut += utf8::DecodeAt(word, cut).length;
        ++cols;
      }
      if (!line.empty()) lines.push_back(std::move(line));
      lines.push_back(word.substr(0, cut));
      line.clear();
      line_cols = 0;
      word = word.substr(cut);
    }
    size_t cols = Columns(word);
    if (line_cols > 0 && line_cols + 1 + cols > width) {
      lines.push_back(std::move(line));
      line.clear();
      line_cols = 0;
    }
    if (line_cols > 0) {
      line += ' ';
      ++line_cols;
    }
    line += word;
    line_cols += cols;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

void PrintColumns(std::ostream& out, std::string_view a, std::string_view b, size_t column,
                  const char* color) {
  auto left = Wrap(a, column);
  auto right = Wrap(b, column);
  size_t rows = std::max(left.size(), right.size());
  if (rows == 0) return;
  const char* reset = *color ? kReset : "";
  for (size_t r = 0; r < rows; ++r) {
    std::string l = r < left.size() ? left[r] : "";
    std::string rt = r < right.size() ? right[r] : "";
    out << color << l << reset << std::string(column - Columns(l), ' ') << " | " << color << rt
        << reset << "\n";
  }
  out << std::string(column, ' ') << " |\n";
}

}  // namespace

void PrintComparison(std::ostream& out, const std::string& path_a, const std::string& text_a,
                     const std::string& path_b, const std::string& text_b, const Comparison& c,
                     const TextStyle& style) {
  auto paint = [&](const char* code) { return style.color ? code : ""; };
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, "score %.3f   coverage A %.1f%%  B %.1f%%", c.score,
                100 * c.coverage_a, 100 * c.coverage_b);
  out << paint(kBold) << VerdictName(c.verdict) << paint(kReset) << "   " << numbers << "\n";
  // Languages are named when the pair crosses them.
  auto language = [&c](const std::string& lang) {
    return c.translated && !lang.empty() ? "   (" + LanguageName(lang) + (lang == "en" ? ")" : ", compared in English translation)")
                                         : std::string();
  };
  out << "A: " << path_a << language(c.lang_a) << "\nB: " << path_b << language(c.lang_b) << "\n";
  if (c.passages.empty()) return;
  size_t column = static_cast<size_t>(std::max(20, (style.width - 3) / 2));
  for (size_t i = 0; i < c.passages.size(); ++i) {
    const Passage& p = c.passages[i];
    const char* color = kColors[i % (sizeof kColors / sizeof kColors[0])];
    std::snprintf(numbers, sizeof numbers,
                  "passage %zu   A [%u, %u)   B [%u, %u)   similarity %.2f", i + 1, p.a.begin,
                  p.a.end, p.b.begin, p.b.end, p.similarity);
    out << "\n" << paint(kBold) << paint(color) << numbers << paint(kReset) << "\n";
    // Row by row, with unmatched text between rows shown against nothing.
    uint32_t a_pos = p.a.begin, b_pos = p.b.begin;
    for (size_t r = 0; r <= p.rows.size(); ++r) {
      uint32_t a_next = r < p.rows.size() ? p.rows[r].a.begin : p.a.end;
      uint32_t b_next = r < p.rows.size() ? p.rows[r].b.begin : p.b.end;
      auto between = [](const std::string& text, uint32_t from, uint32_t to) {
        return from < to ? std::string_view(text).substr(from, to - from) : std::string_view();
      };
      PrintColumns(out, between(text_a, a_pos, a_next), between(text_b, b_pos, b_next), column,
                   paint(kDim));
      if (r == p.rows.size()) break;
      const AlignedSentences& row = p.rows[r];
      PrintColumns(out, between(text_a, row.a.begin, row.a.end),
                   between(text_b, row.b.begin, row.b.end), column, paint(color));
      a_pos = row.a.end;
      b_pos = row.b.end;
    }
  }
}

}  // namespace retold::cli
