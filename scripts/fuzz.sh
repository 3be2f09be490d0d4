#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) in
# build-fuzz/ and runs each for SECONDS on its seed corpus in fuzz/corpus/.
# New inputs go to build-fuzz/corpus/TARGET; crashes to build-fuzz/crashes/.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: analysis compare corpus http)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analysis compare corpus http)
command -v clang++ >/dev/null || { echo "fuzz: clang++ is not installed (apt-get install clang)"; exit 2; }
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DRETOLD_FUZZ=ON -DRETOLD_BUILD_TESTS=OFF -DRETOLD_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --target "${targets[@]/%/_fuzz}"
mkdir -p build-fuzz/crashes
status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "fuzz: $t for ${seconds}s"
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  if ! "build-fuzz/${t}_fuzz" "build-fuzz/corpus/$t" "fuzz/corpus/$t" "${dict[@]}" -max_total_time="$seconds" \
      -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="build-fuzz/crashes/$t-" 2>"build-fuzz/$t.log"; then
    status=1
    echo "fuzz: $t FAILED, see build-fuzz/$t.log and build-fuzz/crashes/"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov: " "build-fuzz/$t.log" | tail -3
done
exit $status
