#include "fingerprint/minhash.h"

namespace retold {

std::vector<uint32_t> MinHasher::Finish() {
  if (!any_) return {};
  std::vector<uint32_t> out(values_);
  for (size_t bin = 0; bin < bins_; ++bin) {
    if (values_[bin] != UINT32_MAX) continue;
    // Probe other bins in an order fixed by the empty bin's position.
    for (uint64_t attempt = 1;; ++attempt) {
      size_t donor = static_cast<size_t>(Mix64((uint64_t{bin} << 32) | attempt) % bins_);
      if (values_[donor] != UINT32_MAX) {
        out[bin] = values_[donor];
        break;
      }
    }
  }
  return out;
}

}  // namespace retold
