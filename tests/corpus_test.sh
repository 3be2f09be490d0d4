#!/usr/bin/env bash
# End-to-end tests of `retold dedup` and `retold index`: input formats, bad
# input, families, --keep, and the index under kill -9, concurrent writers
# and a full disk.
# usage: tests/corpus_test.sh path/to/retold SOURCE_DIR
source "$(dirname "$0")/harness.sh"

# A small corpus: the samples, an exact copy, and unrelated generated stories.
python3 - "$src" "$work" <<'PY'
import json, os, random, sys
src, work = sys.argv[1], sys.argv[2]
read = lambda n: open(os.path.join(src, "sample", n), encoding="utf-8").read()
rng = random.Random(3)
words = ("harbour council budget river orchard violin glacier pottery senate railway "
         "festival meteor lantern quarry tariff vaccine bakery satellite drought ferry").split()
def story():
    return "\n\n".join(" ".join(rng.choice(words).capitalize() + " " + " ".join(rng.choice(words) for _ in range(14)) + "."
                                for _ in range(4)) for _ in range(3))
docs = [("orig", read("original.txt"), "2024-05-02"), ("rewritten", read("rewritten.txt"), "2024-05-03"),
        ("same-event", read("same_story.txt"), "2024-05-02"), ("copy", read("original.txt"), "2024-05-01")]
docs += [("other-%d" % i, story(), "2024-06-01") for i in range(40)]
with open(os.path.join(work, "corpus.jsonl"), "w") as f:
    for i, t, d in docs:
        f.write(json.dumps({"id": i, "text": t, "date": d}) + "\n")
os.makedirs(os.path.join(work, "dir", "sub"))
for i, t, d in docs[:4]:
    open(os.path.join(work, "dir", "sub" if i == "copy" else "", i + ".txt"), "w").write(t)
# A larger corpus for the index's kill and concurrency tests.
with open(os.path.join(work, "big.jsonl"), "w") as f:
    for i in range(6000):
        f.write(json.dumps({"id": "big-%d" % i, "text": story()}) + "\n")
PY
gzip -k "$work/corpus.jsonl"
python3 -c "import sys" && (command -v zstd >/dev/null && zstd -q "$work/corpus.jsonl" -o "$work/corpus.jsonl.zst")

families() {  # prints "id:cluster-members" sorted, to compare runs
  python3 - "$1" <<'PY'
import json, sys, collections
c = collections.defaultdict(list)
for l in open(sys.argv[1]):
    r = json.loads(l); c[r["cluster"]].append(r["id"].replace("sub/", "").replace(".txt", ""))
print(sorted(sorted(m) for m in c.values()))
PY
}

run 0 dedup "$work/corpus.jsonl" --out "$work/o1" --date-field date --quiet && grep -q "^families *1 " "$work/out"
check "dedup JSONL finds one family" $?
python3 - "$work/o1" <<'PY'
import json, sys
clusters = [json.loads(l) for l in open(sys.argv[1] + "/clusters.jsonl")]
members = {c["id"]: c for c in clusters}
assert set(members) == {"orig", "rewritten", "copy"}, members
assert members["copy"]["original"] and not members["orig"]["original"]   # earliest date
assert members["orig"]["relation"] == "exact" and members["rewritten"]["relation"] == "rewrite"
pairs = [json.loads(l) for l in open(sys.argv[1] + "/pairs.jsonl")]
for p in pairs:
    assert set(p) >= {"a", "b", "verdict", "score", "coverage", "passages"}, p
    assert p["verdict"] != "unrelated"
assert not any("same-event" in (p["a"], p["b"]) for p in pairs)
PY
check "clusters.jsonl and pairs.jsonl content" $?
expected=$(families "$work/o1/clusters.jsonl")
run 0 dedup "$work/corpus.jsonl.gz" --out "$work/o2" --quiet && [ "$(families "$work/o2/clusters.jsonl")" = "$expected" ]
check "dedup JSONL.gz" $?
if [ -f "$work/corpus.jsonl.zst" ]; then
  run 0 dedup "$work/corpus.jsonl.zst" --out "$work/o3" --quiet && [ "$(families "$work/o3/clusters.jsonl")" = "$expected" ]
  check "dedup JSONL.zst" $?
