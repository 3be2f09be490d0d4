// Families of copies: union-find over verified pairs, and the choice of each
// family's likely original.
#ifndef RETOLD_DEDUP_FAMILIES_H_
#define RETOLD_DEDUP_FAMILIES_H_

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

namespace retold {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];  // path halving
      x = parent_[x];
    }
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

struct MemberFacts {
  std::string date;        // empty when unknown
  uint32_t text_bytes = 0;
};

struct Family {
  uint32_t original;
  std::vector<uint32_t> members;  // all of them, the original included, ascending
};

// Groups of two or more. The original is the earliest dated member (dates
// compare as strings, so ISO 8601 works; undated members come last), then
// the longest text (the most complete version), then the first read.
std::vector<Family> BuildFamilies(size_t documents,
                                  const std::vector<std::pair<uint32_t, uint32_t>>& links,
                                  const std::vector<MemberFacts>& facts);

}  // namespace retold

#endif  // RETOLD_DEDUP_FAMILIES_H_
