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
#include "analysis/translate.h"
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

// Everything analysis derives from a word form alone.
struct WordFacts {
  uint64_t hash = 0;  // of the folded form; 0 marks an empty cache slot
  uint32_t stem = 0;
  uint32_t sense = 0;
  float weight = 0;
  uint8_t word_class = 0;
};
static_assert(sizeof(WordFacts) == 24);

// Words repeat (Zipf), and stemming, the stopword table and a probe into a
// 30 MB lexicon cost far more than this direct-mapped, per-thread cache of
// what they found. Keyed by a 64-bit hash of the folded word.
class WordCache {
 public:
  // The table is larger than a core's cache, so a lookup usually waits
  // on memory: a document's words are asked for ahead (Prefetch), and
  // their lookups then overlap.
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[(hash | 1) & (slots_.size() - 1)]); }

  const WordFacts& Get(std::string_view folded, uint64_t hash, const Lexicon* lexicon) {
    if (lexicon != lexicon_) {  // another lexicon, other facts
      std::fill(slots_.begin(), slots_.end(), WordFacts{});
      lexicon_ = lexicon;
    }
    hash |= 1;  // never 0
    WordFacts& slot = slots_[hash & (slots_.size() - 1)];
    if (slot.hash == hash) return slot;
    slot = Compute(folded, lexicon);
    slot.hash = hash;
    return slot;
  }

 private:
  WordFacts Compute(std::string_view folded, const Lexicon* lexicon) {
    WordFacts f;
    f.word_class = ClassifyWord(folded);
    if (f.word_class & kStopword) return f;
    f.stem = HashKey(stemmer_.Stem(folded), 2);
    if (lexicon != nullptr) f.sense = lexicon->Find(folded);
    f.weight = f.sense != 0 ? CommonnessWeight(lexicon->Entry(f.sense).corpus_count) : 1.0f;
    if (f.word_class & kWeakWord) f.weight = std::min(f.weight, kWeakWordWeight);
    return f;
  }

  std::vector<WordFacts> slots_ = std::vector<WordFacts>(size_t{1} << 17);
  const Lexicon* lexicon_ = nullptr;
  Stemmer stemmer_;
};

WordCache& ThreadWordCache() {
  thread_local WordCache cache;
  return cache;
}


// A word that recurs in many sentences of a document is its topic ("bank",
// "market" in a story about a central bank); it says little about which
// sentence became which. Its weight is divided by 1 + ln(sentence count).
// Counted in an open-addressing table: tokens arrive in sentence order, so
// remembering the last sentence a stem was seen in counts sentences.
void DampTopicWords(Document* doc) {
  struct Entry {
    uint32_t stem = 0;  // stems have the top bit set, so 0 marks empty
    uint32_t last_sentence = 0;
    uint32_t sentences = 0;
  };
  size_t size = 64;
  while (size < doc->tokens.size() * 2) size <<= 1;
  std::vector<Entry> table(size);
  auto find = [&](uint32_t stem) -> Entry& {
    for (size_t i = (stem * 0x9E3779B1u) & (size - 1);; i = (i + 1) & (size - 1)) {
      if (table[i].stem == stem || table[i].stem == 0) return table[i];
    }
  };
  bool repeated = false;
  for (const Token& t : doc->tokens) {
    if (t.weight <= 0) continue;
    Entry& e = find(t.stem);
    if (e.stem == 0) {
      e = {t.stem, t.sentence, 1};
    } else if (e.last_sentence != t.sentence) {
      e.last_sentence = t.sentence;
      ++e.sentences;
      repeated = true;
    }
  }
  if (!repeated) return;
  for (Sentence& s : doc->sentences) s.weight = 0;
  for (Token& t : doc->tokens) {
    if (t.weight <= 0) continue;
    uint32_t n = find(t.stem).sentences;
    if (n > 1) t.weight /= 1.0f + std::log(static_cast<float>(n));
    doc->sentences[t.sentence].weight += t.weight;
  }
}

}  // namespace

