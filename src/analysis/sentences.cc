#include "analysis/sentences.h"

#include <algorithm>
#include <array>

#include "analysis/utf8.h"

namespace retold {
namespace {

using utf8::CharClass;

// Lines shorter than this that end without punctuation are headlines or
// captions rather than wrapped prose.
constexpr size_t kShortLineBytes = 60;
constexpr uint32_t kSoftMaxTokens = 60;

bool IsAbbreviation(std::string_view folded) {
  static constexpr std::array<std::string_view, 34> kAbbreviations = {
      "mr",  "mrs", "ms",  "dr",  "st",   "jr",   "sr",  "prof", "gen", "gov", "sen", "rep",
      "col", "lt",  "sgt", "capt", "rev", "no",   "vs",  "etc",  "jan", "feb", "mar", "apr",
      "jun", "jul", "aug", "sep", "sept", "oct",  "nov", "dec",  "fig", "approx"};
  return folded.size() <= 6 &&
         std::find(kAbbreviations.begin(), kAbbreviations.end(), folded) != kAbbreviations.end();
}

struct Gap {
  int newlines = 0;
  bool indented_after_newline = false;
  bool terminal = false;         // . ! ? …
  bool space_after_terminal = false;
  bool clause_mark = false;      // , ; :
  bool opening_quote_last = false;
  int quote_opens = 0;
  int quote_closes = 0;
};

Gap ReadGap(std::string_view text, size_t begin, size_t end) {
  Gap g;
  if (end == begin + 1 && text[begin] == ' ') return g;  // most gaps: nothing to read
  size_t spaces_after_newline = 0;
  bool after_newline = false;
  for (size_t p = begin; p < end;) {
    utf8::Decoded d = utf8::DecodeAt(text, p);
    CharClass cls = utf8::Classify(d.code_point);
    switch (cls) {
      case CharClass::kNewline:
        ++g.newlines;
        after_newline = true;
        spaces_after_newline = 0;
        break;
      case CharClass::kSpace:
        if (g.terminal) g.space_after_terminal = true;
        if (after_newline) spaces_after_newline += d.code_point == '\t' ? 4 : 1;
        break;
      case CharClass::kSentenceEnd:
        g.terminal = true;
        break;
      case CharClass::kQuoteOpen:
        ++g.quote_opens;
        break;
      case CharClass::kQuoteClose:
        ++g.quote_closes;
        break;
      case CharClass::kQuoteEither: {
        // A straight quote opens when a letter follows it directly.
        bool before_word = p + d.length == end;
        (before_word ? g.quote_opens : g.quote_closes)++;
        break;
      }
      default:
        if (d.code_point == ',' || d.code_point == ';' || d.code_point == ':') g.clause_mark = true;
        break;
    }
    if (cls == CharClass::kNewline) g.space_after_terminal = g.space_after_terminal || g.terminal;
    p += d.length;
  }
  g.indented_after_newline = after_newline && spaces_after_newline >= 2;
  return g;
}

// A blank line, or a line break into an indented line.
bool StartsParagraph(const Gap& g) {
  return g.newlines >= 2 || (g.newlines == 1 && g.indented_after_newline);
}

// A quotation runs from an opening mark to its closing one. A mark left
// unclosed by the end of its paragraph, or for longer than any quotation
// runs, is a stray (a scraped page's "why? Nah, ...) and quotes nothing: it
// must not turn the rest of the document into quotation.
constexpr size_t kMaxQuotationTokens = 150;

void MarkQuotations(const std::vector<Gap>& gaps, std::vector<bool>* in_quote) {
  for (size_t k = 0; k < gaps.size(); ++k) {
    if (gaps[k].quote_opens <= gaps[k].quote_closes) continue;
    size_t limit = std::min(gaps.size(), k + kMaxQuotationTokens);
    for (size_t j = k + 1; j < limit; ++j) {
      const Gap& g = gaps[j];
      if (StartsParagraph(g) || g.quote_opens > g.quote_closes) break;  // unclosed
      if (g.quote_closes > g.quote_opens) {
        for (size_t t = k; t < j && t < in_quote->size(); ++t) (*in_quote)[t] = true;
        k = j - 1;
        break;
      }
    }
  }
}

bool IsOpener(char32_t cp) {
  CharClass c = utf8::Classify(cp);
  return c == CharClass::kQuoteOpen || c == CharClass::kQuoteEither || cp == '(' || cp == '[' ||
         cp == 0x2018;
}

bool IsCloser(char32_t cp) {
  CharClass c = utf8::Classify(cp);
  return c == CharClass::kSentenceEnd || c == CharClass::kQuoteClose ||
         c == CharClass::kQuoteEither || c == CharClass::kApostrophe || cp == ')' || cp == ']';
}

// Answers "is there only white space between here and the line's start (or
// end)?" for positions visited in increasing order, in linear time overall:
// a 30 MB text without a line break must not be rescanned per sentence.
class LineScanner {
 public:
  explicit LineScanner(std::string_view text) : text_(text) {}

  bool OnlySpaceBefore(size_t pos) {
    for (; scanned_ < pos; ++scanned_) {
      if (text_[scanned_] == '\n') line_start_ = scanned_ + 1;
    }
    return Blank(line_start_, pos);
  }

  bool OnlySpaceAfter(size_t pos) {
    if (next_newline_ < pos) {
      next_newline_ = text_.find('\n', pos);
      if (next_newline_ == std::string_view::npos) next_newline_ = text_.size();
    }
    return Blank(pos, next_newline_);
  }

 private:
  // Stops at the first non-blank byte, so the cost is bounded by what the
  // caller's sentences cover.
  bool Blank(size_t from, size_t to) const {
    for (size_t p = from; p < to; ++p) {
      char c = text_[p];
      if (c != ' ' && c != '\t' && c != '\r') return false;
    }
    return true;
  }