fi
timeout 60 "$retold" dedup - --out "$work/o4" --quiet <"$work/corpus.jsonl" >/dev/null 2>"$work/err" &&
  [ "$(families "$work/o4/clusters.jsonl")" = "$expected" ]
check "dedup from stdin" $?
run 0 dedup "$work/dir" --out "$work/o5" --quiet && [ "$(families "$work/o5/clusters.jsonl")" = "$expected" ]
check "dedup a directory of .txt files" $?
run 0 dedup "$work/corpus.jsonl" --out "$work/o6" --mode lexical --quiet && python3 - "$work/o6" <<'PY'
import json, sys
pairs = {(p["a"], p["b"]): p["verdict"] for p in map(json.loads, open(sys.argv[1] + "/pairs.jsonl"))}
assert pairs.get(("orig", "copy")) == "exact" or pairs.get(("copy", "orig")) == "exact", pairs
assert not any("same-event" in p for p in pairs)
PY
check "lexical mode finds the exact copy" $?
run 0 dedup "$work/corpus.jsonl" --out "$work/o7" --keep "$work/kept.jsonl" --quiet && python3 - "$work/kept.jsonl" <<'PY'
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert len(ids) == 44 - 2 and len(set(ids)) == len(ids), len(ids)
assert sum(i in ("orig", "rewritten", "copy") for i in ids) == 1
PY
check "--keep writes one document per family" $?
# Kept JSONL records pass through as they were, fields the run does not
# read included; .txt files become {"id", "text"}.
python3 - "$work/corpus.jsonl" "$work/extra.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for n, line in enumerate(open(sys.argv[1])):
        r = json.loads(line)
        r["source_url"] = "https://example.org/%d" % n
        out.write(json.dumps(r, indent=None, separators=(", ", ":  ")) + "\n")
PY
run 0 dedup "$work/extra.jsonl" --out "$work/o10" --keep "$work/kept8.jsonl" --quiet && python3 - "$work/extra.jsonl" "$work/kept8.jsonl" <<'PY'
import sys
original = set(open(sys.argv[1]).read().splitlines())
kept = open(sys.argv[2]).read().splitlines()
assert len(kept) == 42 and all(line in original for line in kept), len(kept)
PY
check "--keep passes JSONL records through untouched" $?
run 0 dedup "$work/dir" --out "$work/o9" --keep "$work/kept9.jsonl" --quiet && python3 - "$work/kept9.jsonl" <<'PY'
import json, sys
records = [json.loads(l) for l in open(sys.argv[1])]
assert 1 <= len(records) < 4 and all(set(r) == {"id", "text"} and r["id"].endswith(".txt") for r in records), records[:1]
PY
check "--keep writes .txt documents as JSONL" $?

# Bad input.
cp "$work/corpus.jsonl" "$work/broken.jsonl"; sed -i '3s/.*/{"id": "x", "text": "unterminated/' "$work/broken.jsonl"
run 2 dedup "$work/broken.jsonl" --out "$work/o8" && grep -q "broken.jsonl:3: invalid JSON" "$work/err" &&
  [ ! -e "$work/o8/pairs.jsonl" ]
check "broken JSONL line names file and line, writes no output" $?
run 0 dedup "$work/broken.jsonl" --out "$work/o9" --skip-bad && grep -q "skipped *1 bad" "$work/out"
check "--skip-bad skips and counts" $?
{ cat "$work/corpus.jsonl"; head -1 "$work/corpus.jsonl"; } >"$work/dup.jsonl"
run 2 dedup "$work/dup.jsonl" --out "$work/o10" && grep -q 'dup.jsonl:45: duplicate id "orig"' "$work/err"
check "duplicate id is an error with id and line" $?
printf '{"text": "no id here"}\n' >"$work/noid.jsonl"
run 2 dedup "$work/noid.jsonl" --out "$work/o11" && grep -q 'noid.jsonl:1: no "id" field' "$work/err"
check "missing id is an error with the line" $?
run 2 dedup "$work/nothere.jsonl" --out "$work/o12" && grep -q "nothere.jsonl" "$work/err"
check "missing input" $?
head -c 3000 "$work/corpus.jsonl.gz" >"$work/cut.jsonl.gz"
run 2 dedup "$work/cut.jsonl.gz" --out "$work/o13" && grep -q "truncated gzip" "$work/err"
check "truncated gzip is an error" $?
python3 -c "
import json
with open('$work/renamed.jsonl', 'w') as f:
    for l in open('$work/corpus.jsonl'):
        r = json.loads(l); f.write(json.dumps({'url': r['id'], 'body': r['text']}) + '\\n')"
