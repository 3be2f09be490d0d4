#include <libstemmer.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "analysis/boilerplate.h"
#include "analysis/sentences.h"
#include "analysis/stopwords.h"
#include "analysis/tokenizer.h"
#include "retold/analysis.h"

namespace retold {
namespace {

constexpr float kWeakWordWeight = 0.3f;

// Term and stem hashes live in the upper half of the 32-bit key space, and
// synset ids (small integers from the lexicon) in the lower half, so that
// the aligner can put both in one index without their ever meeting.
uint32_t HashKey(std::string_view s, uint64_t seed) {
  return static_cast<uint32_t>(XXH3_64bits_withSeed(s.data(), s.size(), seed)) | 0x80000000u;
}

// Snowball stemmers are not thread-safe; each thread keeps its own.
class Stemmer {
 public:
  Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}
  ~Stemmer() {
    if (stemmer_) sb_stemmer_delete(stemmer_);
  }
  std::string_view Stem(std::string_view word) {
    if (!stemmer_) return word;
    const sb_symbol* s = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                         static_cast<int>(word.size()));
    if (s == nullptr) return word;
    return std::string_view(reinterpret_cast<const char*>(s),
                            static_cast<size_t>(sb_stemmer_length(stemmer_)));
  }

 private:
  sb_stemmer* stemmer_;
};

Stemmer& ThreadStemmer() {
  thread_local Stemmer stemmer;
  return stemmer;
}

// Rarer words are stronger evidence. SemCor counts run from 0 (rare) to a
// few thousand (the commonest verbs), so this maps them to about 1.0 .. 0.45.
float CommonnessWeight(uint32_t corpus_count) {
  static const auto table = [] {
    std::array<float, 1024> t{};
    for (uint32_t c = 0; c < t.size(); ++c) t[c] = 1.0f / (1.0f + 0.15f * std::log1p(float(c)));
    return t;
  }();
  if (corpus_count < table.size()) return table[corpus_count];
  return 1.0f / (1.0f + 0.15f * std::log1p(static_cast<float>(corpus_count)));
}

// A word that recurs in many sentences of a document is its topic ("bank",
// "market" in a story about a central bank); it says little about which
// sentence became which. Its weight is divided by 1 + ln(sentence count).
void DampTopicWords(Document* doc) {
  std::vector<std::pair<uint32_t, uint32_t>> stem_sentence;
  stem_sentence.reserve(doc->tokens.size());
  for (const Token& t : doc->tokens) {
    if (t.weight > 0) stem_sentence.emplace_back(t.stem, t.sentence);
  }
  std::sort(stem_sentence.begin(), stem_sentence.end());
  stem_sentence.erase(std::unique(stem_sentence.begin(), stem_sentence.end()), stem_sentence.end());
  std::vector<std::pair<uint32_t, float>> factor;  // stem -> damping, sorted by stem
  for (size_t i = 0; i < stem_sentence.size();) {
    size_t j = i;
    while (j < stem_sentence.size() && stem_sentence[j].first == stem_sentence[i].first) ++j;
    if (j - i > 1) {
      factor.emplace_back(stem_sentence[i].first,
                          1.0f / (1.0f + std::log(static_cast<float>(j - i))));
    }
    i = j;
  }
  if (factor.empty()) return;
  for (Sentence& s : doc->sentences) s.weight = 0;
  for (Token& t : doc->tokens) {
    if (t.weight <= 0) continue;
    auto it = std::lower_bound(factor.begin(), factor.end(), std::make_pair(t.stem, 0.0f),
                               [](const auto& x, const auto& y) { return x.first < y.first; });
    if (it != factor.end() && it->first == t.stem) t.weight *= it->second;
    doc->sentences[t.sentence].weight += t.weight;
  }
}

}  // namespace

