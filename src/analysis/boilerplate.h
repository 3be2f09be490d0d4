// Recognises the furniture of web pages and wire copy: "4 min read",
// "Share this article", "Advertisement", "(c) 2022 Example News". Such lines
// are kept in the text (offsets stay true) but never count as evidence.
#ifndef RETOLD_ANALYSIS_BOILERPLATE_H_
#define RETOLD_ANALYSIS_BOILERPLATE_H_

#include <string_view>
#include <vector>

namespace retold {

struct LineFacts {
  std::vector<std::string_view> words;  // folded tokens of the line
  bool own_line = false;                // nothing else on its line
  bool terminated = false;              // ends with . ! ?
};

enum class LineKind {
  kText,       // evidence like any other sentence
  kShortLine,  // a short unpunctuated line: a section name, subheading or button
  kFurniture,  // page furniture or a byline: what a site adds around a story
};

// Anything but kText is boilerplate: kept in the text, never evidence.
LineKind ClassifyLine(const LineFacts& line);

}  // namespace retold

#endif  // RETOLD_ANALYSIS_BOILERPLATE_H_
