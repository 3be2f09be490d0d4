#!/usr/bin/env bash
# Installs what retold needs from Debian (only what is missing), then
# configures and builds it in build/.
#
#   scripts/setup.sh           build and test dependencies, then build
#   scripts/setup.sh --bench   also the quality harness's thesaurus
#                              (LibreOffice's; Apertium is always installed:
#                              retold translates with it) and wrk, which
#                              bench/index_scale.py drives `serve` with
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libutf8proc-dev libicu-dev libstemmer-dev libxxhash-dev libtbb-dev
  nlohmann-json3-dev libcli11-dev libsimdjson-dev zlib1g-dev libzstd-dev libsqlite3-dev libcpp-httplib-dev
  libjemalloc-dev
  wordnet-base
  libexttextcat-dev libexttextcat-data
  apertium apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en
  libgtest-dev libbenchmark-dev python3 zstd
  python3-dev pybind11-dev python3-dask python3-distributed python3-pytest
  chromium clang libclang-rt-14-dev
)
if [ "${1:-}" = "--bench" ]; then
  packages+=(mythes-en-us wrk)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm may come from elsewhere than Debian (with npm bundled, so
# that Debian's npm package would conflict): they are looked for as commands.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

# playwright-core for the browser tests (it drives Debian's Chromium; no
# browser is downloaded).
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build

# `import retold` from any directory with Debian's python3: a .pth file in
# its site directory points at the package the build made (build/python).
site_dir=$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])')
pth_line="$(pwd)/build/python"
if [ "$(cat "$site_dir/retold.pth" 2>/dev/null)" != "$pth_line" ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" mkdir -p "$site_dir"
  echo "$pth_line" | "${sudo_cmd[@]}" tee "$site_dir/retold.pth" >/dev/null
fi
