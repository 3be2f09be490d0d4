// Sets kept as sorted vectors of unique values: word 3-grams (verdicts),
// the documents holding a recurring passage (candidate search).
#ifndef RETOLD_COMMON_SORTED_SETS_H_
#define RETOLD_COMMON_SORTED_SETS_H_

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace retold {

// |x ∩ y| in one merge pass, or a smaller number as soon as the rest of
// the lists cannot bring it to `needed` (0: never stops early).
template <typename T>
size_t SortedShared(std::span<const T> x, std::span<const T> y, double needed = 0) {
  size_t i = 0, j = 0, shared = 0;
  while (i < x.size() && j < y.size()) {
    if (static_cast<double>(shared + std::min(x.size() - i, y.size() - j)) < needed) return shared;
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  return shared;
}

template <typename T>
size_t SortedShared(const std::vector<T>& x, const std::vector<T>& y, double needed = 0) {
  return SortedShared(std::span<const T>(x), std::span<const T>(y), needed);
}

// |x ∩ y| / |x ∪ y|; 0 when both are empty.
template <typename T>
double SortedJaccard(const std::vector<T>& x, const std::vector<T>& y) {
  size_t shared = SortedShared(x, y);
  size_t all = x.size() + y.size() - shared;
  return all == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(all);
}

// Whether SortedJaccard(x, y) >= threshold (in (0, 1]), stopping as soon as
// the answer is known to be no: most pairs asked about share little and end
// after a few steps.
template <typename T>
bool SortedJaccardAtLeast(std::span<const T> x, std::span<const T> y, double threshold) {
  // shared / (|x| + |y| - shared) >= t  <=>  shared >= t (|x| + |y|) / (1 + t),
  // with a little slack: the early stop must never be taken where the
  // exact ratio would say yes.
  const double needed = threshold * static_cast<double>(x.size() + y.size()) / (1 + threshold) - 1e-9;
  size_t shared = SortedShared(x, y, needed);
  size_t all = x.size() + y.size() - shared;
  return all != 0 && static_cast<double>(shared) / static_cast<double>(all) >= threshold;
}

template <typename T>
bool SortedJaccardAtLeast(const std::vector<T>& x, const std::vector<T>& y, double threshold) {
  return SortedJaccardAtLeast(std::span<const T>(x), std::span<const T>(y), threshold);
}

}  // namespace retold

#endif  // RETOLD_COMMON_SORTED_SETS_H_
