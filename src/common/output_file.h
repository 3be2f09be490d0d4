// Writing an output file so that it is either complete or absent: the data
// goes to NAME.tmp, is flushed and synced, and only then renamed to NAME.
// A full disk or a crash leaves no partial file passing for a finished one.
//
// A large file that is written once and not read back soon (--keep's copy
// of the corpus) can be written past the page cache (kDirect): through a
// buffer of its own, in whole aligned blocks, with O_DIRECT. Filling the
// page cache with hundreds of megabytes, and writing them out again at the
// sync, costs the kernel more CPU time than the rest of such a copy. Where
// the file system cannot (or the system has no O_DIRECT) the same buffer
// is written the usual way.
#ifndef RETOLD_COMMON_OUTPUT_FILE_H_
#define RETOLD_COMMON_OUTPUT_FILE_H_

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <string_view>

namespace retold {

class OutputFile {
 public:
  enum class Mode { kBuffered, kDirect };
  explicit OutputFile(std::string path, Mode mode = Mode::kBuffered);
  ~OutputFile();  // removes the temporary file unless Commit succeeded

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  void Write(std::string_view data);
  void WriteLine(std::string_view line) {
    Write(line);
    Write("\n");
  }
  // Appends bytes [offset, offset + bytes) of the open file `fd`: kBuffered
  // without reading them here (copy_file_range, or reading and writing
  // where the kernel cannot copy), asking the disk to start writing them so
  // that the final sync of a large copy has little left to wait for;
  // kDirect read straight into the buffer. Returns how many bytes were
  // copied: fewer when the file ends before, or on a failure to write
  // (then with error()).
  uint64_t CopyFrom(int fd, uint64_t offset, uint64_t bytes);
  // Hands what was written so far to the kernel and asks the disk to
  // start writing it (where the system can), so that Finish's sync of a
  // large file has less to wait for.
  void StartWriteback();
  // Flushes and syncs the temporary file. False (with error()) on failure.
  // Several files that belong together are all finished before any is
  // committed, so that a failure leaves none of them in place.
  bool Finish();
  // Finishes if need be and renames into place. False (with error()) on failure.
  bool Commit();

 private:
  // kDirect: kBuffers buffers, one filled while the others are written,
  // each on a thread of its own (two writes in flight keep the disk busier
  // than one). FlushFull hands the current one, full, to the disk;
  // FlushLast writes the rest, and cuts the file to its length.
  char* Current() { return buffers_.get() + current_ * kDirectBuffer; }
  void FlushFull();
  void FlushLast();
  void WaitForWrite();  // the oldest write in flight; its error becomes error()
  std::string WriteAt(const char* data, size_t bytes, uint64_t at);  // an error, or ""

  static constexpr size_t kBlock = 4096;  // the alignment O_DIRECT asks for
  static constexpr size_t kDirectBuffer = size_t{8} << 20;  // whole blocks
  static constexpr size_t kBuffers = 3;

  std::string path_;
  std::string temp_;
  FILE* file_ = nullptr;  // kBuffered
  int fd_ = -1;           // kDirect
  std::atomic<bool> o_direct_ = false;  // writes past the page cache (else the usual way)
  std::unique_ptr<char, void (*)(void*)> buffers_{nullptr, nullptr};
  size_t current_ = 0;
  size_t used_ = 0;       // of the current buffer
  uint64_t written_ = 0;  // bytes handed to the file
  std::deque<std::future<std::string>> writes_;  // in flight, oldest first
  std::string error_;
  bool committed_ = false;
};

}  // namespace retold

#endif  // RETOLD_COMMON_OUTPUT_FILE_H_
