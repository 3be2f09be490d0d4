// Rendering a Comparison for people: a side-by-side view in the terminal.
// The JSON form lives in json/comparison_json.h.
#ifndef RETOLD_CLI_OUTPUT_H_
#define RETOLD_CLI_OUTPUT_H_

#include <ostream>
#include <string>
#include <string_view>

#include "json/comparison_json.h"
#include "retold/compare.h"

namespace retold::cli {

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
