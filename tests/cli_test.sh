#!/usr/bin/env bash
# End-to-end tests of the retold program: output formats and bad input.
# usage: tests/cli_test.sh path/to/retold SOURCE_DIR
run_timeout=120
source "$(dirname "$0")/harness.sh"

json_check() {  # json_check PYTHON-EXPRESSION-ON-d  (d = parsed first line of $work/out)
  python3 - "$work/out" "$1" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
d = lines[0]
sys.exit(0 if eval("(" + sys.argv[2] + ")") else 1)
PY
}

orig=$src/sample/original.txt
rewr=$src/sample/rewritten.txt
same=$src/sample/same_story.txt

run 0 --help && grep -q compare "$work/out"; check "--help lists compare" $?
run 0 compare --help && grep -q -- --pairs "$work/out" && grep -q -- --json "$work/out"; check "compare --help" $?
run 2; check "no sub-command is a usage error" $?
run 2 compare --frobnicate "$orig" "$rewr" && grep -qi frobnicate "$work/err"; check "unknown option" $?
run 2 compare "$orig"; check "one document only" $?

run 0 compare --color never "$orig" "$rewr" && grep -q "^rewrite" "$work/out" && grep -q "passage 1" "$work/out"
check "text view of a rewrite" $?
run 0 compare --color always "$orig" "$rewr" && grep -q $'\x1b\[' "$work/out"; check "colour on request" $?
run 0 compare --color never "$orig" "$rewr" && ! grep -q $'\x1b\[' "$work/out"; check "no colour when asked" $?

run 0 compare --json "$orig" "$rewr" && json_check '
d["verdict"] == "rewrite" and d["a"].endswith("original.txt") and 0 <= d["score"] <= 1
and set(d["coverage"]) == {"a", "b"} and len(d["passages"]) >= 1
and all(len(p["a"]) == 2 and len(p["b"]) == 2 and 0 <= p["similarity"] <= 1 for p in d["passages"])'
check "JSON object shape" $?
run 0 compare --json "$orig" "$same" && json_check 'd["verdict"] == "unrelated" and d["passages"] == []'
check "independent report on the same event is unrelated" $?
run 0 compare --json "$orig" "$orig" && json_check 'd["verdict"] == "exact" and d["coverage"] == {"a": 1.0, "b": 1.0}'
check "a document against itself is exact" $?
run 0 compare --json - "$rewr" <"$orig" && json_check 'd["verdict"] == "rewrite" and d["a"] == "-"'
check "standard input as A" $?

# Bad input: a clear message naming the file, exit status 2, never a crash.
run 2 compare "$work/missing.txt" "$orig" && grep -q "missing.txt" "$work/err"; check "missing file" $?
run 2 compare "$orig" "$work" && grep -q "directory" "$work/err"; check "directory" $?
: >"$work/empty.txt"
run 2 compare "$work/empty.txt" "$orig" && grep -q "empty.txt: file is empty" "$work/err"; check "empty file" $?
printf '   \n\t\n' >"$work/blank.txt"
run 2 compare "$work/blank.txt" "$orig" && grep -q "white space" "$work/err"; check "white-space-only file" $?
head -c 4096 /dev/urandom >"$work/blob.bin"; printf '\0' >>"$work/blob.bin"
run 2 compare "$orig" "$work/blob.bin" && grep -q "blob.bin: looks like a binary file" "$work/err"; check "binary file" $?
cp "$orig" "$work/noread.txt"; chmod 000 "$work/noread.txt"
if [ "$(id -u)" -ne 0 ]; then
  run 2 compare "$work/noread.txt" "$orig" && grep -q "noread.txt" "$work/err"; check "unreadable file" $?
fi
run 2 compare --max-bytes 100 "$orig" "$rewr" && grep -q "over the limit" "$work/err"; check "size limit" $?
run 0 compare --max-bytes 64K "$orig" "$rewr"; check "size limit with a unit" $?
run 2 compare --max-bytes 1K "$orig" "$rewr" && grep -q "over the limit of 1024" "$work/err"; check "a K is 1024 bytes" $?
run 2 compare --max-bytes 0 "$orig" "$rewr" && grep -q 'max-bytes: must be a whole number of at least 1, not "0"' "$work/err"
check "size limit of 0 refused plainly" $?
python3 -c "
t = open('$orig').read().split('\\n\\n'); h = len(t) // 2
open('$work/swapped.txt', 'w').write('\\n\\n'.join(t[h:] + t[:h]))"
run 0 compare --json "$work/swapped.txt" "$orig" && json_check 'len(d["passages"]) >= 2' &&
  run 0 compare --json --max-passages 1 "$work/swapped.txt" "$orig" && json_check 'len(d["passages"]) == 1'