run 0 dedup "$work/renamed.jsonl" --out "$work/o14" --id-field url --text-field body --quiet &&
  [ "$(families "$work/o14/clusters.jsonl")" = "$expected" ]
check "custom field names" $?

# A full disk during dedup --out: a clear error and no output passed off as complete.
(ulimit -f 4; timeout 60 "$retold" dedup "$work/big.jsonl" "$work/corpus.jsonl" --out "$work/o15" --quiet \
  >"$work/out" 2>"$work/err"); status=$?
[ "$status" -ne 0 ] && [ "$status" -lt 128 ] && grep -qi "too large\|no space\|file" "$work/err" &&
  [ ! -e "$work/o15/pairs.jsonl" ] && [ ! -e "$work/o15/pairs.jsonl.tmp" ]
check "full disk during dedup --out" $?

# The index.
db=$work/index.db
run 0 index add --db "$db" "$work/corpus.jsonl" --date-field date --quiet && grep -q "added 44" "$work/out"
check "index add" $?
run 0 index query --db "$db" --json "$src/sample/rewritten.txt" && python3 - "$work/out" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["matches"]
assert m[0]["id"] == "rewritten" and m[0]["verdict"] == "exact", m[0]
assert {x["id"] for x in m[1:]} == {"orig", "copy"}, [x["id"] for x in m]
PY
check "index query ranks the copies" $?
run 0 index stats --db "$db" --json && python3 -c "import json,sys; assert json.load(open('$work/out'))['documents'] == 44"
check "index stats --json" $?
# A bulk load (the index at least doubles) ends with its key segments merged;
# --no-optimize leaves one per batch; a smaller add into it merges nothing.
segments() { python3 -c "import sqlite3; print(sqlite3.connect('$1').execute('SELECT count(DISTINCT segid) FROM postings_idx').fetchone()[0])"; }
run 0 index add --db "$work/bulk.db" "$work/corpus.jsonl" --batch 10 --quiet && grep -q "^optimized" "$work/out" &&
  [ "$(segments "$work/bulk.db")" = 1 ] &&
  run 0 index add --db "$work/unmerged.db" "$work/corpus.jsonl" --batch 10 --no-optimize --quiet &&
  ! grep -q "^optimized" "$work/out" && [ "$(segments "$work/unmerged.db")" -gt 1 ] &&
  head -n 10 "$work/corpus.jsonl" | sed 's/"id": "/"id": "more-/' > "$work/more.jsonl" &&
  run 0 index add --db "$work/bulk.db" "$work/more.jsonl" --quiet && grep -q "added 10" "$work/out" &&
  ! grep -q "^optimized" "$work/out" && [ "$(segments "$work/bulk.db")" = 2 ]
check "index add merges the key segments of a bulk load only" $?
run 0 index add --db "$db" "$work/corpus.jsonl" --quiet && grep -q "added 0, updated 44" "$work/out" &&
  run 0 index stats --db "$db" --json && python3 -c "import json; assert json.load(open('$work/out'))['documents'] == 44"
check "re-adding updates instead of duplicating" $?
# A batch: a day's crawl checked in one command, answers in input order; a
# bad record stops the run with file:line, or gets its own line with --skip-bad.
run 0 index add --db "$db" "$work/corpus.jsonl" --date-field date --quiet  # the dates back
python3 - "$src" "$work/crawl.jsonl" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
read = lambda n: open(src + "/sample/" + n, encoding="utf-8").read()
with open(out, "w") as f:
    f.write(json.dumps({"id": "day-1", "text": read("rewritten.txt"), "date": "2024-07-01"}) + "\n")
    f.write(json.dumps({"id": "day-2", "text": "A fresh story about glaciers, violins and a quarry near the ferry."}) + "\n")
    f.write('{"id": "day-3", "text": \n')
    f.write(json.dumps({"id": "day-4", "text": read("original.txt")}) + "\n")