  std::string_view text_;
  size_t scanned_ = 0;
  size_t line_start_ = 0;
  size_t next_newline_ = 0;
};

}  // namespace

std::vector<SentenceSpan> SplitSentences(std::string_view text, const Tokens& tokens) {
  std::vector<SentenceSpan> out;
  const auto& toks = tokens.tokens;
  if (toks.empty()) return out;

  std::vector<bool> in_quote(toks.size(), false);
  size_t line_start = text.rfind('\n', toks[0].begin);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;

  // Text without capitals (all lower case, or all upper) gives no capital
  // to start a sentence with; there, ". " alone ends one.
  size_t capitalized = 0, lower = 0;
  for (const RawToken& t : toks) {
    if (t.kind != TokenKind::kWord) continue;
    (t.capitalized ? capitalized : lower)++;
  }
  bool caseless = capitalized * 50 < capitalized + lower || lower * 50 < capitalized + lower;

  // The gap before each token, and the text after the last one.
  std::vector<Gap> gaps(toks.size() + 1);
  gaps[0] = ReadGap(text, 0, toks[0].begin);
  for (size_t k = 1; k < toks.size(); ++k) gaps[k] = ReadGap(text, toks[k - 1].end, toks[k].begin);
  gaps.back() = ReadGap(text, toks.back().end, text.size());
  MarkQuotations(gaps, &in_quote);

  uint32_t first = 0;
  auto close_sentence = [&](uint32_t token_end, bool terminated) {
    SentenceSpan s;
    s.first_token = first;
    s.token_end = token_end;
    s.terminated = terminated;
    out.push_back(s);
    first = token_end;
  };

  for (uint32_t k = 0; k + 1 < toks.size(); ++k) {
    const Gap& g = gaps[k + 1];

    const RawToken& cur = toks[k];
    const RawToken& next = toks[k + 1];
    std::string_view cur_folded = tokens.FoldedOf(cur);
    bool next_starts =
        caseless || next.capitalized || next.kind == TokenKind::kNumber || g.quote_opens > 0;
    // "1." opening a list item, "J." in "J. Smith", "Mr." are not sentence ends.
    bool list_marker = k == first && cur.kind == TokenKind::kNumber && cur_folded.size() <= 2;
    // Only a terminal mark can be an abbreviation's; most gaps are spaces.
    bool abbreviation = g.terminal && (IsAbbreviation(cur_folded) || list_marker ||
                                       (cur_folded.size() == 1 && cur.kind == TokenKind::kWord && cur.capitalized));
    uint32_t length = k + 1 - first;
    bool boundary = false;
    bool terminated = g.terminal;

    if (StartsParagraph(g)) {
      boundary = true;
    } else if (g.terminal && next_starts && !abbreviation &&
               (g.space_after_terminal || g.newlines > 0)) {
      // "U.S. Secretary" goes on; "...including AIDS. Since April" ends.
      bool dotted = cur.kind == TokenKind::kAcronym &&
                    text.substr(cur.begin, cur.end - cur.begin).find('.') != std::string_view::npos;
      boundary = !dotted || g.newlines > 0;
    } else if (g.terminal && !g.space_after_terminal && g.newlines == 0 && next.capitalized &&
               cur.kind == TokenKind::kWord && cur_folded.size() > 1 &&
               next.end - next.begin > 1 && !cur.capitalized) {
      boundary = true;  // "...after 1997.The United States..." (missing space)
    } else if (g.newlines == 1 && cur.end - line_start < kShortLineBytes && !g.clause_mark &&
               next_starts) {
      boundary = true;  // a headline or caption line
    } else if ((length >= kSoftMaxTokens && (g.clause_mark || g.newlines > 0)) ||
               length >= kMaxSentenceTokens) {
      boundary = true;
      terminated = false;
    }
    if (g.newlines > 0) {
      size_t nl = text.rfind('\n', next.begin);
      line_start = nl == std::string_view::npos ? 0 : nl + 1;
    }
    if (boundary) close_sentence(k + 1, terminated);
  }
  close_sentence(static_cast<uint32_t>(toks.size()), false);

  // Byte extents, own-line flags and quote shares.
  LineScanner lines(text);
  for (SentenceSpan& s : out) {
    size_t begin = toks[s.first_token].begin;
    size_t end = toks[s.token_end - 1].end;
    // Pull in an opening quote or bracket right before the first word.
    while (begin > 0) {
      size_t p = begin - 1;
      while (p > 0 && !utf8::IsBoundary(text, p)) --p;
      if (!IsOpener(utf8::DecodeAt(text, p).code_point)) break;
      begin = p;
    }
    bool terminal_seen = false;
    while (end < text.size()) {
      utf8::Decoded d = utf8::DecodeAt(text, end);
      if (!IsCloser(d.code_point)) break;
      if (utf8::Classify(d.code_point) == CharClass::kSentenceEnd) terminal_seen = true;
      end = utf8::SkipStrayContinuations(text, end + d.length);
    }
    s.terminated = s.terminated || terminal_seen;
    s.begin = static_cast<uint32_t>(begin);
    s.end = static_cast<uint32_t>(end);
    s.own_line = lines.OnlySpaceBefore(begin) && lines.OnlySpaceAfter(end);
    uint32_t quoted = 0;
    for (uint32_t t = s.first_token; t < s.token_end; ++t) quoted += in_quote[t] ? 1 : 0;
    s.quote_fraction = static_cast<float>(quoted) / static_cast<float>(s.token_end - s.first_token);
  }
  return out;
}

}  // namespace retold
