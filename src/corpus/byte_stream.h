// A file's bytes, decompressed if they are gzip or zstd, read in chunks.
#ifndef RETOLD_CORPUS_BYTE_STREAM_H_
#define RETOLD_CORPUS_BYTE_STREAM_H_

#include <cstdint>
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
  // True when the bytes are those of a file as stored (not decompressed,
  // not a pipe), so that a byte offset into the stream is one into the file.
  virtual bool plain() const { return false; }

  // Opens `path` ("-" for standard input) and recognises gzip and zstd by
  // their magic bytes. Returns null and sets `error` when it cannot open.
  static std::unique_ptr<ByteStream> Open(const std::string& path, std::string* error);

  // Bytes [begin, end) of the plain file `path`, so that several readers
  // share one file. Compressed files cannot be entered in the middle: they
  // are refused with `error`.
  static std::unique_ptr<ByteStream> OpenRange(const std::string& path, uint64_t begin, uint64_t end,
                                               std::string* error);

 protected:
  std::string error_;
};

// Splits a ByteStream into lines, any length, without copying more than once.
class LineReader {
 public:
  // `first_line`: the number of the stream's first line in its file;
  // `first_offset`: the byte offset of the stream's start in it.
  explicit LineReader(std::unique_ptr<ByteStream> stream, size_t first_line = 1, uint64_t first_offset = 0)
      : stream_(std::move(stream)), line_number_(first_line - 1), consumed_(first_offset) {}
  // False at the end of the stream or on a read error (see error()).
  // The line is given without its '\n' (and without a '\r' before it).
  bool Next(std::string* line);
  const std::string& error() const { return error_; }
  size_t line_number() const { return line_number_; }
  // Where the last line given starts, in bytes from the file's start.
  uint64_t line_offset() const { return line_offset_; }
  bool plain() const { return stream_->plain(); }

 private:
  std::unique_ptr<ByteStream> stream_;
  std::string buffer_;
  size_t position_ = 0;
  bool eof_ = false;
  size_t line_number_ = 0;
  uint64_t consumed_ = 0;  // the file offset of buffer_[0]
  uint64_t line_offset_ = 0;
  std::string error_;
};

}  // namespace retold

#endif  // RETOLD_CORPUS_BYTE_STREAM_H_
