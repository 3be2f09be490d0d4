#include "analysis/translate.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

extern char** environ;

namespace retold {
namespace {

// The cache holds translations up to this many bytes, then starts afresh.
constexpr size_t kCacheBytes = size_t{256} << 20;

class PivotCache {
 public:
  std::shared_ptr<const Pivot> Get(uint64_t key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = pivots_.find(key);
    return it == pivots_.end() ? nullptr : it->second;
  }
  void Put(uint64_t key, std::shared_ptr<const Pivot> pivot) {
    std::lock_guard<std::mutex> lock(mutex_);
    bytes_ += pivot->text.size();
    if (bytes_ > kCacheBytes) {
      pivots_.clear();
      bytes_ = pivot->text.size();
    }
    pivots_[key] = std::move(pivot);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<uint64_t, std::shared_ptr<const Pivot>> pivots_;
  size_t bytes_ = 0;
};

PivotCache& Cache() {
  static PivotCache cache;
  return cache;
}

// A temporary file, removed when it goes out of scope.
struct TempFile {
  std::string path;
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir != nullptr && *dir ? dir : "/tmp") + "/retold-apertium-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path = pattern;
    }
  }
  ~TempFile() {
    if (!path.empty()) unlink(path.c_str());
  }
};

// Runs `apertium -u MODE IN OUT`; no shell, so no quoting matters.
bool RunApertium(const std::string& mode, const std::string& in, const std::string& out, std::string* error) {
  std::vector<std::string> args = {"apertium", "-u", mode, in, out};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "apertium", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    *error = std::string("cannot run apertium: ") + std::strerror(rc) + " (scripts/setup.sh installs it)";
    return false;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    *error = "apertium " + mode + " failed";
    return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<const Pivot> TranslateToEnglish(std::string_view text,
                                                const std::vector<std::pair<uint32_t, uint32_t>>& sentences,
                                                const std::string& mode, std::string* error) {
  const uint64_t key = XXH3_64bits_withSeed(text.data(), text.size(), XXH3_64bits(mode.data(), mode.size()));
  if (auto cached = Cache().Get(key)) return cached;

  // One sentence a line: Apertium keeps line breaks where they are.
  std::string input;
  for (auto [begin, end] : sentences) {
    for (char c : text.substr(begin, end - begin)) input.push_back(c == '\n' || c == '\r' ? ' ' : c);
    input.push_back('\n');
  }
  TempFile in, out;
  if (in.path.empty() || out.path.empty()) {
    *error = "cannot create a temporary file for apertium";
    return nullptr;
  }
  {
    std::ofstream f(in.path, std::ios::binary);
    f << input;
    if (!f) {
      *error = "cannot write " + in.path;
      return nullptr;
    }
  }
  if (!RunApertium(mode, in.path, out.path, error)) return nullptr;
  std::ifstream f(out.path, std::ios::binary);
  std::stringstream translated;
  translated << f.rdbuf();

  auto pivot = std::make_shared<Pivot>();
  std::vector<std::string> lines;
  std::string line;
  std::istringstream lines_in(translated.str());
  while (std::getline(lines_in, line)) lines.push_back(line);
  if (lines.size() == sentences.size()) {
    for (size_t k = 0; k < lines.size(); ++k) {
      if (lines[k].find_first_not_of(" \t") == std::string::npos) continue;
      if (!pivot->text.empty()) pivot->text += "\n\n";  // the sentence stays a sentence
      uint32_t begin = static_cast<uint32_t>(pivot->text.size());
      pivot->text += lines[k];
      pivot->segments.push_back({begin, static_cast<uint32_t>(pivot->text.size()), sentences[k].first,
                                 sentences[k].second});
    }
  } else if (!sentences.empty()) {
    // Apertium joined or split lines: the whole text is one segment.
    pivot->text = translated.str();
    pivot->segments.push_back({0, static_cast<uint32_t>(pivot->text.size()), sentences.front().first,
                               sentences.back().second});
  }
  Cache().Put(key, pivot);
  return pivot;
}

}  // namespace retold