PY
run 2 index query --db "$db" "$work/crawl.jsonl" --json --date-field date && grep -q "crawl.jsonl:3: invalid JSON" "$work/err" &&
  [ "$(wc -l < "$work/out")" -eq 2 ]
check "index query on a batch stops at a bad record, naming it" $?
run 0 index query --db "$db" "$work/crawl.jsonl" --json --date-field date --skip-bad --limit 2 && python3 - "$work/out" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l.get("id") for l in lines] == ["day-1", "day-2", None, "day-4"], lines
assert "crawl.jsonl:3" in lines[2]["error"]
first = lines[0]["matches"]
assert len(first) == 2 and first[0]["id"] == "rewritten" and first[0]["verdict"] == "exact", first
assert first[0]["source"] == "rewritten" and first[0]["source_reason"] == "date", first[0]  # 2024-05 < 2024-07
assert lines[1]["matches"] == []
assert {m["id"] for m in lines[3]["matches"]} <= {"orig", "copy", "rewritten"} and lines[3]["matches"]
PY
check "index query on a batch: one line per document, in order, with sources" $?
run 0 index query --db "$db" "$work/crawl.jsonl" --json --skip-bad --min-score 0.99 && python3 - "$work/out" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert all(m["score"] >= 0.99 for l in lines for m in l.get("matches", [])), lines
PY
check "--min-score leaves out weaker matches" $?
run 0 index query --db "$db" "$work/crawl.jsonl" --skip-bad && grep -q "day-2  no match" "$work/out" &&
  grep -q "^error  .*crawl.jsonl:3" "$work/out"
check "index query on a batch, readable" $?

# Backup, export and check.
run 0 index backup --db "$db" "$work/copy.db" && run 0 index stats --db "$work/copy.db" --json &&
  python3 -c "import json; assert json.load(open('$work/out'))['documents'] == 44" && [ ! -e "$work/copy.db.tmp" ]
check "index backup makes a complete copy" $?
run 0 index export --db "$db" && python3 - "$work/out" "$work/corpus.jsonl" <<'PY'
import json, sys
exported = [json.loads(l) for l in open(sys.argv[1])]
original = [json.loads(l) for l in open(sys.argv[2])]
assert [(r["id"], r["text"]) for r in exported] == [(r["id"], r["text"]) for r in original]
assert all(r["date"] == o["date"] for r, o in zip(exported, original))
PY
check "index export gives back every document" $?
run 0 index export --db "$db" && cp "$work/out" "$work/exported.jsonl" &&
  run 0 index add --db "$work/rebuilt.db" "$work/exported.jsonl" --date-field date --quiet &&
  run 0 index query --db "$work/rebuilt.db" --json "$src/sample/rewritten.txt" && grep -q '"rewritten"' "$work/out"
check "an exported archive rebuilds" $?
run 0 index check --db "$db" --json && python3 -c "
import json; r = json.load(open('$work/out')); assert r['ok'] and r['integrity'] == 'ok' and r['documents'] == 44 and r['keys'] > 0, r"
check "index check" $?
# Each add wrote its own key segment; optimize merges them and answers stay.
run 0 index optimize --db "$db" && grep -q "optimized" "$work/out" &&
  python3 -c "
import sqlite3; n = sqlite3.connect('$db').execute('SELECT count(DISTINCT segid) FROM postings_idx').fetchone()[0]; assert n == 1, n" &&
  run 0 index query --db "$db" --json "$src/sample/rewritten.txt" && python3 -c "
import json; m = json.load(open('$work/out'))['matches']; assert m[0]['id'] == 'rewritten' and {x['id'] for x in m[1:]} == {'orig', 'copy'}, m" &&
  run 0 index check --db "$db" --json
