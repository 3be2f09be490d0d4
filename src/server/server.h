// `retold serve`: the index and the aligner over HTTP, and the web page.
//
//   GET    /healthz                      {"status": "ok"}
//   POST   /v1/compare    {"a", "b"}     the JSON of compare --json, without paths
//   POST   /v1/documents  {"id", "text", "date"?}   201 created, 200 updated
//   POST   /v1/query      {"text", "limit"?}        {"matches": [...]}
//   GET    /v1/documents/{id}            {"id", "text", "date"?}
//   DELETE /v1/documents/{id}
//   GET    /v1/stats                     {"documents": N, ...}
//   GET    /                             the web page
//
// Who may write: with bearer tokens (ServerOptions::tokens), POST and DELETE
// on /v1/documents need "Authorization: Bearer TOKEN" with one of them, or
// get 401; with `private_api` every /v1/ endpoint does (the page and
// /healthz stay open). `read_only` refuses writes with 403. Tokens are
// compared in constant time and never logged.
//
// Bad JSON, missing fields and wrong types get 400, unknown ids 404, bodies
// over the limit 413, each with {"error": "..."}. Add ?rows=1 to compare and
// query for the aligned sentences of each passage. Requests are served on a
// thread pool; each thread has its own SQLite connection to the index.
#ifndef RETOLD_SERVER_SERVER_H_
#define RETOLD_SERVER_SERVER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "retold/lexicon.h"

namespace retold {

struct ServerOptions {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t max_body_bytes = size_t{8} << 20;
  unsigned threads = 0;  // 0: 64 (a pool thread serves one connection at a time)
  bool quiet = false;    // no per-request log lines
  std::vector<std::string> tokens;  // bearer tokens of writers; empty: no token needed
  bool private_api = false;         // every /v1/ endpoint needs a token
  bool read_only = false;           // no writes at all (403)
};

// Reads bearer tokens, one per line (blank lines and lines starting with #
// are skipped). False with `error` naming the file when it cannot be read
// or holds no token.
bool ReadTokenFile(const std::string& path, std::vector<std::string>* tokens, std::string* error);

// 127.0.0.0/8, ::1 and "localhost": where an open server reaches only this
// machine. Serving anywhere else without tokens or read_only is refused.
bool IsLoopback(const std::string& host);

// Serves until SIGINT or SIGTERM. Returns the process exit status; `error`
// says why it could not start (port in use, index unusable).
int Serve(const ServerOptions& options, const Lexicon* lexicon, std::string* error);

}  // namespace retold

#endif  // RETOLD_SERVER_SERVER_H_