Document Analyzer::Analyze(std::string text) const {
  if (!translate_) return AnalyzeAsIs(std::move(text), nullptr);
  std::vector<SentenceTally> tally;
  Document doc = AnalyzeAsIs(std::move(text), &tally);
  PivotText pivot = TranslateForeignRuns(doc, tally);
  if (!pivot.translated) {
    doc.language = std::move(pivot.language);
    doc.translation_error = std::move(pivot.error);
    return doc;
  }
  Document translated = AnalyzeAsIs(std::move(pivot.text), nullptr);
  translated.language = std::move(pivot.language);
  translated.translated = true;
  translated.pivot = std::move(pivot.segments);
  translated.translation_error = std::move(pivot.error);
  return translated;
}

Document Analyzer::AnalyzeAsIs(std::string text, std::vector<SentenceTally>* tally) const {
  Document doc;
  doc.text = std::move(text);
  std::string_view view(doc.text);
  Tokens raw = Tokenize(view);
  doc.invalid_utf8_bytes = raw.invalid_bytes;
  std::vector<SentenceSpan> spans = SplitSentences(view, raw);
  if (tally != nullptr) tally->assign(spans.size(), SentenceTally{});

  doc.tokens.resize(raw.tokens.size());
  WordCache& cache = ThreadWordCache();
  // The folded words, each followed by a space: their hash is the
  // document's fingerprint (one call, not two per word).
  std::string folded_words;
  folded_words.reserve(view.size() + raw.tokens.size());

  // Each word's hash; its cache slot is asked for a few words ahead of its
  // lookup (asking for all at once overflowed the core's cache).
  std::vector<uint64_t> word_hashes(raw.tokens.size());
  for (size_t i = 0; i < raw.tokens.size(); ++i) {
    std::string_view folded = raw.FoldedOf(raw.tokens[i]);
    word_hashes[i] = XXH3_64bits_withSeed(folded.data(), folded.size(), 1);
  }
  constexpr size_t kPrefetchAhead = 16;
  for (size_t i = 0; i < kPrefetchAhead && i < word_hashes.size(); ++i) cache.Prefetch(word_hashes[i]);

  doc.sentences.reserve(spans.size());
  LineFacts line;
  for (uint32_t s = 0; s < spans.size(); ++s) {
    const SentenceSpan& span = spans[s];
    Sentence sentence;
    sentence.begin = span.begin;
    sentence.end = span.end;
    sentence.first_token = span.first_token;
    sentence.token_end = span.token_end;
    sentence.quote_fraction = span.quote_fraction;

    line.words.clear();
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
      const uint64_t word_hash = word_hashes[i];
      if (i + kPrefetchAhead < word_hashes.size()) cache.Prefetch(word_hashes[i + kPrefetchAhead]);
      t.term = static_cast<uint32_t>(word_hash) | 0x80000000u;
      folded_words.append(folded);
      folded_words += ' ';
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
      const WordFacts& facts = cache.Get(folded, word_hash, lexicon_);
      if (tally != nullptr) {
        SentenceTally& counts = (*tally)[s];
        ++counts.words;
        counts.markers += (facts.word_class & kEnglishMarker) != 0;
        counts.foreign_markers += (facts.word_class & kForeignMarker) != 0;
      }
      if (facts.word_class & kStopword) {
        t.stem = t.term;
        continue;
      }
      t.is_number = facts.word_class & kNumberWord;
      t.stem = facts.stem;
      t.sense = facts.sense;
      t.weight = facts.weight;
    }
    LineKind kind = ClassifyLine(line);
    sentence.boilerplate = kind != LineKind::kText;
    sentence.furniture = kind == LineKind::kFurniture;
    for (uint32_t i = span.first_token; i < span.token_end; ++i) {
      if (sentence.boilerplate) doc.tokens[i].weight = 0;
      sentence.weight += doc.tokens[i].weight;
      if (doc.tokens[i].weight > 0) ++sentence.content_tokens;
    }
    if (!sentence.boilerplate) doc.countable_bytes += sentence.end - sentence.begin;
    doc.sentences.push_back(sentence);
  }
  doc.fingerprint = XXH3_64bits(folded_words.data(), folded_words.size());
  DampTopicWords(&doc);

  return doc;
}

}  // namespace retold