Document Analyzer::Analyze(std::string text) const {
  Document doc;
  doc.text = std::move(text);
  std::string_view view(doc.text);
  Tokens raw = Tokenize(view);
  doc.invalid_utf8_bytes = raw.invalid_bytes;
  std::vector<SentenceSpan> spans = SplitSentences(view, raw);

  doc.tokens.resize(raw.tokens.size());
  Stemmer& stemmer = ThreadStemmer();
  XXH3_state_t* stream = XXH3_createState();
  XXH3_64bits_reset(stream);
  std::vector<uint32_t> terms(raw.tokens.size());

  for (uint32_t s = 0; s < spans.size(); ++s) {
    const SentenceSpan& span = spans[s];
    Sentence sentence;
    sentence.begin = span.begin;
    sentence.end = span.end;
    sentence.first_token = span.first_token;
    sentence.token_end = span.token_end;
    sentence.quote_fraction = span.quote_fraction;

    LineFacts line;
    line.own_line = span.own_line;
    line.terminated = span.terminated;
    for (uint32_t i = span.first_token; i < span.token_end; ++i) {
      const RawToken& rt = raw.tokens[i];
      std::string_view folded = raw.FoldedOf(rt);
      line.words.push_back(folded);
      Token& t = doc.tokens[i];
      t.begin = rt.begin;
      t.end = rt.end;
      t.sentence = s;
      t.term = HashKey(folded, 1);
      terms[i] = t.term;
      XXH3_64bits_update(stream, folded.data(), folded.size());
      XXH3_64bits_update(stream, " ", 1);
      t.is_number = rt.kind == TokenKind::kNumber;
      t.is_name = rt.kind == TokenKind::kAcronym || (rt.capitalized && i != span.first_token);
      if (rt.kind == TokenKind::kAcronym) {
        // "US" and "U.S." are a country, not the pronoun "us".
        t.stem = t.term = HashKey(folded, 3);  // its own hash space
        t.weight = 1.0f;
        continue;
      }
      if (t.is_number) {
        t.stem = t.term;
        t.weight = 1.0f;
        continue;
      }
      uint8_t word_class = ClassifyWord(folded);
      if (word_class & kStopword) {
        t.stem = t.term;
        continue;
      }
      t.is_number = word_class & kNumberWord;
      t.stem = HashKey(stemmer.Stem(folded), 2);
      if (lexicon_ != nullptr) t.sense = lexicon_->Find(folded);
      t.weight = t.sense != 0 ? CommonnessWeight(lexicon_->Entry(t.sense).corpus_count) : 1.0f;
      if (word_class & kWeakWord) t.weight = std::min(t.weight, kWeakWordWeight);
    }
    sentence.boilerplate = IsBoilerplate(line);
    for (uint32_t i = span.first_token; i < span.token_end; ++i) {
      if (sentence.boilerplate) doc.tokens[i].weight = 0;
      sentence.weight += doc.tokens[i].weight;
      if (doc.tokens[i].weight > 0) ++sentence.content_tokens;
    }
    if (!sentence.boilerplate) doc.countable_bytes += sentence.end - sentence.begin;
    doc.sentences.push_back(sentence);
  }
  doc.fingerprint = XXH3_64bits_digest(stream);
  XXH3_freeState(stream);
  DampTopicWords(&doc);

  if (terms.size() >= 3) {
    doc.shingles.reserve(terms.size());
    for (size_t i = 0; i + 3 <= terms.size(); ++i) {
      doc.shingles.push_back(XXH3_64bits(&terms[i], 3 * sizeof(uint32_t)));
    }
  } else if (!terms.empty()) {
    doc.shingles.push_back(XXH3_64bits(terms.data(), terms.size() * sizeof(uint32_t)));
  }
  std::sort(doc.shingles.begin(), doc.shingles.end());
  doc.shingles.erase(std::unique(doc.shingles.begin(), doc.shingles.end()), doc.shingles.end());
  return doc;
}

}  // namespace retold
