// Bags of words: keys (stems, word pairs) with weights, compared as
// multisets. Regions and the verdict's sentence checks score text this
// way, order ignored.
#ifndef RETOLD_ALIGN_BAGS_H_
#define RETOLD_ALIGN_BAGS_H_

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "retold/analysis.h"

namespace retold {

// A bag: keys with weights, sorted by key, each key once.
template <typename Key>
using Bag = std::vector<std::pair<Key, float>>;

template <typename Key>
inline void Settle(Bag<Key>* bag) {
  std::sort(bag->begin(), bag->end());
  size_t out = 0;
  for (size_t i = 0; i < bag->size(); ++i) {
    if (out > 0 && (*bag)[out - 1].first == (*bag)[i].first) {
      (*bag)[out - 1].second += (*bag)[i].second;
    } else {
      (*bag)[out++] = (*bag)[i];
    }
  }
  bag->resize(out);
}

// The weight two bags share: the smaller weight of each key in both.
template <typename Key>
inline float Shared(const Bag<Key>& x, const Bag<Key>& y) {
  float shared = 0;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i].first < y[j].first) {
      ++i;
    } else if (y[j].first < x[i].first) {
      ++j;
    } else {
      shared += std::min(x[i].second, y[j].second);
      ++i, ++j;
    }
  }
  return shared;
}

// Twice the shared weight over the weight of both (a Dice coefficient with
// weights).
inline float Dice(float shared, float weight_x, float weight_y) {
  return weight_x + weight_y > 0 ? std::min(1.0f, 2 * shared / (weight_x + weight_y)) : 0;
}

// The stems of one sentence with their weights (none for boilerplate).
inline Bag<uint32_t> SentenceStems(const Document& doc, uint32_t k) {
  Bag<uint32_t> bag;
  const Sentence& sentence = doc.sentences[k];
  if (sentence.boilerplate) return bag;
  for (uint32_t t = sentence.first_token; t < sentence.token_end; ++t) {
    if (doc.tokens[t].weight > 0) bag.emplace_back(doc.tokens[t].stem, doc.tokens[t].weight);
  }
  Settle(&bag);
  return bag;
}

// The total weight of a bag.
template <typename Key>
inline float Weight(const Bag<Key>& bag) {
  float sum = 0;
  for (const auto& entry : bag) sum += entry.second;
  return sum;
}

}  // namespace retold

#endif  // RETOLD_ALIGN_BAGS_H_
