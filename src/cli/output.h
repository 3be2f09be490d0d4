// Rendering a Comparison: JSON for programs, a side-by-side view for people.
#ifndef RETOLD_CLI_OUTPUT_H_
#define RETOLD_CLI_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "retold/compare.h"

namespace retold::cli {

// {"verdict", "score", "coverage": {"a", "b"}, "passages": [...]} with
// offsets as half-open byte ranges. Paths are added by the caller. With
// `rows`, each passage also lists its aligned sentences (for viewers).
nlohmann::json ComparisonToJson(const Comparison& c, bool rows = false);

// The string, or null when it is empty (a reason nothing decided).
nlohmann::json StringOrNull(std::string_view s);

// One line of JSON; invalid UTF-8 in strings is replaced, never thrown on.
std::string DumpLine(const nlohmann::json& j);

struct TextStyle {
  bool color = false;
  int width = 100;
};

// Verdict, score and coverage, then each passage's two sides in columns.
void PrintComparison(std::ostream& out, const std::string& path_a, const std::string& text_a,
                     const std::string& path_b, const std::string& text_b, const Comparison& c,
                     const TextStyle& style);

}  // namespace retold::cli

#endif  // RETOLD_CLI_OUTPUT_H_
