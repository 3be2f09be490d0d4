// A set of integers that only answers "seen before?", for the few hundred
// or thousand keys of one document: open addressing in one flat table,
// sized once, at most half full. (A node-based set costs an allocation a
// key, and this runs for every document or compared pair.)
#ifndef RETOLD_COMMON_SEEN_SET_H_
#define RETOLD_COMMON_SEEN_SET_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace retold {

template <typename T>
class SeenSet {
  static_assert(std::is_unsigned_v<T>);

 public:
  // Room for up to `most` distinct keys.
  explicit SeenSet(size_t most) {
    size_t slots = 64;
    while (slots < 2 * most) slots <<= 1;
    slots_.assign(slots, kEmpty);
  }

  // True the first time `key` is given. Any value is a key: the one that
  // marks empty slots is remembered apart.
  bool Insert(T key) {
    if (key == kEmpty) {
      bool first = !empty_seen_;
      empty_seen_ = true;
      return first;
    }
    const size_t mask = slots_.size() - 1;
    for (size_t s = (static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL >> 32) & mask;; s = (s + 1) & mask) {
      if (slots_[s] == key) return false;
      if (slots_[s] == kEmpty) {
        slots_[s] = key;
        return true;
      }
    }
  }

 private:
  static constexpr T kEmpty = static_cast<T>(~T{0});
  std::vector<T> slots_;
  bool empty_seen_ = false;
};

}  // namespace retold

#endif  // RETOLD_COMMON_SEEN_SET_H_
