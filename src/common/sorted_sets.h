// Sets kept as sorted vectors of unique values: word 3-grams (verdicts),
// the documents holding a recurring passage (candidate search).
#ifndef RETOLD_COMMON_SORTED_SETS_H_
#define RETOLD_COMMON_SORTED_SETS_H_

#include <cstddef>
#include <vector>

namespace retold {

// |x ∩ y| / |x ∪ y| in one merge pass; 0 when both are empty.
template <typename T>
double SortedJaccard(const std::vector<T>& x, const std::vector<T>& y) {
  size_t i = 0, j = 0, shared = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  size_t all = x.size() + y.size() - shared;
  return all == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(all);
}

}  // namespace retold

#endif  // RETOLD_COMMON_SORTED_SETS_H_
