#include "analysis/stopwords.h"

#include <string>
#include <unordered_set>

namespace retold {
namespace {

const std::unordered_set<std::string_view>& Stopwords() {
  static const std::unordered_set<std::string_view> kWords = {
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
      "yourselves", "s", "t", "re", "ll", "ve", "d", "m", "de", "la", "el", "del", "le", "les",
      "y", "e", "o", "un", "una"};
  return kWords;
}

const std::unordered_set<std::string_view>& WeakWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "said", "say", "says", "saying", "told", "tell", "added", "according", "reported",
      "mentioned", "stated", "noted", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "today", "yesterday", "tomorrow", "week", "weeks", "month", "months",
      "year", "years", "day", "days", "one", "two", "three", "new", "last", "next", "first",
      "would", "get", "got", "make", "made", "take", "took", "go", "went", "come", "came",
      "like", "well", "back", "even", "still", "way", "many", "now", "around", "mln", "dlrs",
      "pct", "cts", "vs", "reuter", "reuters", "inc", "corp", "co", "ltd"};
  return kWords;
}

const std::unordered_set<std::string_view>& NumberWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
      "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
      "hundred", "thousand", "million", "billion", "trillion", "dozen", "half", "quarter"};
  return kWords;
}

}  // namespace

bool IsNumberWord(std::string_view folded) { return NumberWords().contains(folded); }

bool IsStopword(std::string_view folded) { return Stopwords().contains(folded); }

bool IsWeakWord(std::string_view folded) { return WeakWords().contains(folded); }

}  // namespace retold
