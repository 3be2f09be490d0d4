#include "retold/fingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstring>

#include "fingerprint/minhash.h"

namespace retold {
namespace {

constexpr size_t kShingleWords = 5;
constexpr size_t kMinSkeletonTokens = 4;

uint64_t Mix(uint64_t x) { return Mix64(x); }

uint64_t Rotate(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// Hashes of the k-word windows of a sequence of word hashes: each word is
// rotated by its place in the window, so one mix per shingle suffices and
// the order of the words still counts. The xor of the rotated words is
// rolled: the oldest word is taken out, the rest rotate one place, the new
// word comes in.
class Shingler {
 public:
  // Returns true and sets `hash` once k words have been seen.
  bool Push(uint64_t word, uint64_t* hash) {
    if (count_ < kShingleWords) {
      window_[count_] = word;
      xor_ ^= Rotate(word, kFirstRotation + kStep * static_cast<int>(count_));
      if (++count_ < kShingleWords) return false;
    } else {
      uint64_t& oldest = window_[count_++ % kShingleWords];
      xor_ = Rotate(xor_ ^ Rotate(oldest, kFirstRotation), 64 - kStep) ^ Rotate(word, kLastRotation);
      oldest = word;
    }
    *hash = Mix(xor_);
    return true;
  }

 private:
  static constexpr int kStep = 13, kFirstRotation = 1;
  static constexpr int kLastRotation = kFirstRotation + kStep * static_cast<int>(kShingleWords - 1);
  uint64_t window_[kShingleWords] = {};
  uint64_t xor_ = 0;
  size_t count_ = 0;
};

// Winnowing: the minimum of each window of kWinnowWindow consecutive shingle
// hashes, recorded when it changes (rightmost minimum on ties). The window
// lives in a ring; the minimum is searched again only when it leaves.
class Winnower {
 public:
  void Push(uint64_t hash, uint16_t place) {
    uint32_t h = static_cast<uint32_t>(hash >> 32);
    size_t position = seen_++;
    ring_[position % kRing] = h;
    ring_place_[position % kRing] = place;
    bool slid_out = position >= kWinnowWindow && min_position_ + kWinnowWindow <= position;
    if (position == 0 || (!slid_out && h <= min_value_)) {
      min_position_ = position;
      min_value_ = h;
    } else if (slid_out) {  // find the rightmost minimum of the window again
      size_t first = position + 1 - kWinnowWindow;
      min_position_ = first;
      min_value_ = ring_[first % kRing];
      for (size_t p = first + 1; p <= position; ++p) {
        if (ring_[p % kRing] <= min_value_) {
          min_position_ = p;
          min_value_ = ring_[p % kRing];
        }
      }
    }
    // Short documents (fewer shingles than a window) still get their minimum.
    if (min_position_ != last_position_) {
      last_position_ = min_position_;
      picked_.push_back((uint64_t{min_value_} << 16) | ring_place_[min_position_ % kRing]);
    }
  }

  // Sorted unique hashes, each with the lowest place it was picked in.
  void Finish(Fingerprint* f) {
    std::sort(picked_.begin(), picked_.end());
    for (uint64_t p : picked_) {
      uint32_t h = static_cast<uint32_t>(p >> 16);
      if (!f->winnow.empty() && f->winnow.back() == h) continue;
      f->winnow.push_back(h);
      f->winnow_sentence.push_back(static_cast<uint16_t>(p));
    }
  }

 private:
  // The window in a ring of a power of two (an index is a mask, not a
  // division).
  static constexpr size_t kRing = 16;
  static_assert(kRing >= kWinnowWindow);
  uint32_t ring_[kRing] = {};
  uint16_t ring_place_[kRing] = {};
  size_t seen_ = 0;
  size_t min_position_ = 0;
  uint32_t min_value_ = 0;
  size_t last_position_ = SIZE_MAX;
  std::vector<uint64_t> picked_;  // hash << 16 | place
};

// The text is read eight bytes at a time, each byte classified at once
// (SWAR): finding where words end and folding their case then costs a few
// instructions per word instead of a branch per byte.
static_assert(std::endian::native == std::endian::little, "byte k of a loaded word is bits 8k..8k+7");
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Eight bytes of the text from i; zeros (not word bytes) past its end.
uint64_t Load8(std::string_view text, size_t i) {
  uint64_t x = 0;
  if (i + 8 <= text.size()) {
    std::memcpy(&x, text.data() + i, 8);
  } else if (i < text.size()) {
    std::memcpy(&x, text.data() + i, text.size() - i);
  }
  return x;
}

// The high bit of each byte that is in [lo, hi], for bytes below 0x80.
constexpr uint64_t InRange(uint64_t low_bits, unsigned char lo, unsigned char hi) {
  return (low_bits + (0x80 - lo) * kOnes) & ~(low_bits + (0x80 - hi - 1) * kOnes) & kHighBits;
}

// The high bit of each word byte: an ASCII letter or digit, or any byte of
// a UTF-8 sequence.
uint64_t WordBytes(uint64_t x) {
  uint64_t low = x & ~kHighBits;
  return (x & kHighBits) | InRange(low | 0x20 * kOnes, 'a', 'z') | InRange(low, '0', '9');
}

uint64_t FoldAsciiCase(uint64_t x) {
  uint64_t upper = InRange(x & ~kHighBits, 'A', 'Z') & ~x;
  return x | upper >> 2;  // 0x80 >> 2 is the case bit
}

size_t FirstMarked(uint64_t high_bits) { return static_cast<size_t>(std::countr_zero(high_bits)) / 8; }

// A well-mixed hash of the word [begin, end), ASCII case folded.
uint64_t WordHash(std::string_view text, size_t begin, size_t end) {
  uint64_t h = end - begin;
  for (size_t i = begin; i < end; i += 8) {
    uint64_t x = Load8(text, i);
    if (end - i < 8) x &= (uint64_t{1} << (8 * (end - i))) - 1;
    h = Mix(h ^ FoldAsciiCase(x));
  }
  return h;
}

// Does the gap of non-word bytes [from, to) end a sentence? A full stop,
// question or exclamation mark followed by space and a capital or digit, or
// a blank line; not the full stop of an initial ("U.S.") or of a common
// abbreviation ("Mr.", "Inc."), which is how wire copy breaks most naive
// splitters.
bool GapEndsSentence(std::string_view text, size_t word_begin, size_t from, size_t to) {
  // Most gaps are a space or ", ": no mark, no end.
  bool marked = false;
  for (size_t i = from; i < to && !marked; ++i) {
    char c = text[i];
    marked = c == '.' || c == '!' || c == '?' || c == '\n';
  }
  if (!marked) return false;
  for (size_t i = from; i + 1 < to; ++i) {
    if (text[i] == '\n' && text[i + 1] == '\n') return true;
  }
  if (to >= text.size()) return false;
  unsigned char next = static_cast<unsigned char>(text[to]);
  if (!((next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') || next >= 0x80)) return false;
  bool stop = false, spaced = false;
  for (size_t i = from; i < to && !spaced; ++i) {
    char c = text[i];
    if (c == '.' || c == '!' || c == '?') {
      stop = true;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      spaced = stop;
    } else if (c != '"' && c != '\'' && c != ')' && c != ']') {
      stop = false;
    }
  }
  if (!spaced) return false;
  std::string_view word = text.substr(word_begin, from - word_begin);
  if (text[from] != '.') return true;
  if (word.size() <= 1) return false;  // an initial
  if (word.size() > 4) return true;
  char lower[4];
  for (size_t k = 0; k < word.size(); ++k) lower[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[k])));
  std::string_view folded(lower, word.size());
  static constexpr std::string_view kAbbreviations[] = {
      "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "gen",
      "sen", "rep", "gov", "prof", "jan", "feb", "aug", "sept", "oct", "nov", "dec"};
  for (std::string_view a : kAbbreviations) {
    if (folded == a) return false;
  }
  return true;
}

// A winnowed hash's place: the sentence its 5-gram ends in, with
// kWinnowCrossesSentence when the 5-gram began in the sentence before (a
// shared one means two sentences in a row are shared).
uint16_t WinnowPlace(uint32_t first_sentence, uint32_t last_sentence) {
  uint16_t place = static_cast<uint16_t>(std::min<uint32_t>(last_sentence, kWinnowSentenceMask));
  return first_sentence != last_sentence ? place | kWinnowCrossesSentence : place;
}

// Calls word(begin, end, sentence) for each word of the text, numbering
// sentences as GapEndsSentence splits them. LexicalFingerprint and
// LexicalSentenceStarts both read the text through it, so the sentence a
// winnowed hash names is the sentence a recurring passage is placed in.
template <typename WordFn>
void ScanWords(std::string_view text, WordFn&& word) {
  uint32_t sentence = 0;
  const size_t n = text.size();
  size_t i = 0, word_begin = 0;
  while (true) {
    size_t gap = i;
    for (uint64_t w; i < n; i += 8) {
      if ((w = WordBytes(Load8(text, i))) != 0) {
        i += FirstMarked(w);
        break;
      }
    }
    if (i >= n) break;
    if (gap > 0 && GapEndsSentence(text, word_begin, gap, i)) ++sentence;
    word_begin = i;
    for (uint64_t rest;; i += 8) {  // the zeros past the end stop it
      if ((rest = ~WordBytes(Load8(text, i)) & kHighBits) != 0) {
        i += FirstMarked(rest);
        break;
      }
    }
    word(word_begin, i, sentence);
  }
}

}  // namespace

Fingerprint LexicalFingerprint(std::string_view text) {
  Fingerprint f;
  f.text_bytes = static_cast<uint32_t>(text.size());
  MinHasher lexical(kLexicalHashes);
  Shingler shingler;
  Winnower winnower;
  uint32_t sentence_of_word[kShingleWords] = {};  // of the last five words, in a ring
  size_t words = 0;
  ScanWords(text, [&](size_t begin, size_t end, uint32_t sentence) {
    sentence_of_word[words++ % kShingleWords] = sentence;
    uint64_t shingle;
    if (shingler.Push(WordHash(text, begin, end), &shingle)) {
      lexical.Add(shingle);
      winnower.Push(shingle, WinnowPlace(sentence_of_word[words % kShingleWords], sentence));
    }
  });
  f.lexical = lexical.Finish();
  winnower.Finish(&f);
  return f;
}

std::vector<uint32_t> LexicalSentenceStarts(std::string_view text) {
  std::vector<uint32_t> starts{0};
  uint32_t current = 0;
  ScanWords(text, [&](size_t begin, size_t, uint32_t sentence) {
    if (sentence != current) starts.push_back(static_cast<uint32_t>(begin));
    current = sentence;
  });
  return starts;
}

Fingerprint FullFingerprint(const Document& doc) {
  Fingerprint f;
  f.text_bytes = static_cast<uint32_t>(doc.text.size());
  MinHasher lexical(kLexicalHashes), skeleton(kSkeletonHashes);
  Shingler shingler;
  Winnower winnower;
  uint64_t previous_immutable = 0;
  size_t immutables = 0;
  for (const Token& t : doc.tokens) {
    uint64_t shingle;
    if (shingler.Push(t.term, &shingle)) {
      lexical.Add(shingle);
      winnower.Push(shingle, WinnowPlace((&t - kShingleWords + 1)->sentence, t.sentence));
    }
    if (t.weight <= 0 || !(t.is_name || t.is_number)) continue;
    // Pairs of consecutive immutables: their order survives rewriting.
    if (immutables++ > 0) skeleton.Add(Mix(previous_immutable * 31 + t.stem));
    previous_immutable = t.stem;
  }
  f.lexical = lexical.Finish();
  if (immutables >= kMinSkeletonTokens) f.skeleton = skeleton.Finish();
  winnower.Finish(&f);
  return f;
}

double EstimateJaccard(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  if (x.empty() || y.empty() || x.size() != y.size()) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < x.size(); ++i) equal += x[i] == y[i];
  return static_cast<double>(equal) / static_cast<double>(x.size());
}

}  // namespace retold
