#include "cli/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "analysis/utf8.h"
#include "corpus/text_checks.h"

namespace retold::cli {
namespace {

size_t CountInvalidUtf8(const std::string& data) {
  size_t invalid = 0;
  for (size_t pos = 0; pos < data.size();) {
    utf8::Decoded d = utf8::DecodeAt(data, pos);
    if (!d.valid) ++invalid;
    pos += d.length;
  }
  return invalid;
}

}  // namespace

std::optional<std::string> ReadDocument(const std::string& path, size_t max_bytes,
                                        std::string* error, std::string* warning) {
  auto fail = [&](const std::string& why) -> std::optional<std::string> {
    *error = path + ": " + why;
    return std::nullopt;
  };
  int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    std::string why = std::strerror(errno);
    if (fd != STDIN_FILENO) ::close(fd);
    return fail(why);
  }
  if (S_ISDIR(st.st_mode)) {
    if (fd != STDIN_FILENO) ::close(fd);
    return fail("is a directory, not a text file");
  }
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return fail("file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                std::to_string(max_bytes) + " (raise it with --max-bytes)");
  }
  std::string data;
  if (S_ISREG(st.st_mode)) data.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      if (fd != STDIN_FILENO) ::close(fd);
      return fail(why);
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
    if (data.size() > max_bytes) {
      if (fd != STDIN_FILENO) ::close(fd);
      return fail("input is over the limit of " + std::to_string(max_bytes) +
                  " bytes (raise it with --max-bytes)");
    }
  }
  if (fd != STDIN_FILENO) ::close(fd);
  if (data.empty()) return fail("file is empty");
  if (LooksBinary(data)) return fail("looks like a binary file, not text");
  if (IsBlank(data)) return fail("file holds only white space");
  size_t invalid = CountInvalidUtf8(data);
  if (invalid > 0 && warning != nullptr) {
    *warning = path + ": " + std::to_string(invalid) +
               " bytes are not valid UTF-8; they were read as U+FFFD (offsets still count "
               "the original bytes)";
  }
  return data;
}

std::unique_ptr<Lexicon> OpenLexicon(const std::string& path) {
  std::string error;
  auto lexicon = Lexicon::Open(path.empty() ? Lexicon::DefaultPath() : path, &error);
  if (!lexicon) std::cerr << "retold: " << error << "\n";
  return lexicon;
}

}  // namespace retold::cli
