// Which index was first given with a key: the table behind "have we seen
// this document id, or this text, before?" in a corpus's first pass. Keys
// are given as a well-mixed 64-bit hash and a test of equality against an
// index stored before, so that two keys with one hash stay apart and the
// table holds no copy of them. Open addressing in one flat table that
// doubles at half full: a lookup is a probe or two, where a node-based map
// spent a division and a pointer chase on each.
#ifndef RETOLD_COMMON_FIRST_INDEX_H_
#define RETOLD_COMMON_FIRST_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace retold {

class FirstIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The index stored before whose key `same(index)` says is this key (only
  // indexes stored with this `hash` are asked about); or, when there is
  // none, kNone after storing `index` (not kNone) with `hash`.
  template <typename Same>
  uint32_t FindOrInsert(uint64_t hash, uint32_t index, Same&& same) {
    if (2 * (used_ + 1) > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    for (size_t s = hash & mask;; s = (s + 1) & mask) {
      Slot& slot = slots_[s];
      if (slot.index == kNone) {
        slot = {hash, index};
        ++used_;
        return kNone;
      }
      if (slot.hash == hash && same(slot.index)) return slot.index;
    }
  }

  size_t size() const { return used_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t index = kNone;
  };

  void Grow() {
    std::vector<Slot> old(std::max<size_t>(64, 2 * slots_.size()));
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.index == kNone) continue;
      size_t s = slot.hash & mask;
      while (slots_[s].index != kNone) s = (s + 1) & mask;
      slots_[s] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;
};

}  // namespace retold

#endif  // RETOLD_COMMON_FIRST_INDEX_H_
