#!/usr/bin/env bash
# Bounded load test of `retold serve` on loopback: POST /v1/query against an
# index of ~10,000 news-length documents, with wrk (Debian package wrk).
#
#   bench/load_test.sh [SECONDS] [CONNECTIONS]
#
# The index is built once from bench/dedup_speed.py's 10,000-document corpus
# (generated if missing) into build/bench-corpus/load-index.db. The query is
# a spun copy of an indexed story, so every request verifies a match.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-8}
corpus=build/bench-corpus/news-10000.jsonl
db=build/bench-corpus/load-index.db
command -v wrk >/dev/null || { echo "load_test: wrk is not installed (apt-get install wrk)"; exit 2; }
[ -f "$corpus" ] || python3 bench/dedup_speed.py --docs 10000 --modes lexical >/dev/null
if [ ! -f "$db" ]; then
  build/retold index add --db "$db" "$corpus" --quiet
fi
body=$(mktemp)
python3 - "$corpus" "$body" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["id"].startswith("copy-spin"):
        json.dump({"text": r["text"]}, open(sys.argv[2], "w"))
        break
PY
port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
build/retold serve --db "$db" --port "$port" --quiet &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$body"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
echo "index: $(curl -s "http://127.0.0.1:$port/v1/stats")"
echo "one query: $(curl -s -XPOST --data-binary @"$body" "http://127.0.0.1:$port/v1/query" | cut -c1-160)..."
RETOLD_QUERY_BODY=$body timeout $((seconds + 30)) wrk -t2 -c"$connections" -d"${seconds}s" --latency \
  -s bench/wrk_query.lua "http://127.0.0.1:$port/v1/query"
