#include "common/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace retold {

OutputFile::OutputFile(std::string path) : path_(std::move(path)), temp_(path_ + ".tmp") {
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) error_ = temp_ + ": " + std::strerror(errno);
}

OutputFile::~OutputFile() {
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_) std::remove(temp_.c_str());
}

void OutputFile::Write(std::string_view data) {
  if (!ok() || data.empty()) return;
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    error_ = temp_ + ": " + std::strerror(errno);
  }
}

void OutputFile::StartWriteback() {
  if (!ok()) return;
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
