#include "analysis/translate.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "analysis/language.h"

extern char** environ;

namespace retold {
namespace {

// Translated sentences by a hash of their text and mode, up to this many
// bytes; then the cache starts afresh.
constexpr size_t kCacheBytes = size_t{256} << 20;

class TranslationCache {
 public:
  std::shared_ptr<const std::vector<std::string>> Get(uint64_t key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = translations_.find(key);
    return it == translations_.end() ? nullptr : it->second;
  }
  void Put(uint64_t key, std::shared_ptr<const std::vector<std::string>> lines) {
    std::lock_guard<std::mutex> lock(mutex_);
    size_t bytes = 0;
    for (const std::string& line : *lines) bytes += line.size();
    bytes_ += bytes;
    if (bytes_ > kCacheBytes) {
      translations_.clear();
      bytes_ = bytes;
    }
    translations_[key] = std::move(lines);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<uint64_t, std::shared_ptr<const std::vector<std::string>>> translations_;
  size_t bytes_ = 0;
};

TranslationCache& Cache() {
  static TranslationCache cache;
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

// Below this share of English marker words, a sentence may be foreign:
// English prose runs at 20-30%, Spanish or Catalan text near 0.
constexpr double kEnglishMarkers = 0.08;
// A run this long (in words) is worth identifying: n-gram profiles need
// some text. A run that is the whole document needs less.
constexpr uint32_t kMinRunWords = 12;
constexpr uint32_t kMinDocumentWords = 8;
// A document named as in a language retold cannot translate has this many
// words at least: profiles of short texts are guesses.
constexpr uint32_t kMinNamedWords = 20;
// And the run must read as one of the languages translated from: Spanish
// prose runs at 30-40% of these words, an English table at none.
constexpr double kForeignMarkers = 0.1;
// A document named as in a language retold cannot translate must be named
// clearly: at most this many profiles matching about as well.
constexpr size_t kMaxCandidates = 2;

using Translations = std::vector<std::string>;

// The English translations of `sentences` (byte spans of `text`), one per
// sentence, by Apertium `mode`; null, with `error` set, on failure.
std::shared_ptr<const Translations> TranslateSentences(std::string_view text,
                                                       const std::vector<std::pair<uint32_t, uint32_t>>& sentences,
                                                       const std::string& mode, std::string* error) {
  // One sentence a line: Apertium keeps line breaks where they are.
  std::string input;
  for (auto [begin, end] : sentences) {
    for (char c : text.substr(begin, end - begin)) input.push_back(c == '\n' || c == '\r' ? ' ' : c);
    input.push_back('\n');
  }
  const uint64_t key = XXH3_64bits_withSeed(input.data(), input.size(), XXH3_64bits(mode.data(), mode.size()));
  if (auto cached = Cache().Get(key)) return cached;
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
  auto lines = std::make_shared<Translations>();
  for (std::string line; std::getline(f, line);) lines->push_back(line);
  if (lines->size() != sentences.size()) {
    *error = "apertium " + mode + " did not keep one sentence a line";
    return nullptr;
  }
  Cache().Put(key, lines);
  return lines;
}

}  // namespace

PivotText TranslateForeignRuns(const Document& doc, const std::vector<SentenceTally>& tally) {
  PivotText out;
  const size_t n = std::min(doc.sentences.size(), tally.size());
  auto foreign = [&](size_t k) {
    return tally[k].words > 0 && tally[k].markers < kEnglishMarkers * tally[k].words;
  };
  uint32_t all_words = 0;
  bool any_foreign = false;
  for (size_t k = 0; k < n; ++k) {
    all_words += tally[k].words;
    any_foreign |= foreign(k);
  }
  out.language = all_words > 0 ? "en" : "";
  if (!any_foreign) return out;  // English text, the common case, stops here
  // Runs of foreign-looking sentences; sentences without words (numbers,
  // a dateline) neither start nor break one.
  struct Run {
    size_t first, last;
    uint32_t words, foreign_markers;
  };
  std::vector<Run> runs;
  for (size_t k = 0; k < n; ++k) {
    if (!foreign(k)) continue;
    if (!runs.empty()) {
      bool joined = true;
      for (size_t j = runs.back().last + 1; j < k; ++j) joined &= tally[j].words == 0;
      if (joined) {
        runs.back().last = k;
        runs.back().words += tally[k].words;
        runs.back().foreign_markers += tally[k].foreign_markers;
        continue;
      }
    }
    runs.push_back({k, k, tally[k].words, tally[k].foreign_markers});
  }
  std::map<std::string, uint32_t> words_by_language;
  uint32_t english_words = all_words;
  std::vector<std::shared_ptr<const Translations>> translated(runs.size());
  for (size_t r = 0; r < runs.size(); ++r) {
    const Run& run = runs[r];
    bool whole = run.words == all_words;
    if (run.words < (whole ? kMinDocumentWords : kMinRunWords)) continue;
    // A document in another language (German, say) is named even if it
    // will not be translated; a stretch that reads as none of the
    // languages translated from is never sent to a translator.
    const bool translatable_words = run.foreign_markers >= kForeignMarkers * run.words;
    if (!translatable_words && !(whole && run.words >= kMinNamedWords)) continue;
    uint32_t begin = doc.sentences[run.first].begin, end = doc.sentences[run.last].end;
    size_t candidates = 0;
    std::string language = IdentifyLanguage(std::string_view(doc.text).substr(begin, end - begin), &candidates);
    if (language.empty() || language == "en") continue;
    if (!translatable_words && candidates > kMaxCandidates) continue;  // a guess, not a language
    english_words -= run.words;
    words_by_language[language] += run.words;
    const std::string mode = PivotMode(language);
    if (mode.empty()) {
      out.error = "no Apertium pair from " + LanguageName(language) + " to English is installed";
      continue;
    }
    if (!translatable_words) continue;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    for (size_t k = run.first; k <= run.last; ++k) spans.emplace_back(doc.sentences[k].begin, doc.sentences[k].end);
    std::string error;
    translated[r] = TranslateSentences(doc.text, spans, mode, &error);
    if (translated[r] == nullptr) out.error = error;
  }
  // The language of most words ("en", set above, unless another has more).
  uint32_t most = english_words;
  for (const auto& [language, words] : words_by_language) {
    if (words > most) {
      most = words;
      out.language = language;
    }
  }
  out.translated = std::any_of(translated.begin(), translated.end(), [](const auto& t) { return t != nullptr; });
  if (!out.translated) return out;

  // The pivot: the original with the translated sentences put in place.
  std::vector<const std::string*> replacement(n, nullptr);
  for (size_t r = 0; r < runs.size(); ++r) {
    if (translated[r] == nullptr) continue;
    for (size_t k = runs[r].first; k <= runs[r].last; ++k) replacement[k] = &(*translated[r])[k - runs[r].first];
  }
  uint32_t copied = 0;  // of the original
  for (size_t k = 0; k < n; ++k) {
    const Sentence& s = doc.sentences[k];
    out.text.append(doc.text, copied, s.begin - copied);  // the gap before, as it was
    if (replacement[k] != nullptr && !out.text.empty() && out.text.back() != ' ' && out.text.back() != '\n') {
      out.text.push_back(' ');
    }
    uint32_t begin = static_cast<uint32_t>(out.text.size());
    if (replacement[k] != nullptr) {
      out.text += *replacement[k];
    } else {
      out.text.append(doc.text, s.begin, s.end - s.begin);
    }
    out.segments.push_back({begin, static_cast<uint32_t>(out.text.size()), s.begin, s.end});
    copied = s.end;
  }
  out.text.append(doc.text, copied, std::string::npos);
  return out;
}

}  // namespace retold
