// One-permutation MinHash (Li, Owen, Zhang 2012) with optimal densification
// (Shrivastava 2017): one hash per element instead of one per element and
// permutation, so a signature costs little more than reading the text.
#ifndef RETOLD_FINGERPRINT_MINHASH_H_
#define RETOLD_FINGERPRINT_MINHASH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace retold {

// A 64-bit finaliser (the one of MurmurHash3): spreads any integer's bits
// over the whole word, so structured values become usable hashes.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

class MinHasher {
 public:
  explicit MinHasher(size_t bins) : bins_(bins), values_(bins, UINT32_MAX) {}

  // Adds one element, given as a well-mixed 64-bit hash.
  void Add(uint64_t hash) {
    size_t bin = static_cast<size_t>((hash >> 32) * bins_ >> 32);
    uint32_t value = static_cast<uint32_t>(hash);
    if (value < values_[bin]) values_[bin] = value;
    any_ = true;
  }

  // Adds each of the hashes, as Add does; without a branch a hash, which
  // is what makes it fast (whether a hash lowers its bin is a coin toss
  // early in a document).
  void AddAll(const std::vector<uint64_t>& hashes) {
    uint32_t* values = values_.data();
    const uint64_t bins = bins_;
    for (uint64_t hash : hashes) {
      uint32_t& v = values[(hash >> 32) * bins >> 32];
      v = std::min(v, static_cast<uint32_t>(hash));
    }
    any_ = any_ || !hashes.empty();
  }

  // The signature; empty when nothing was added. Empty bins borrow the value
  // of a bin chosen by a fixed hash of their position, so two signatures stay
  // comparable position by position.
  std::vector<uint32_t> Finish();

 private:
  size_t bins_;
  std::vector<uint32_t> values_;
  bool any_ = false;
};

}  // namespace retold

#endif  // RETOLD_FINGERPRINT_MINHASH_H_
