#include "corpus/byte_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace retold {
namespace {

class FileStream : public ByteStream {
 public:
  explicit FileStream(int fd) : fd_(fd) {
    // Standard input is never plain, even redirected from a file: nothing
    // can open it again by name to read a place in it.
    struct stat st;
    regular_ = fd_ != STDIN_FILENO && ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
  }
  ~FileStream() override {
    if (fd_ != STDIN_FILENO) ::close(fd_);
  }
  bool plain() const override { return regular_; }
  long Read(char* buffer, size_t capacity) override {
    if (!pending_.empty()) {  // bytes read while sniffing the format
      size_t n = std::min(capacity, pending_.size());
      std::memcpy(buffer, pending_.data(), n);
      pending_.erase(0, n);
      return static_cast<long>(n);
    }
    while (true) {
      ssize_t n = ::read(fd_, buffer, capacity);
      if (n >= 0) return static_cast<long>(n);
      if (errno == EINTR) continue;
      error_ = std::strerror(errno);
      return -1;
    }
  }
  std::string pending_;

 private:
  int fd_;
  bool regular_ = false;
};

// A byte range of a file: reads stop at `remaining` bytes.
class RangeStream : public ByteStream {
 public:
  RangeStream(std::unique_ptr<FileStream> raw, uint64_t remaining)
      : raw_(std::move(raw)), remaining_(remaining) {}
  long Read(char* buffer, size_t capacity) override {
    if (remaining_ == 0) return 0;
    long n = raw_->Read(buffer, static_cast<size_t>(std::min<uint64_t>(capacity, remaining_)));
    if (n < 0) {
      error_ = raw_->error();
      return -1;
    }
    remaining_ -= static_cast<uint64_t>(n);
    return n;
  }
  bool plain() const override { return raw_->plain(); }

 private:
  std::unique_ptr<FileStream> raw_;
  uint64_t remaining_;
};

class GzipStream : public ByteStream {
 public:
  explicit GzipStream(std::unique_ptr<FileStream> raw) : raw_(std::move(raw)) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 15 + 32);  // gzip or zlib header, concatenated members
    in_.resize(1 << 16);
  }
  ~GzipStream() override { inflateEnd(&z_); }
  long Read(char* buffer, size_t capacity) override {
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = static_cast<uInt>(capacity);
    while (z_.avail_out == capacity) {
      if (z_.avail_in == 0) {
        long n = raw_->Read(in_.data(), in_.size());
        if (n < 0) {
          error_ = raw_->error();
          return -1;
        }
        if (n == 0) {
          if (!finished_) {
            error_ = "truncated gzip data (the file ends inside a compressed block)";
            return -1;
          }
          return 0;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(n);
      }
      finished_ = false;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        finished_ = true;
        inflateReset(&z_);  // another gzip member may follow
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error_ = std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : "inflate failed");
        return -1;
      }
    }
    return static_cast<long>(capacity - z_.avail_out);
  }

 private:
  std::unique_ptr<FileStream> raw_;
  z_stream z_;
  std::vector<char> in_;
  bool finished_ = true;
};

class ZstdStream : public ByteStream {
 public:
  explicit ZstdStream(std::unique_ptr<FileStream> raw)
      : raw_(std::move(raw)), dctx_(ZSTD_createDCtx()) {
    in_.resize(ZSTD_DStreamInSize());
  }
  ~ZstdStream() override { ZSTD_freeDCtx(dctx_); }
  long Read(char* buffer, size_t capacity) override {
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos == 0) {
      if (input_.pos == input_.size) {
        long n = raw_->Read(in_.data(), in_.size());
        if (n < 0) {
          error_ = raw_->error();
          return -1;
        }
        if (n == 0) {
          if (last_ != 0) {
            error_ = "truncated zstd data (the file ends inside a frame)";
            return -1;
          }
          return 0;
        }
        input_ = {in_.data(), static_cast<size_t>(n), 0};
      }
      last_ = ZSTD_decompressStream(dctx_, &out, &input_);
      if (ZSTD_isError(last_)) {
        error_ = std::string("corrupt zstd data: ") + ZSTD_getErrorName(last_);
        return -1;
      }
    }
    return static_cast<long>(out.pos);
  }

 private:
  std::unique_ptr<FileStream> raw_;
  ZSTD_DCtx* dctx_;
  std::vector<char> in_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  size_t last_ = 0;
};

}  // namespace

std::unique_ptr<ByteStream> ByteStream::Open(const std::string& path, std::string* error) {
  int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = path + ": " + std::strerror(errno);
    return nullptr;
  }
  auto raw = std::make_unique<FileStream>(fd);
  char magic[4];
  size_t have = 0;
  while (have < sizeof magic) {
    long n = raw->Read(magic + have, sizeof magic - have);
    if (n < 0) {
      *error = path + ": " + raw->error();
      return nullptr;
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  raw->pending_.assign(magic, have);
  auto byte = [&](size_t i) { return static_cast<unsigned char>(magic[i]); };
  if (have >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) {
    return std::make_unique<GzipStream>(std::move(raw));
  }
  if (have >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd) {
    return std::make_unique<ZstdStream>(std::move(raw));
  }
  return raw;
}

std::unique_ptr<ByteStream> ByteStream::OpenRange(const std::string& path, uint64_t begin, uint64_t end,
                                                  std::string* error) {
  std::unique_ptr<ByteStream> whole = Open(path, error);
  if (!whole) return nullptr;
  auto* raw = dynamic_cast<FileStream*>(whole.get());
  if (raw == nullptr) {
    *error = path + ": a compressed file is read whole, not in byte ranges";
    return nullptr;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::lseek(fd, static_cast<off_t>(begin), SEEK_SET) < 0) {
    *error = path + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return nullptr;
  }
  return std::make_unique<RangeStream>(std::make_unique<FileStream>(fd), end > begin ? end - begin : 0);
}

bool LineReader::Next(std::string* line) {
  while (true) {
    size_t newline = buffer_.find('\n', position_);
    if (newline != std::string::npos) {
      line->assign(buffer_, position_, newline - position_);
      line_offset_ = consumed_ + position_;
      position_ = newline + 1;
      ++line_number_;
      if (!line->empty() && line->back() == '\r') line->pop_back();
      return true;
    }
    if (eof_) {
      if (position_ < buffer_.size()) {  // a last line without '\n'
        line->assign(buffer_, position_, std::string::npos);
        line_offset_ = consumed_ + position_;
        position_ = buffer_.size();
        ++line_number_;
        return true;
      }
      return false;
    }
    buffer_.erase(0, position_);
    consumed_ += position_;
    position_ = 0;
    size_t old = buffer_.size();
    buffer_.resize(old + (1 << 20));
    long n = stream_->Read(buffer_.data() + old, 1 << 20);
    if (n < 0) {
      error_ = stream_->error();
      buffer_.resize(old);
      return false;
    }
    buffer_.resize(old + static_cast<size_t>(n));
    if (n == 0) eof_ = true;
  }
}

}  // namespace retold
