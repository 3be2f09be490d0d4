#include "retold/fingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <deque>

#include "fingerprint/minhash.h"

namespace retold {
namespace {

constexpr size_t kShingleWords = 5;
constexpr size_t kMinSkeletonTokens = 4;

uint64_t Mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ULL;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dULL;
  x ^= x >> 33;
  return x;
}

// Hashes of the k-word windows of a sequence of word hashes.
class Shingler {
 public:
  // Returns true and sets `hash` once k words have been seen.
  bool Push(uint64_t word, uint64_t* hash) {
    window_[count_ % kShingleWords] = word;
    ++count_;
    if (count_ < kShingleWords) return false;
    uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < kShingleWords; ++i) {
      h = Mix(h ^ window_[(count_ + i) % kShingleWords]);
    }
    *hash = h;
    return true;
  }

 private:
  uint64_t window_[kShingleWords] = {};
  size_t count_ = 0;
};

// Winnowing: the minimum of each window of kWinnowWindow consecutive shingle
// hashes, recorded when it changes (rightmost minimum on ties).
class Winnower {
 public:
  void Push(uint64_t hash) {
    uint32_t h = static_cast<uint32_t>(hash >> 32);
    size_t position = seen_++;
    while (!window_.empty() && window_.back().first >= h) window_.pop_back();
    window_.emplace_back(h, position);
    if (window_.front().second + kWinnowWindow <= position) window_.pop_front();
    // Short documents (fewer shingles than a window) still get their minimum.
    if (window_.front().second != last_position_) {
      last_position_ = window_.front().second;
      picked_.push_back(window_.front().first);
    }
  }

  std::vector<uint32_t> Finish() {
    std::sort(picked_.begin(), picked_.end());
    picked_.erase(std::unique(picked_.begin(), picked_.end()), picked_.end());
    return std::move(picked_);
  }

 private:
  std::deque<std::pair<uint32_t, size_t>> window_;
  size_t seen_ = 0;
  size_t last_position_ = SIZE_MAX;
  std::vector<uint32_t> picked_;
};

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

Fingerprint LexicalFingerprint(std::string_view text) {
  Fingerprint f;
  f.text_bytes = static_cast<uint32_t>(text.size());
  MinHasher lexical(kLexicalHashes);
  Shingler shingler;
  Winnower winnower;
  char word[64];
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    size_t length = 0;
    while (i < n && IsWordByte(static_cast<unsigned char>(text[i]))) {
      char c = text[i++];
      if (length < sizeof word) word[length++] = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    }
    if (length == 0) continue;
    uint64_t shingle;
    if (shingler.Push(XXH3_64bits(word, length), &shingle)) {
      lexical.Add(shingle);
      winnower.Push(shingle);
    }
  }
  f.lexical = lexical.Finish();
  f.winnow = winnower.Finish();
  return f;
}

Fingerprint FullFingerprint(const Document& doc, const Lexicon* lexicon) {
  Fingerprint f;
  f.text_bytes = static_cast<uint32_t>(doc.text.size());
  MinHasher lexical(kLexicalHashes), skeleton(kSkeletonHashes), concepts(kConceptHashes);
  Shingler shingler;
  Winnower winnower;
  uint64_t previous_immutable = 0;
  size_t immutables = 0;
  for (const Token& t : doc.tokens) {
    uint64_t shingle;
    if (shingler.Push(t.term, &shingle)) {
      lexical.Add(shingle);
      winnower.Push(shingle);
    }
    if (t.weight <= 0) continue;
    if (t.is_name || t.is_number) {
      // Pairs of consecutive immutables: their order survives rewriting.
      if (immutables++ > 0) skeleton.Add(Mix(previous_immutable * 31 + t.stem));
      previous_immutable = t.stem;
      continue;
    }
    concepts.Add(Mix(t.stem));
    if (lexicon != nullptr && t.sense != 0) {
      WordSense sense = lexicon->Entry(t.sense);
      for (size_t k = 0; k < sense.strong.size() && k < 3; ++k) concepts.Add(Mix(sense.strong[k]));
    }
  }
  f.lexical = lexical.Finish();
  if (immutables >= kMinSkeletonTokens) f.skeleton = skeleton.Finish();
  f.concepts = concepts.Finish();
  f.winnow = winnower.Finish();
  return f;
}

double EstimateJaccard(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  if (x.empty() || y.empty() || x.size() != y.size()) return 0;
  size_t equal = 0;
  for (size_t i = 0; i < x.size(); ++i) equal += x[i] == y[i];
  return static_cast<double>(equal) / static_cast<double>(x.size());
}

}  // namespace retold
