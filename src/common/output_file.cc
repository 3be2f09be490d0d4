#include "common/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace retold {

OutputFile::OutputFile(std::string path, Mode mode) : path_(std::move(path)), temp_(path_ + ".tmp") {
  if (mode == Mode::kBuffered) {
    file_ = std::fopen(temp_.c_str(), "wb");
    if (file_ == nullptr) error_ = temp_ + ": " + std::strerror(errno);
    return;
  }
  buffers_ = {static_cast<char*>(std::aligned_alloc(kBlock, kBuffers * kDirectBuffer)), std::free};
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
#ifdef O_DIRECT
  fd_ = ::open(temp_.c_str(), kFlags | O_DIRECT, 0666);
  o_direct_ = fd_ >= 0;
#endif
  if (fd_ < 0) fd_ = ::open(temp_.c_str(), kFlags, 0666);
  if (fd_ < 0 || buffers_ == nullptr) error_ = temp_ + ": " + std::strerror(fd_ < 0 ? errno : ENOMEM);
}

OutputFile::~OutputFile() {
  for (auto& write : writes_) write.wait();
  if (file_ != nullptr) std::fclose(file_);
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) std::remove(temp_.c_str());
}

void OutputFile::Write(std::string_view data) {
  if (!ok() || data.empty()) return;
  if (fd_ >= 0) {
    while (!data.empty() && ok()) {
      size_t n = std::min(data.size(), kDirectBuffer - used_);
      std::memcpy(Current() + used_, data.data(), n);
      used_ += n;
      data.remove_prefix(n);
      if (used_ == kDirectBuffer) FlushFull();
    }
    return;
  }
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    error_ = temp_ + ": " + std::strerror(errno);
  }
}

std::string OutputFile::WriteAt(const char* data, size_t bytes, uint64_t at) {
  for (size_t done = 0; done < bytes;) {
    ssize_t w = pwrite(fd_, data + done, bytes - done, static_cast<off_t>(at + done));
    if (w < 0 && errno == EINTR) continue;
#ifdef O_DIRECT
    if (w < 0 && errno == EINVAL && o_direct_) {
      // The file system takes no direct writes after all: the usual way.
      o_direct_ = false;
      fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) & ~O_DIRECT);
      continue;
    }
#endif
    if (w <= 0) return temp_ + ": " + std::strerror(w < 0 ? errno : EIO);
    done += static_cast<size_t>(w);
  }
  return "";
}

void OutputFile::WaitForWrite() {
  if (writes_.empty()) return;
  std::string why = writes_.front().get();
  writes_.pop_front();
  if (!why.empty() && ok()) error_ = std::move(why);
}

void OutputFile::FlushFull() {
  // The next buffer to fill is the one the oldest write still reads from.
  if (writes_.size() == kBuffers - 1) WaitForWrite();
  if (!ok()) return;
  const char* full = Current();
  const uint64_t at = written_;
  writes_.push_back(std::async(std::launch::async, [this, full, at] { return WriteAt(full, kDirectBuffer, at); }));
  written_ += kDirectBuffer;
  current_ = (current_ + 1) % kBuffers;
  used_ = 0;
}

void OutputFile::FlushLast() {
  while (!writes_.empty()) WaitForWrite();
  if (!ok() || used_ == 0) return;
  size_t bytes = used_;
  if (o_direct_ && bytes % kBlock != 0) {
    // The last block is written whole, zeros after the end, and the file
    // cut back to its length.
    std::memset(Current() + used_, 0, kBlock - bytes % kBlock);
    bytes += kBlock - bytes % kBlock;
  }
  std::string why = WriteAt(Current(), bytes, written_);
  if (!why.empty()) {
    error_ = std::move(why);
    return;
  }
  const bool padded = bytes > used_;
  written_ += used_;
  used_ = 0;
  if (padded && ftruncate(fd_, static_cast<off_t>(written_)) != 0) error_ = temp_ + ": " + std::strerror(errno);
}

void OutputFile::StartWriteback() {
  if (!ok() || fd_ >= 0) return;  // kDirect: on its way to the disk already
  if (std::fflush(file_) != 0) {
    error_ = temp_ + ": " + std::strerror(errno);
    return;
  }
#ifdef __linux__
  sync_file_range(fileno(file_), 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
}

uint64_t OutputFile::CopyFrom(int fd, uint64_t offset, uint64_t bytes) {
  if (!ok() || bytes == 0) return 0;
  if (fd_ >= 0) {
    // Read straight into the buffer: the one copy this takes.
    uint64_t done = 0;
    while (done < bytes && ok()) {
      size_t want = static_cast<size_t>(std::min<uint64_t>(bytes - done, kDirectBuffer - used_));
      ssize_t n = pread(fd, Current() + used_, want, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // the input ends, or cannot be read: a short copy
      used_ += static_cast<size_t>(n);
      done += static_cast<uint64_t>(n);
      if (used_ == kDirectBuffer) FlushFull();
    }
    return done;
  }
  if (std::fflush(file_) != 0) {
    error_ = temp_ + ": " + std::strerror(errno);
    return 0;
  }
  const int out = fileno(file_);
  const off_t start = lseek(out, 0, SEEK_CUR);
  uint64_t done = 0;
#ifdef __linux__
  // The kernel copies page to page; on any failure (files it cannot copy
  // between, or a real error) the loop below takes over and tells a read
  // from a write.
  while (done < bytes) {
    off_t from = static_cast<off_t>(offset + done);
    ssize_t n = copy_file_range(fd, &from, out, nullptr, bytes - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<uint64_t>(n);
  }
#endif
  std::string buffer;
  while (done < bytes) {
    buffer.resize(std::min<uint64_t>(bytes - done, uint64_t{1} << 20));
    ssize_t n = pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the input ends, or cannot be read: a short copy
    for (ssize_t written = 0; written < n;) {
      ssize_t w = write(out, buffer.data() + written, static_cast<size_t>(n - written));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        error_ = temp_ + ": " + std::strerror(w < 0 ? errno : EIO);
        return done;
      }
      written += w;
    }
    done += static_cast<uint64_t>(n);
  }
#ifdef __linux__
  if (start >= 0) sync_file_range(out, start, static_cast<off_t>(done), SYNC_FILE_RANGE_WRITE);
#endif
  // The stream writes on from the file's end.
  if (std::fseek(file_, 0, SEEK_END) != 0) error_ = temp_ + ": " + std::strerror(errno);
  return done;
}

bool OutputFile::Finish() {
  if (fd_ >= 0) {
    FlushLast();
    if (ok() && fsync(fd_) != 0) error_ = temp_ + ": " + std::strerror(errno);
    if (::close(fd_) != 0 && ok()) error_ = temp_ + ": " + std::strerror(errno);
    fd_ = -1;
    return ok();
  }
  if (file_ == nullptr) return ok();
  if (ok() && std::fflush(file_) != 0) error_ = temp_ + ": " + std::strerror(errno);
  if (ok() && fsync(fileno(file_)) != 0) error_ = temp_ + ": " + std::strerror(errno);
  if (std::fclose(file_) != 0 && ok()) error_ = temp_ + ": " + std::strerror(errno);
  file_ = nullptr;
  return ok();
}

bool OutputFile::Commit() {
  Finish();
  if (ok() && std::rename(temp_.c_str(), path_.c_str()) != 0) {
    error_ = path_ + ": " + std::strerror(errno);
  }
  committed_ = ok();
  return committed_;
}

}  // namespace retold
