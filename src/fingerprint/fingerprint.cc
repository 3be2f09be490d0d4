#include "retold/fingerprint.h"

#include <xxhash.h>

#include <algorithm>

#include "fingerprint/minhash.h"

namespace retold {
namespace {

constexpr size_t kShingleWords = 5;
constexpr size_t kMinSkeletonTokens = 4;

uint64_t Mix(uint64_t x) { return Mix64(x); }

uint64_t Rotate(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// Hashes of the k-word windows of a sequence of word hashes: each word is
// rotated by its place in the window, so one mix per shingle suffices and
// the order of the words still counts.
class Shingler {
 public:
  // Returns true and sets `hash` once k words have been seen.
  bool Push(uint64_t word, uint64_t* hash) {
    window_[count_ % kShingleWords] = word;
    ++count_;
    if (count_ < kShingleWords) return false;
    uint64_t h = 0;
    for (size_t i = 0; i < kShingleWords; ++i) {
      h ^= Rotate(window_[(count_ + i) % kShingleWords], static_cast<int>(13 * i + 1));
    }
    *hash = Mix(h);
    return true;
  }

 private:
  uint64_t window_[kShingleWords] = {};
  size_t count_ = 0;
};

// Winnowing: the minimum of each window of kWinnowWindow consecutive shingle
// hashes, recorded when it changes (rightmost minimum on ties). The window
// lives in a ring; the minimum is searched again only when it leaves.
class Winnower {
 public:
  void Push(uint64_t hash, uint32_t sentence) {
    uint32_t h = static_cast<uint32_t>(hash >> 32);
    size_t position = seen_++;
    ring_[position % kWinnowWindow] = h;
    ring_sentence_[position % kWinnowWindow] = static_cast<uint16_t>(std::min<uint32_t>(sentence, 0xFFFF));
    bool slid_out = position >= kWinnowWindow && min_position_ + kWinnowWindow <= position;
    if (position == 0 || (!slid_out && h <= min_value_)) {
      min_position_ = position;
      min_value_ = h;
    } else if (slid_out) {  // find the rightmost minimum of the window again
      size_t first = position + 1 - kWinnowWindow;
      min_position_ = first;
      min_value_ = ring_[first % kWinnowWindow];
      for (size_t p = first + 1; p <= position; ++p) {
        if (ring_[p % kWinnowWindow] <= min_value_) {
          min_position_ = p;
          min_value_ = ring_[p % kWinnowWindow];
        }
      }
    }
    // Short documents (fewer shingles than a window) still get their minimum.
    if (min_position_ != last_position_) {
      last_position_ = min_position_;
      picked_.push_back((uint64_t{min_value_} << 16) | ring_sentence_[min_position_ % kWinnowWindow]);
    }
  }

  // Sorted unique hashes, each with the first sentence it was picked in.
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
  uint32_t ring_[kWinnowWindow] = {};
  uint16_t ring_sentence_[kWinnowWindow] = {};
  size_t seen_ = 0;
  size_t min_position_ = 0;
  uint32_t min_value_ = 0;
  size_t last_position_ = SIZE_MAX;
  std::vector<uint64_t> picked_;  // hash << 16 | sentence
};

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Does the gap of non-word bytes [from, to) end a sentence? A full stop,
// question or exclamation mark followed by space, or a blank line.
bool GapEndsSentence(std::string_view text, size_t from, size_t to) {
  bool stop = false;
  for (size_t i = from; i < to; ++i) {
    char c = text[i];
    if (c == '.' || c == '!' || c == '?') {
      stop = true;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      if (stop) return true;
    } else if (c == '\n') {
      if (stop || (i + 1 < to && text[i + 1] == '\n')) return true;
    } else if (c != '"' && c != '\'' && c != ')' && c != ']') {
      stop = false;
    }
  }
  return false;
}

}  // namespace

Fingerprint LexicalFingerprint(std::string_view text) {
  Fingerprint f;
  f.text_bytes = static_cast<uint32_t>(text.size());
  MinHasher lexical(kLexicalHashes);
  Shingler shingler;
  Winnower winnower;
  uint32_t sentence = 0;
  size_t i = 0, n = text.size();
  while (i < n) {
    size_t gap = i;
    while (i < n && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == n) break;
    if (gap > 0 && GapEndsSentence(text, gap, i)) ++sentence;
    // FNV-1a over the case-folded bytes, hashed as they are scanned.
    uint64_t word = 0xcbf29ce484222325ULL;
    while (i < n && IsWordByte(static_cast<unsigned char>(text[i]))) {
      unsigned char c = static_cast<unsigned char>(text[i++]);
      if (c >= 'A' && c <= 'Z') c += 32;
      word = (word ^ c) * 0x100000001b3ULL;
    }
    uint64_t shingle;
    if (shingler.Push(Mix(word), &shingle)) {
      lexical.Add(shingle);
      winnower.Push(shingle, sentence);
    }
  }
  f.lexical = lexical.Finish();
  winnower.Finish(&f);
  return f;
}

std::vector<uint32_t> LexicalSentenceStarts(std::string_view text) {
  std::vector<uint32_t> starts{0};
  size_t i = 0, n = text.size();
  bool first_word = true;
  while (i < n) {
    size_t gap = i;
    while (i < n && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == n) break;
    if (!first_word && GapEndsSentence(text, gap, i)) starts.push_back(static_cast<uint32_t>(i));
    first_word = false;
    while (i < n && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
  }
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
      winnower.Push(shingle, t.sentence);
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
