#include <iostream>

#include "cli/commands.h"
#include "cli/input.h"
#include "server/server.h"

namespace retold::cli {

void AddServeCommand(CLI::App& app, std::function<int()>* run) {
  auto options = std::make_shared<ServerOptions>();
  auto lexicon_path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the index and the aligner over HTTP, with a web page at /.\n"
      "Endpoints: GET /healthz, POST /v1/compare, POST /v1/documents, POST /v1/query,\n"
      "GET|DELETE /v1/documents/{id}, GET /v1/stats.");
  cmd->add_option("--db", options->db, "the index file (created if missing)")->required();
  cmd->add_option("--host", options->host, "address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", options->port, "port (default 8080)")->check(CLI::Range(1, 65535));
  ByteCount(cmd->add_option("--max-body", options->max_body_bytes,
                            "largest request body in bytes; larger ones get 413 (default 8 MiB; 8M also does)"));
  cmd->add_option("--threads", options->threads,
                  "request threads; each open keep-alive connection holds one (default 64)")
      ->check(CLI::Range(1u, 1024u));
  auto token_file = std::make_shared<std::string>();
  cmd->add_option("--token-file", *token_file,
                  "bearer tokens (one per line) of those who may add and delete documents; "
                  "compare and query stay open unless --private");
  cmd->add_flag("--private", options->private_api, "with --token-file: every /v1/ request needs a token");
  cmd->add_flag("--read-only", options->read_only, "refuse every write (403); the index is opened read-only");
  cmd->add_flag("--quiet", options->quiet, "no log line per request");
  cmd->add_option("--lexicon", *lexicon_path, "compiled WordNet lexicon");
  *run = [options, lexicon_path, token_file, cmd, previous = *run]() -> int {
    if (!cmd->parsed()) return previous ? previous() : 2;
    std::string token_error;
    if (!token_file->empty() && !ReadTokenFile(*token_file, &options->tokens, &token_error)) {
      std::cerr << "retold: " << token_error << "\n";
      return 2;
    }
    if (options->private_api && options->tokens.empty()) {
      std::cerr << "retold: --private needs --token-file FILE\n";
      return 2;
    }
    auto lexicon = OpenLexicon(*lexicon_path);
    if (!lexicon) return 2;
    std::string error;
    int status = Serve(*options, lexicon.get(), &error);
    if (status != 0) std::cerr << "retold: " << error << "\n";
    return status;
  };
}

}  // namespace retold::cli
