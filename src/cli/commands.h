// Sub-commands of the retold program. Each registers its options on the
// CLI11 app and returns the exit status: 0 done; 2 bad input, bad usage, or
// a refused write (disk full, read-only), always with a message naming the
// file; 1 only for an internal failure.
#ifndef RETOLD_CLI_COMMANDS_H_
#define RETOLD_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace retold::cli {

// A whole number of at least 1, refused with a message that says so (CLI11's
// own PositiveNumber names a range up to the largest double).
inline const CLI::Validator kAtLeastOne(
    [](std::string& value) -> std::string {
      bool digits = !value.empty(), zero = true;
      for (char c : value) {
        digits = digits && c >= '0' && c <= '9';
        zero = zero && c == '0';
      }
      if (digits && !zero) return "";
      return "must be a whole number of at least 1, not \"" + value + "\"";
    },
    "POSITIVE");

// An option that takes a count of bytes: a number, or one with a unit
// ("64K", "64MiB", "1G"; a K is 1024 bytes), of at least 1.
inline CLI::Option* ByteCount(CLI::Option* option) {
  return option->transform(CLI::AsSizeValue(false))->check(kAtLeastOne);
}

// Each adds a sub-command to `app` and chains its runner into `run`, which
// executes whichever sub-command was given on the command line.
void AddCompareCommand(CLI::App& app, std::function<int()>* run);
void AddDedupCommand(CLI::App& app, std::function<int()>* run);
void AddIndexCommand(CLI::App& app, std::function<int()>* run);
void AddReportCommand(CLI::App& app, std::function<int()>* run);
void AddServeCommand(CLI::App& app, std::function<int()>* run);

}  // namespace retold::cli

#endif  // RETOLD_CLI_COMMANDS_H_
