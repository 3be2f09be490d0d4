// Reading documents given on the command line, with the checks that turn
// bad input into a clear message instead of a crash or a silent result.
#ifndef RETOLD_CLI_INPUT_H_
#define RETOLD_CLI_INPUT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "retold/corpus.h"
#include "retold/lexicon.h"

namespace retold::cli {

inline constexpr size_t kDefaultMaxDocumentBytes = size_t{64} << 20;

// Reads `path` ("-" is standard input). Returns nullopt and sets `error` to
// "PATH: problem" when the file is missing, unreadable, a directory, empty,
// binary, or larger than `max_bytes`. Invalid UTF-8 is accepted (analysis
// decodes it leniently); `warning` then says how many bytes were invalid.
std::optional<std::string> ReadDocument(const std::string& path, size_t max_bytes,
                                        std::string* error, std::string* warning);

// Opens the lexicon at `path` (empty: Lexicon::DefaultPath()). On failure
// prints "retold: <why>" on stderr and returns null.
std::unique_ptr<Lexicon> OpenLexicon(const std::string& path);

// How a command reads corpus inputs, from the flags every such command has
// (--id-field, --text-field, --date-field, --skip-bad, --max-bytes).
template <typename Flags>
ReaderOptions ReaderOptionsOf(const Flags& flags) {
  ReaderOptions options;
  options.id_field = flags.id_field;
  options.text_field = flags.text_field;
  options.date_field = flags.date_field;
  options.skip_bad = flags.skip_bad;
  options.max_document_bytes = flags.max_bytes;
  return options;
}

}  // namespace retold::cli

#endif  // RETOLD_CLI_INPUT_H_
