// Writing an output file so that it is either complete or absent: the data
// goes to NAME.tmp, is flushed and synced, and only then renamed to NAME.
// A full disk or a crash leaves no partial file passing for a finished one.
#ifndef RETOLD_COMMON_OUTPUT_FILE_H_
#define RETOLD_COMMON_OUTPUT_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace retold {

class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();  // removes the temporary file unless Commit succeeded

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  void Write(std::string_view data);
  void WriteLine(std::string_view line) {
    Write(line);
    Write("\n");
  }
  // Appends bytes [offset, offset + bytes) of the open file `fd` without
  // reading them here (copy_file_range, or reading and writing where the
  // kernel cannot copy), and asks the disk to start writing them, so that
  // the final sync of a large copy has little left to wait for. Returns
  // how many bytes were copied: fewer when the file ends before, or on a
  // failure to write (then with error()).
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
  std::string path_;
  std::string temp_;
  FILE* file_ = nullptr;
  std::string error_;
  bool committed_ = false;
};

}  // namespace retold

#endif  // RETOLD_COMMON_OUTPUT_FILE_H_
