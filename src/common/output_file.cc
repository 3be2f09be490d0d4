#include "common/output_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

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
