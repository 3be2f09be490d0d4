#include "analysis/stopwords.h"

#include <xxhash.h>

#include <array>
#include <string>
#include <vector>

namespace retold {
namespace {

constexpr std::string_view kStopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
    "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "can't", "cannot", "could", "couldn't", "did",
    "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "either",
    "else", "ever", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have",
    "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers",
    "herself", "him", "himself", "his", "how", "how's", "however", "i", "i'd", "i'll", "i'm",
    "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's",
    "may", "me", "might", "more", "most", "much", "must", "mustn't", "my", "myself", "neither",
    "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours",
    "ourselves", "out", "over", "own", "per", "same", "shall", "shan't", "she", "she'd",
    "she'll", "she's", "should", "shouldn't", "since", "so", "some", "such", "than", "that",
    "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's",
    "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "though",
    "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was",
    "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's",
    "when", "when's", "where", "where's", "whether", "which", "while", "who", "who's", "whom",
    "whose", "why", "why's", "will", "with", "within", "without", "won't", "would", "wouldn't",
    "yet", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
    "yourselves", "s", "t", "re", "ll", "ve", "d", "m",
    // Function words of Romance languages that survive in names and quotes.
    "de", "la", "el", "del", "le", "les", "y", "e", "o", "un", "una"};

constexpr std::string_view kWeakWords[] = {
    "said", "say", "says", "saying", "told", "tell", "added", "according", "reported",
    "mentioned", "stated", "noted", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "today", "yesterday", "tomorrow", "week", "weeks", "month", "months",
    "year", "years", "day", "days", "new", "last", "next", "first", "get", "got", "make",
    "made", "take", "took", "go", "went", "come", "came", "like", "well", "back", "even",
    "still", "way", "many", "now", "around",
    // Newswire shorthand that fills every financial report.
    "mln", "dlrs", "pct", "cts", "vs", "reuter", "reuters", "inc", "corp", "co", "ltd"};

constexpr std::string_view kNumberWords[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "half", "quarter"};

constexpr std::string_view kEnglishMarkers[] = {
    "the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "by", "at",
    "from", "be", "this", "are", "have", "has", "which", "an", "or", "not", "they", "their", "its",
    "were", "will", "would", "been", "he", "she", "we", "you", "but", "had", "who", "there"};

// In folded form, as they are looked up ("más" is "mas").
constexpr std::string_view kForeignMarkers[] = {
    // Spanish, Catalan and Galician
    "de", "la", "que", "el", "en", "y", "los", "del", "las", "un", "una", "por", "con", "para", "se",
    "es", "al", "lo", "su", "sus", "mes", "i", "els", "les", "amb", "per", "dels", "o", "os",
    "as", "do", "da", "dos", "das", "unha", "non", "e", "como", "pero", "mas", "fue", "ha", "han",
    // Esperanto
    "kaj", "estas", "ke", "ne", "kun", "ili", "li", "si", "ni", "pri", "sed", "ankau", "tiu", "kiu"};

// Open addressing over 64-bit hashes; built once, read-only afterwards.
class WordTable {
 public:
  WordTable() {
    slots_.resize(1024);
    for (auto w : kStopwords) Add(w, kStopword);
    for (auto w : kWeakWords) Add(w, kWeakWord);
    for (auto w : kNumberWords) Add(w, kNumberWord);
    for (auto w : kEnglishMarkers) Add(w, kEnglishMarker);
    for (auto w : kForeignMarkers) Add(w, kForeignMarker);
  }

  uint8_t Find(std::string_view word) const {
    if (word.size() > 16) return kOrdinaryWord;  // longer than any entry
    uint64_t h = XXH3_64bits(word.data(), word.size());
    for (size_t s = h & (slots_.size() - 1);; s = (s + 1) & (slots_.size() - 1)) {
      const Slot& slot = slots_[s];
      if (slot.classes == 0) return kOrdinaryWord;
      if (slot.hash == h && slot.word == word) return slot.classes;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    std::string_view word;
    uint8_t classes = 0;
  };

  void Add(std::string_view word, uint8_t cls) {
    uint64_t h = XXH3_64bits(word.data(), word.size());
    for (size_t s = h & (slots_.size() - 1);; s = (s + 1) & (slots_.size() - 1)) {
      Slot& slot = slots_[s];
      if (slot.classes == 0 || slot.word == word) {
        slot.hash = h;
        slot.word = word;
        slot.classes |= cls;
        return;
      }
    }
  }

  std::vector<Slot> slots_;
};

}  // namespace

uint8_t ClassifyWord(std::string_view folded) {
  static const WordTable table;
  return table.Find(folded);
}

}  // namespace retold