check "index optimize merges the key segments, answers unchanged" $?
cp "$db" "$work/damaged.db"; python3 - "$work/damaged.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE documents SET text = x'00112233' WHERE id = 'same-event'")
db.commit()
PY
run 1 index check --db "$work/damaged.db" && grep -q "same-event" "$work/out"
check "index check names a damaged text" $?

run 0 index remove --db "$db" orig && run 2 index remove --db "$db" orig && grep -q 'no document "orig"' "$work/err"
check "index remove" $?
run 2 index query --db "$work/none.db" "$src/sample/original.txt" && grep -q "none.db" "$work/err"
check "query on a missing index" $?
run 2 index stats --db "$src/sample/original.txt" && grep -q "original.txt" "$work/err"
check "a text file is not an index" $?

# kill -9 during add, at a few points: the index opens, committed documents
# are all there, and adding again finishes the job without duplicates.
for delay in 0.3 1.0 2.0; do
  rm -f "$work/k.db" "$work/k.db-wal" "$work/k.db-shm"
  "$retold" index add --db "$work/k.db" "$work/big.jsonl" --batch 1000 --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  ok=0
  if [ -e "$work/k.db" ]; then
    run 0 index stats --db "$work/k.db" --json || ok=1
    before=$(python3 -c "import json; print(json.load(open('$work/out'))['documents'])" 2>/dev/null || echo -1)
    [ "$before" -ge 0 ] && [ $((before % 1000)) -eq 0 ] || ok=1   # whole batches only
    python3 -c "
import sqlite3, sys
c = sqlite3.connect('$work/k.db')
assert c.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
" || ok=1
  fi
  run 0 index add --db "$work/k.db" "$work/big.jsonl" --quiet || ok=1
  run 0 index stats --db "$work/k.db" --json && python3 -c "import json; assert json.load(open('$work/out'))['documents'] == 6000" || ok=1
  check "kill -9 after ${delay}s of index add" $ok
done

# Two writers at once: both finish, and the index holds each document once.
rm -f "$work/c.db"*
"$retold" index add --db "$work/c.db" "$work/big.jsonl" --batch 1000 --quiet >"$work/w1" 2>&1 &
p1=$!
"$retold" index add --db "$work/c.db" "$work/corpus.jsonl" --quiet >"$work/w2" 2>&1 &
p2=$!
wait $p1; s1=$?; wait $p2; s2=$?
[ $s1 -eq 0 ] && [ $s2 -eq 0 ] && run 0 index stats --db "$work/c.db" --json &&
  python3 -c "import json; assert json.load(open('$work/out'))['documents'] == 6044"
check "two processes adding at once" $?

# A full disk during index add: an error, and the index still opens with
# whole batches only.
rm -f "$work/f.db"*
run 0 index add --db "$work/f.db" "$work/corpus.jsonl" --quiet
(ulimit -f 600; timeout 120 "$retold" index add --db "$work/f.db" "$work/big.jsonl" --batch 1000 --quiet >"$work/out" 2>"$work/err"); status=$?
ok=0
[ "$status" -ne 0 ] && [ "$status" -lt 128 ] || ok=1
run 0 index stats --db "$work/f.db" --json || ok=1
python3 -c "
import json; n = json.load(open('$work/out'))['documents']; assert n >= 44 and (n - 44) % 1000 == 0, n" || ok=1
check "full disk during index add" $ok

# A read-only index: queries work, writes are refused with a clear message.
# Root ignores file modes, so as root the check runs as user nobody.
ro=$work/ro
mkdir -p "$ro" && cp "$work/f.db" "$ro/r.db" && chmod 755 "$work" "$ro" && chmod 444 "$ro/r.db"
as_user=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  "${as_user[@]}" "$retold" index add --db "$ro/r.db" "$work/corpus.jsonl" --quiet >"$work/out" 2>"$work/err"
  status=$?
  [ $status -eq 2 ] && grep -q "read-only" "$work/err"
  check "adding to a read-only index is refused" $?
  "${as_user[@]}" "$retold" index query --db "$ro/r.db" "$src/sample/rewritten.txt" >"$work/out" 2>"$work/err"
  check "a read-only index still answers queries" $?
fi

finish corpus
