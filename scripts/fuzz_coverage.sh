#!/usr/bin/env bash
# Source coverage of the fuzz corpora: builds the fuzz targets with clang's
# source-based coverage in build-cov/, replays each target's corpus
# (fuzz/corpus/T plus what scripts/fuzz.sh collected in build-fuzz/corpus/T)
# and prints llvm-cov's report for src/.
#
#   scripts/fuzz_coverage.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(analysis compare corpus http)
cmake -S . -B build-cov -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DRETOLD_FUZZ_COVERAGE=ON -DRETOLD_BUILD_TESTS=OFF -DRETOLD_BUILD_BENCH=OFF >/dev/null
cmake --build build-cov --target "${targets[@]/%/_fuzz}" >/dev/null
rm -f build-cov/*.profraw
objects=()
for t in "${targets[@]}"; do
  dirs=("fuzz/corpus/$t")
  [ -d "build-fuzz/corpus/$t" ] && dirs+=("build-fuzz/corpus/$t")
  LLVM_PROFILE_FILE="build-cov/$t-%p.profraw" "build-cov/${t}_fuzz" -runs=0 "${dirs[@]}" >/dev/null 2>&1
  objects+=(-object "build-cov/${t}_fuzz")
done
llvm-profdata merge -sparse build-cov/*.profraw -o build-cov/fuzz.profdata
llvm-cov report "${objects[@]:1}" -instr-profile=build-cov/fuzz.profdata \
  -ignore-filename-regex='(/usr/|fuzz/|build-cov/)' | tail -n 40
