// Fuzzes compare on arbitrary pairs: the input is split at its first
// "\n\x00\n" (or in half). Offsets must be in bounds and on character
// boundaries, the verdict must not depend on the order, nothing may throw.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace retold;
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t cut = input.find(std::string("\n\0\n", 3));
  std::string a = cut == std::string::npos ? input.substr(0, size / 2) : input.substr(0, cut);
  std::string b = cut == std::string::npos ? input.substr(size / 2) : input.substr(cut + 3);
  static const Comparer comparer(fuzz::FuzzLexicon());
  Comparison ab = comparer.Compare(a, b);
  Comparison ba = comparer.Compare(b, a);
  fuzz::CheckComparison(ab, a, b);
  fuzz::CheckComparison(ba, b, a);
  RETOLD_FUZZ_CHECK(ab.verdict == ba.verdict);
  RETOLD_FUZZ_CHECK(ab.passages.size() == ba.passages.size());
  Comparison aa = comparer.Compare(a, a);
  fuzz::CheckComparison(aa, a, a);
  return 0;
}
