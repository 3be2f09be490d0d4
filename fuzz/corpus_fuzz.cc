// Fuzzes the corpus reader on arbitrary files (plain, gzip or zstd, JSONL):
// every record has an id and a text, or the reader reports an error naming
// the file; nothing crashes or hangs.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz/fuzz_support.h"
#include "retold/corpus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace retold;
  static const std::string path = "/tmp/retold-corpus-fuzz-" + std::to_string(getpid()) + ".jsonl";
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  fwrite(data, 1, size, f);
  fclose(f);
  for (bool skip_bad : {false, true}) {
    ReaderOptions options;
    options.skip_bad = skip_bad;
    options.date_field = "date";
    CorpusReader reader({path}, options);
    Record r;
    size_t records = 0;
    while (reader.Next(&r)) {
      RETOLD_FUZZ_CHECK(!r.id.empty());
      RETOLD_FUZZ_CHECK(!r.text.empty());
      ++records;
    }
    if (!reader.error().empty()) RETOLD_FUZZ_CHECK(reader.error().find(path) == 0);
    if (skip_bad) RETOLD_FUZZ_CHECK(reader.error().empty());
  }
  return 0;
}
