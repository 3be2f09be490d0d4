// A file's bytes, decompressed if they are gzip or zstd, read in chunks.
#ifndef RETOLD_CORPUS_BYTE_STREAM_H_
#define RETOLD_CORPUS_BYTE_STREAM_H_

#include <memory>
#include <string>

namespace retold {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `capacity` bytes; 0 at the end. On failure returns -1 and
  // sets error() ("truncated gzip data", ...).
  virtual long Read(char* buffer, size_t capacity) = 0;
  const std::string& error() const { return error_; }

  // Opens `path` ("-" for standard input) and recognises gzip and zstd by
  // their magic bytes. Returns null and sets `error` when it cannot open.
  static std::unique_ptr<ByteStream> Open(const std::string& path, std::string* error);

 protected:
  std::string error_;
};

// Splits a ByteStream into lines, any length, without copying more than once.
class LineReader {
 public:
  explicit LineReader(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}
  // False at the end of the stream or on a read error (see error()).
  bool Next(std::string* line);
  const std::string& error() const { return error_; }
  size_t line_number() const { return line_number_; }

 private:
  std::unique_ptr<ByteStream> stream_;
  std::string buffer_;
  size_t position_ = 0;
  bool eof_ = false;
  size_t line_number_ = 0;
  std::string error_;
};

}  // namespace retold

#endif  // RETOLD_CORPUS_BYTE_STREAM_H_
