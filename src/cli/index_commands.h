// The `retold index` subcommands' shared flags, and the batch query (in
// index_batch.cc) that index_command.cc hands a day's crawl to.
#ifndef RETOLD_CLI_INDEX_COMMANDS_H_
#define RETOLD_CLI_INDEX_COMMANDS_H_

#include <string>
#include <vector>

#include "cli/input.h"
#include "retold/corpus.h"
#include "retold/lexicon.h"

namespace retold::cli {

struct IndexFlags {
  std::string db;
  std::vector<std::string> inputs;  // add, query
  std::vector<std::string> ids;     // remove
  std::string out;                  // backup
  bool json = false;
  size_t limit = 10;
  size_t batch = 10000;             // add: documents per transaction
  bool no_optimize = false;         // add: never merge the key segments at the end
  double min_score = 0;
  unsigned threads = 0;
  bool skip_bad = false;
  bool quiet = false;
  std::string id_field = "id", text_field = "text", date_field;
  std::string lexicon;
  size_t max_bytes = kDefaultMaxDocumentBytes;
};


// `index query` over inputs as dedup reads them: one answer per document,
// in input order (JSON lines with --json).
int RunBatchQuery(const IndexFlags& flags, const Lexicon* lexicon);

}  // namespace retold::cli

#endif  // RETOLD_CLI_INDEX_COMMANDS_H_
