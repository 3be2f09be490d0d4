#include "analysis/language.h"

#include <textcat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

namespace retold {
namespace {

constexpr const char* kProfiles = "/usr/share/libexttextcat/";
constexpr const char* kApertiumModes = "/usr/share/apertium/modes/";
// A few kilobytes tell a language apart; more only costs time.
constexpr size_t kSampleBytes = 4096;
// Below this, n-gram profiles guess ("ok" reads as Slovak).
constexpr size_t kMinBytes = 40;

struct Known {
  const char* code;     // ISO 639-1
  const char* code3;    // ISO 639-3, as Apertium names its pairs
  const char* name;
};
constexpr Known kKnown[] = {
    {"en", "eng", "English"},    {"es", "spa", "Spanish"},  {"ca", "cat", "Catalan"},
    {"gl", "glg", "Galician"},   {"eo", "epo", "Esperanto"}, {"pt", "por", "Portuguese"},
    {"fr", "fra", "French"},     {"it", "ita", "Italian"},  {"de", "deu", "German"},
    {"nl", "nld", "Dutch"},      {"ro", "ron", "Romanian"}, {"oc", "oci", "Occitan"},
    {"eu", "eus", "Basque"},     {"sv", "swe", "Swedish"},  {"da", "dan", "Danish"},
    {"nb", "nob", "Norwegian"},  {"pl", "pol", "Polish"},   {"ru", "rus", "Russian"},
};

const Known* Find(std::string_view code) {
  for (const Known& k : kKnown) {
    if (code == k.code) return &k;
  }
  return nullptr;
}

// libexttextcat's classifier keeps state in its handle: one per thread.
struct Classifier {
  void* handle = nullptr;
  Classifier() {
    std::string conf = std::string(kProfiles) + "fpdb.conf";
    handle = special_textcat_Init(conf.c_str(), kProfiles);
  }
  ~Classifier() {
    if (handle != nullptr) textcat_Done(handle);
  }
};

}  // namespace

std::string IdentifyLanguage(std::string_view text, size_t* candidates) {
  if (candidates != nullptr) *candidates = 0;
  thread_local Classifier classifier;
  if (classifier.handle == nullptr || text.size() < kMinBytes) return {};
  size_t n = std::min(text.size(), kSampleBytes);
  while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  const char* result = textcat_Classify(classifier.handle, text.data(), n);
  // "[es--utf8][pt--utf8]": the best first, then those nearly as good;
  // "SHORT" or "UNKNOWN" otherwise.
  if (result == nullptr || result[0] != '[') return {};
  std::string_view list(result);
  if (candidates != nullptr) *candidates = static_cast<size_t>(std::count(list.begin(), list.end(), '['));
  // English among the candidates: the text may well be English (a price
  // table reads as French or Catalan as much as English), and English is
  // what retold reads without translating.
  if (list.find("[en--") != std::string_view::npos) return "en";
  std::string_view best = list.substr(1);
  best = best.substr(0, std::min(best.find(']'), best.find("--")));
  return std::string(best.substr(0, best.find('-')));
}

std::string PivotMode(std::string_view language) {
  const Known* k = Find(language);
  if (k == nullptr || language == "en") return {};
  for (std::string from : {std::string(k->code3), std::string(k->code)}) {
    for (const char* to : {"-eng", "-en"}) {
      std::string mode = from + to;
      if (access((std::string(kApertiumModes) + mode + ".mode").c_str(), R_OK) == 0) return mode;
    }
  }
  return {};
}

std::string LanguageName(std::string_view language) {
  const Known* k = Find(language);
  return k != nullptr ? k->name : std::string(language);
}

}  // namespace retold