check "--max-passages" $?

# Invalid UTF-8: decoded leniently, offsets still true byte offsets.
{ printf 'Caf\xe9 owners \xff\xfe protest. '; cat "$orig"; } >"$work/latin1.txt"
run 0 compare --json "$work/latin1.txt" "$orig" && grep -q "not valid UTF-8" "$work/err" && json_check '
d["verdict"] in ("near_duplicate", "rewrite", "partial") and all(
  0 <= p["a"][0] < p["a"][1] <= len(open(d["a"], "rb").read()) for p in d["passages"])'
check "invalid UTF-8 is decoded with a warning" $?
python3 - "$work/out" "$work/latin1.txt" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
data = open(sys.argv[2], "rb").read()
for p in d["passages"]:
    for off in p["a"]:
        assert off == len(data) or (data[off] & 0xC0) != 0x80, off
PY
check "offsets on character boundaries in invalid UTF-8" $?

# A 30 MB document without a single line break.
python3 - "$work/huge.txt" <<'PY'
import random, sys
rng = random.Random(7)
words = ("council tram harbour vote mayor budget bridge river loan tax station square "
         "engineer contract tender autumn spring shop street fund region europe").split()
with open(sys.argv[1], "w") as f:
    size = 0
    while size < 30 * 1024 * 1024:
        chunk = " ".join(rng.choice(words) for _ in range(2000)) + ". "
        f.write(chunk)
        size += len(chunk)
PY
run 0 compare --json "$work/huge.txt" "$orig" && json_check 'd["verdict"] in ("unrelated", "partial")'
check "30 MB single-line document" $?

# --pairs: JSONL in input order, errors on their own line, the run goes on.
printf '%s\t%s\n%s\t%s\nno tab on this line\n%s\t%s\n' "$orig" "$rewr" "$orig" "$work/missing.txt" \
  "$same" "$orig" >"$work/pairs.tsv"
run 0 compare --pairs "$work/pairs.tsv" --json && python3 - "$work/out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 4, rows
assert rows[0]["verdict"] == "rewrite"
assert "missing.txt" in rows[1]["error"] and rows[1]["b"].endswith("missing.txt")
assert "pathA<TAB>pathB" in rows[2]["error"] and ":3:" in rows[2]["error"]
assert rows[3]["verdict"] == "unrelated" and rows[3]["a"].endswith("same_story.txt")
PY
check "--pairs keeps order and reports bad pairs inline" $?
run 0 compare --pairs "$work/pairs.tsv" --json --threads 1 && cp "$work/out" "$work/one.jsonl" &&
  run 0 compare --pairs "$work/pairs.tsv" --json --threads 2 && cmp -s "$work/out" "$work/one.jsonl"
check "--pairs gives the same answers on one thread and two" $?
run 2 compare --pairs "$work/nolist.tsv" && grep -q "nolist.tsv" "$work/err"; check "--pairs with a missing list" $?
run 2 compare --pairs "$work/pairs.tsv" "$orig" "$rewr"; check "--pairs together with A B" $?
RETOLD_LEXICON=$work/nolex.lex run 2 compare "$orig" "$rewr" && grep -q "nolex.lex" "$work/err"
check "missing lexicon names the file" $?

# Reports: self-contained, and a text holding markup cannot break out of
# the page's data block.
{ cat "$orig"; printf '\n\nInjected </script><script>alert(1)</script> <b>bold</b> text.\n'; } >"$work/markup.txt"
run 0 report "$work/markup.txt" "$rewr" --out "$work/r.html" && python3 - "$work/r.html" <<'PY'
import sys
html = open(sys.argv[1], encoding="utf-8").read()
assert "<script>alert(1)" not in html, "markup escaped the data block"
assert html.count("<script") == html.count("</script>") == 4, html.count("<script")
assert "http://" not in html and "https://" not in html, "nothing is fetched"
PY
check "report escapes the texts it embeds" $?
run 2 report --dedup "$work/nothing" --out "$work/r2.html" && grep -q "pairs.jsonl" "$work/err"
check "report --dedup on a directory without a run" $?

finish cli
