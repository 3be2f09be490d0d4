#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "corpus/byte_stream.h"
#include "corpus/text_checks.h"
#include "retold/corpus.h"

namespace retold {
namespace {

constexpr size_t kMaxReasonsKept = 10;

// One JSONL line (with simdjson's padding reserved after it) into
// `record`; returns the problem, or "" when the record is good.
std::string ParseRecord(simdjson::dom::parser& parser, const std::string& line, const ReaderOptions& options,
                        Record* record) {
  using namespace simdjson;
  if (line.size() > options.max_document_bytes) {
    return "line is " + std::to_string(line.size()) + " bytes, over the document limit";
  }
  // The DOM parser validates the whole line, and dispatches at run time to
  // the fastest kernel the processor has.
  dom::element doc;
  if (auto e = parser.parse(line.data(), line.size(), false).get(doc)) {
    return std::string("invalid JSON (") + error_message(e) + ")";
  }
  dom::object object;
  if (doc.get_object().get(object)) return "invalid JSON (expected an object)";
  bool have_id = false, have_text = false;
  record->date.clear();
  for (auto [key, value] : object) {
    if (key == options.id_field) {
      if (value.is_string()) {
        record->id.assign(std::string_view(value));
      } else if (value.is_int64() || value.is_uint64()) {
        record->id = value.is_int64() ? std::to_string(int64_t(value)) : std::to_string(uint64_t(value));
      } else {
        return "field \"" + options.id_field + "\" must be a string or an integer";
      }
      have_id = true;
    } else if (key == options.text_field) {
      if (!value.is_string()) return "field \"" + options.text_field + "\" must be a string";
      record->text.assign(std::string_view(value));
      have_text = true;
    } else if (!options.date_field.empty() && key == options.date_field) {
      if (!value.is_string()) return "field \"" + options.date_field + "\" must be a string";
      record->date.assign(std::string_view(value));
    }
  }
  if (!have_id) return "no \"" + options.id_field + "\" field";
  if (record->id.empty()) return "empty \"" + options.id_field + "\"";
  if (!have_text) return "no \"" + options.text_field + "\" field";
  if (IsBlank(record->text)) return "empty \"" + options.text_field + "\"";
  return "";
}

}  // namespace

// One input being read: a JSONL stream or a directory's list of files.
class CorpusReader::Source {
 public:
  virtual ~Source() = default;
  // 1 a record, 0 the end, -1 a bad record (`why` set; reading can go on),
  // -2 a fatal error (`why` set).
  virtual int Next(Record* record, std::string* why) = 0;
};

namespace {

class JsonlSource : public CorpusReader::Source {
 public:
  JsonlSource(std::string path, uint32_t input, std::unique_ptr<ByteStream> stream, const ReaderOptions& options)
      : path_(std::move(path)),
        input_(input),
        lines_(std::move(stream), options.range_first_line, options.range_begin),
        options_(options) {}

  int Next(Record* record, std::string* why) override {
    while (lines_.Next(&line_)) {
      if (IsBlank(line_)) continue;
      std::string where = path_ + ":" + std::to_string(lines_.line_number());
      record->origin = where;
      if (options_.keep_line) record->line = line_;
      record->place = {};
      if (lines_.plain()) record->place = {input_, lines_.line_offset(), line_.size()};
      line_.reserve(line_.size() + simdjson::SIMDJSON_PADDING);
      std::string problem = ParseRecord(parser_, line_, options_, record);
      if (!problem.empty()) {
        *why = where + ": " + problem;
        return -1;
      }
      return 1;
    }
    if (!lines_.error().empty()) {
      *why = path_ + ": after line " + std::to_string(lines_.line_number()) + ": " + lines_.error();
      return -2;
    }
    return 0;
  }

 private:
  std::string path_;
  uint32_t input_;
  LineReader lines_;
  const ReaderOptions& options_;
  simdjson::dom::parser parser_;
  // The line being parsed, kept from record to record so that its room
  // (with simdjson's padding) is made once, not twice a record.
  std::string line_;
};

class DirectorySource : public CorpusReader::Source {
 public:
  DirectorySource(std::filesystem::path root, const ReaderOptions& options)
      : root_(std::move(root)), options_(options) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".txt") files_.push_back(it->path());
    }
    std::sort(files_.begin(), files_.end());
  }

  int Next(Record* record, std::string* why) override {
    if (next_ >= files_.size()) return 0;
    const auto& path = files_[next_++];
    record->origin = path.string();
    record->place = {};
    record->id = std::filesystem::relative(path, root_).string();
    record->date.clear();
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) {
      *why = path.string() + ": " + ec.message();
      return -1;
    }
    if (size > options_.max_document_bytes) {
      *why = path.string() + ": " + std::to_string(size) + " bytes, over the document limit";
      return -1;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      *why = path.string() + ": cannot be read";
      return -1;
    }
    std::stringstream s;
    s << in.rdbuf();
    record->text = s.str();
    if (IsBlank(record->text)) {
      *why = path.string() + ": empty file";
      return -1;
    }
    if (LooksBinary(record->text)) {
      *why = path.string() + ": looks like a binary file, not text";
      return -1;
    }
    return 1;
  }

 private:
  std::filesystem::path root_;
  const ReaderOptions& options_;
  std::vector<std::filesystem::path> files_;
  size_t next_ = 0;
};

}  // namespace

