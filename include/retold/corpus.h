// Reading a corpus: directories of .txt files, JSONL, JSONL.gz, JSONL.zst or
// standard input, one record at a time (texts never all sit in memory).
//
//   retold::CorpusReader reader({"crawl.jsonl.zst", "archive/"}, options);
//   retold::Record r;
//   while (reader.Next(&r)) { ... r.id, r.text, r.date ... }
//   if (!reader.error().empty()) { ... "crawl.jsonl.zst:1042: invalid JSON ..." }
#ifndef RETOLD_CORPUS_H_
#define RETOLD_CORPUS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace retold {

// Where a record's JSONL line lies: bytes [offset, offset + bytes) of
// input number `input` (the line without its line break), when that input
// is a plain file. Compressed input, standard input and a directory's
// files have no place (`input` is kNone).
struct RecordPlace {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t input = kNone;
  uint64_t offset = 0;
  uint64_t bytes = 0;
  bool known() const { return input != kNone; }
};

struct Record {
  std::string id;
  std::string text;
  std::string date;    // empty when there is no date field
  std::string origin;  // "file:line" or the file's path, for messages
  std::string line;    // with ReaderOptions::keep_line, the JSONL line as read
  RecordPlace place;
};

struct ReaderOptions {
  std::string id_field = "id";
  std::string text_field = "text";
  std::string date_field;            // empty: dates are not read
  // Skip and count bad records instead of stopping; a damaged archive then
  // yields the records before the damage and reading moves to the next input.
  bool skip_bad = false;
  size_t max_document_bytes = size_t{64} << 20;
  // Only bytes [range_begin, range_end) of each plain JSONL input, whose
  // first line there is line range_first_line of the file: for several
  // readers sharing one file (python/retold/dask.py). The range must begin
  // at the start of a line; compressed inputs are refused.
  // Keep each JSONL record's line as read (Record::line), for output that
  // passes records through untouched (dedup --keep).
  bool keep_line = false;
  // With skip_bad, called with "file:line: problem" for each record skipped,
  // in reading order (batch queries report each as a line of their own).
  std::function<void(const std::string&)> on_skip;
  uint64_t range_begin = 0;
  uint64_t range_end = UINT64_MAX;
  size_t range_first_line = 1;
};

class CorpusReader {
 public:
  // Each input is a directory (every *.txt below it, id = relative path), a
  // .jsonl / .jsonl.gz / .jsonl.zst file (compression is recognised by
  // content, not name), or "-" for JSONL on standard input.
  CorpusReader(std::vector<std::string> inputs, ReaderOptions options);
  ~CorpusReader();

  // The next record; false at the end or on an error (then error() says
  // which file, line and field).
  bool Next(Record* record);

  const std::string& error() const { return error_; }
  size_t skipped() const { return skipped_; }           // bad records skipped
  const std::vector<std::string>& skipped_reasons() const { return skipped_reasons_; }
  size_t bytes_read() const { return bytes_read_; }

  // Starts again from the first input (for a second pass).
  void Rewind();

  class Source;  // one input being read (defined in reader.cc)

 private:
  bool OpenNext();
  bool Bad(const std::string& why);

  std::vector<std::string> inputs_;
  ReaderOptions options_;
  size_t next_input_ = 0;
  std::unique_ptr<Source> source_;
  std::string error_;
  size_t skipped_ = 0;
  std::vector<std::string> skipped_reasons_;  // the first few, for the summary
  size_t bytes_read_ = 0;
};

// Reads records again by their places, from any number of threads at once
// (a second pass that needs some documents only, or their lines as read).
//
//   retold::RecordFetcher fetch(inputs, options);  // as given to the reader
//   if (!fetch.Fetch(record.place, &again, &error)) { ... the input changed ... }
class RecordFetcher {
 public:
  RecordFetcher(std::vector<std::string> inputs, ReaderOptions options);
  ~RecordFetcher();
  RecordFetcher(const RecordFetcher&) = delete;
  RecordFetcher& operator=(const RecordFetcher&) = delete;

  // The record at `place`, parsed as CorpusReader parses it. False, with
  // `error` naming the file and offset, when it cannot be read or parsed.
  bool Fetch(const RecordPlace& place, Record* record, std::string* error) const;
  // Appends bytes [offset, offset + bytes) of input `input` to `out`.
  bool ReadBytes(uint32_t input, uint64_t offset, uint64_t bytes, std::string* out, std::string* error) const;
  // The open file of input `input`, for copying its bytes without reading
  // them; -1 when it is not a plain file.
  int FileDescriptor(uint32_t input) const { return input < fds_.size() ? fds_[input] : -1; }

 private:
  std::vector<std::string> inputs_;
  ReaderOptions options_;
  std::vector<int> fds_;  // -1 where an input is not a plain file
};

}  // namespace retold

#endif  // RETOLD_CORPUS_H_
