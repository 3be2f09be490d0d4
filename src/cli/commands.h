// Sub-commands of the retold program. Each registers its options on the
// CLI11 app and returns the exit status: 0 done; 2 bad input, bad usage, or
// a refused write (disk full, read-only), always with a message naming the
// file; 1 only for an internal failure.
#ifndef RETOLD_CLI_COMMANDS_H_
#define RETOLD_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>

namespace retold::cli {

// Each adds a sub-command to `app` and chains its runner into `run`, which
// executes whichever sub-command was given on the command line.
void AddCompareCommand(CLI::App& app, std::function<int()>* run);
void AddDedupCommand(CLI::App& app, std::function<int()>* run);
void AddIndexCommand(CLI::App& app, std::function<int()>* run);
void AddReportCommand(CLI::App& app, std::function<int()>* run);
void AddServeCommand(CLI::App& app, std::function<int()>* run);

}  // namespace retold::cli

#endif  // RETOLD_CLI_COMMANDS_H_