CorpusReader::CorpusReader(std::vector<std::string> inputs, ReaderOptions options)
    : inputs_(std::move(inputs)), options_(std::move(options)) {}

CorpusReader::~CorpusReader() = default;

void CorpusReader::Rewind() {
  next_input_ = 0;
  source_.reset();
  error_.clear();
  skipped_ = 0;
  skipped_reasons_.clear();
  bytes_read_ = 0;
}

bool CorpusReader::OpenNext() {
  source_.reset();
  if (next_input_ >= inputs_.size()) return false;
  const std::string& input = inputs_[next_input_++];
  std::error_code ec;
  if (input != "-" && std::filesystem::is_directory(input, ec)) {
    source_ = std::make_unique<DirectorySource>(input, options_);
    return true;
  }
  std::string error;
  bool ranged = options_.range_begin != 0 || options_.range_end != UINT64_MAX;
  auto stream = ranged ? ByteStream::OpenRange(input, options_.range_begin, options_.range_end, &error)
                       : ByteStream::Open(input, &error);
  if (!stream) {
    error_ = error;
    return false;
  }
  source_ = std::make_unique<JsonlSource>(input, static_cast<uint32_t>(next_input_ - 1), std::move(stream), options_);
  return true;
}

bool CorpusReader::Bad(const std::string& why) {
  if (!options_.skip_bad) {
    error_ = why;
    return false;
  }
  ++skipped_;
  if (skipped_reasons_.size() < kMaxReasonsKept) skipped_reasons_.push_back(why);
  if (options_.on_skip) options_.on_skip(why);
  return true;
}

bool CorpusReader::Next(Record* record) {
  if (!error_.empty()) return false;
  while (true) {
    if (!source_ && !OpenNext()) return false;
    std::string why;
    int rc = source_->Next(record, &why);
    if (rc == 1) {
      bytes_read_ += record->text.size();
      return true;
    }
    if (rc == 0) {
      source_.reset();
      continue;
    }
    if (rc == -2) {
      // The rest of this input cannot be read (a truncated archive). With
      // skip_bad the records before the damage count and reading goes on
      // with the next input; otherwise it is an error.
      source_.reset();
      if (!Bad(why + " (the rest of this input was not read)")) return false;
      continue;
    }
    if (!Bad(why)) return false;
  }
}

RecordFetcher::RecordFetcher(std::vector<std::string> inputs, ReaderOptions options)
    : inputs_(std::move(inputs)), options_(std::move(options)) {
  for (const std::string& input : inputs_) {
    int fd = input == "-" ? -1 : ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
      ::close(fd);
      fd = -1;
    }
    fds_.push_back(fd);
  }
}

RecordFetcher::~RecordFetcher() {
  for (int fd : fds_) {
    if (fd >= 0) ::close(fd);
  }
}

bool RecordFetcher::ReadBytes(uint32_t input, uint64_t offset, uint64_t bytes, std::string* out,
                              std::string* error) const {
  if (input >= fds_.size() || fds_[input] < 0) {
    *error = (input < inputs_.size() ? inputs_[input] : std::string("input")) + ": cannot be read by offset";
    return false;
  }
  size_t old = out->size();
  out->resize(old + bytes);
  uint64_t done = 0;
  while (done < bytes) {
    ssize_t n = ::pread(fds_[input], out->data() + old + done, bytes - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      out->resize(old);
      *error = inputs_[input] + ": at byte " + std::to_string(offset + done) + ": " +
               (n < 0 ? std::strerror(errno) : "the file is shorter than when it was first read");
      return false;
    }
    done += static_cast<uint64_t>(n);
  }
  return true;
}

bool RecordFetcher::Fetch(const RecordPlace& place, Record* record, std::string* error) const {
  // A parser and a line of its own for each call: kept per thread, they
  // would hold the size of the largest document ever fetched.
  simdjson::dom::parser parser;
  std::string line;
  line.reserve(place.bytes + simdjson::SIMDJSON_PADDING);
  if (!ReadBytes(place.input, place.offset, place.bytes, &line, error)) return false;
  std::string problem = ParseRecord(parser, line, options_, record);
  if (!problem.empty()) {
    *error = inputs_[place.input] + ": at byte " + std::to_string(place.offset) + ": " + problem;
    return false;
  }
  record->origin = inputs_[place.input] + ": at byte " + std::to_string(place.offset);
  record->place = place;
  if (options_.keep_line) record->line = line;
  return true;
}

}  // namespace retold
