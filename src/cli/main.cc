// retold: finds rewritten copies of text. See `retold --help`.
#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Past a file-size limit (ulimit -f) a write should fail with EFBIG and be
  // reported, not kill the process halfway through its output.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{
      "retold finds rewritten copies of text: verbatim, near-duplicate, spun by synonym\n"
      "swapping, paraphrased or machine-translated, and shows which passage became which."};
  app.set_version_flag("--version", "retold 0.1.0");
  app.require_subcommand(1);
  std::function<int()> run;
  retold::cli::AddCompareCommand(app, &run);
  retold::cli::AddDedupCommand(app, &run);
  retold::cli::AddIndexCommand(app, &run);
  retold::cli::AddReportCommand(app, &run);
  retold::cli::AddServeCommand(app, &run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return run ? run() : 2;
  } catch (const std::exception& e) {
    std::cerr << "retold: internal error: " << e.what() << "\n";
    return 1;
  }
}
