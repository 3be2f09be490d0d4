#!/usr/bin/env bash
# End-to-end tests of what `retold dedup` tells a user about a corpus:
# families of whole copies with partial links between them, the source of
# each pair (from dates, or from the texts), a --keep that drops only whole
# copies, and recurring passages reported once.
# usage: tests/families_test.sh path/to/retold SOURCE_DIR
source "$(dirname "$0")/harness.sh"

# The sample story, a re-post of it in page furniture, a spun copy, a
# story that carries two of its paragraphs, and 60 unrelated stories that
# all end with the same sign-off paragraph.
python3 - "$src" "$work" <<'PY'
import json, os, random, sys
src, work = sys.argv[1], sys.argv[2]
read = lambda n: open(os.path.join(src, "sample", n), encoding="utf-8").read()
original = read("original.txt")
paragraphs = original.split("\n\n")
host = "\n\n".join([
    "Northfield Rovers unveil plans for a new stadium",
    "Northfield Rovers on Monday presented plans for a 22,000-seat stadium on the site of the old "
    "gasworks, ending years of speculation about the football club's future at its crumbling ground.",
    "The club's chairman, Olav Brenner, said the move would allow Rovers to compete with larger "
    "rivals and to host international youth tournaments. Supporters' groups gave the plans a "
    "cautious welcome but asked for guarantees on ticket prices.",
    paragraphs[4], paragraphs[5],
    "Architects expect the stadium's steel roof to be the largest of its kind in the country. Season "
    "ticket holders will be offered seats in the new stands at the prices they pay today.",
    "The club hopes to play its first match at the new ground in August 2028, subject to planning "
    "approval from the district authority."])
rng = random.Random(5)
words = ("harbour council budget river orchard violin glacier pottery senate railway festival "
         "meteor lantern quarry tariff vaccine bakery satellite drought ferry").split()
sign_off = ("This report was produced by the regional desk with support from the foundation for "
            "local journalism, which funds reporting in the northern provinces of the country.")
def story():
    sentences = [" ".join([rng.choice(words).capitalize()] + [rng.choice(words) + str(rng.randrange(99))
                 for _ in range(14)]) + "." for _ in range(9)]
    return "\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, 9, 3)) + "\n\n" + sign_off
docs = [("orig", original), ("repost", "Share this article\n\n4 min read\n\n" + original +
         "\n\nFollow us on Twitter for the latest news."),
        ("spun", read("rewritten.txt")), ("host", host)]
docs += [("other-%d" % i, story()) for i in range(60)]
with open(os.path.join(work, "undated.jsonl"), "w") as f:
    for i, t in docs:
        f.write(json.dumps({"id": i, "text": t}) + "\n")
dates = {"orig": "2024-05-02", "repost": "2024-05-01", "spun": "2024-05-03", "host": "2024-05-04"}
with open(os.path.join(work, "dated.jsonl"), "w") as f:
    for i, t in docs:
        f.write(json.dumps({"id": i, "text": t, "date": dates.get(i, "2024-06-01")}) + "\n")
PY

for mode in full lexical; do
  run 0 dedup "$work/undated.jsonl" --out "$work/$mode" --mode $mode --keep "$work/$mode/kept.jsonl" --quiet
  check "dedup --mode $mode runs" $?
done

python3 - "$work/full" <<'PY'
import json, sys
out = sys.argv[1]
pairs = {frozenset((p["a"], p["b"])): p for p in map(json.loads, open(out + "/pairs.jsonl"))}
def pair(x, y):
    return pairs[frozenset((x, y))]
assert pair("orig", "repost")["source"] == "orig", pair("orig", "repost")
assert pair("orig", "repost")["source_reason"] == "page_furniture"
assert pair("orig", "spun")["source"] == "orig" and pair("orig", "spun")["source_reason"] == "wording"
assert pair("orig", "host")["verdict"] == "partial"
assert pair("orig", "host")["source"] == "orig" and pair("orig", "host")["source_reason"] == "contains"
assert not any(p["a"].startswith("other") and p["b"].startswith("other") for p in pairs.values())
PY
check "each pair names its source from the texts" $?

python3 - "$work/full" <<'PY'
import json, sys
out = sys.argv[1]
members = {c["id"]: c for c in map(json.loads, open(out + "/clusters.jsonl"))}
family = members["orig"]["cluster"]
assert {i for i, c in members.items() if c["cluster"] == family} == {"orig", "repost", "spun"}, members
assert members["orig"]["original"] and members["orig"]["original_basis"] in ("page_furniture", "wording")
assert members["host"]["cluster"] != family and members["host"]["size"] == 1   # linked, not merged
shares = {s["id"]: s for s in members["host"]["shares"]}
assert shares["orig"] == {"id": "orig", "cluster": family, "source": "orig"}, shares
assert all(s["cluster"] == family for s in shares.values()), shares
kept = [json.loads(l)["id"] for l in open(out + "/kept.jsonl")]
assert "orig" in kept and "host" in kept and "repost" not in kept and "spun" not in kept, kept
assert len(kept) == 64 - 2, len(kept)
PY
check "a partial relation links two families; --keep keeps the excerpt's host" $?

python3 - "$work/full" "$work/lexical" <<'PY'
import json, sys
for out in sys.argv[1:]:
    recurring = [json.loads(l) for l in open(out + "/recurring.jsonl")]
    assert len(recurring) == 1, (out, recurring)
    r = recurring[0]
    assert r["documents"] == 60 and len(r["ids"]) == 60 and r["in"] in r["ids"], r
    assert r["text"].startswith("This report was produced") and r["text"].endswith("country."), r["text"]
PY
check "a sign-off shared by 60 stories is one recurring passage" $?

run 0 dedup "$work/dated.jsonl" --out "$work/dated" --date-field date --quiet && python3 - "$work/dated" <<'PY'
import json, sys
out = sys.argv[1]
pairs = {frozenset((p["a"], p["b"])): p for p in map(json.loads, open(out + "/pairs.jsonl"))}
p = pairs[frozenset(("orig", "repost"))]
assert p["source"] == "repost" and p["source_reason"] == "date", p   # dates outrank furniture
members = {c["id"]: c for c in map(json.loads, open(out + "/clusters.jsonl"))}
assert members["repost"]["original"] and members["repost"]["original_basis"] == "date"
PY
check "dates decide the source where given" $?

# Lexical mode has no word counts of its own: the documents it verifies
# stand in for the corpus (see tests/quoted_corpus.py).
python3 "$src/tests/quoted_corpus.py" "$src" "$work/quoted.jsonl"
run 0 dedup "$work/quoted.jsonl" --out "$work/quoted" --mode lexical --quiet && python3 - "$work/quoted" <<'PY'
import json, sys
pairs = {frozenset((p["a"], p["b"])): p for p in map(json.loads, open(sys.argv[1] + "/pairs.jsonl"))}
p = pairs[frozenset(("orig", "spun"))]
assert p["source"] == "orig" and p["source_reason"] == "wording", p
PY
check "lexical mode names a spun copy's source from the words of the documents it verified" $?

run 2 dedup "$work/undated.jsonl" --out "$work/strip0" --strip-reused && grep -q "needs --keep" "$work/err"
check "--strip-reused without --keep is refused" $?
run 0 dedup "$work/undated.jsonl" --out "$work/strip" --keep "$work/strip/kept.jsonl" --strip-reused \
  --min-reused-bytes 100 --quiet &&
  python3 - "$work/undated.jsonl" "$work/strip/kept.jsonl" <<'PY'
import json, sys
original = {r["id"]: r["text"] for r in map(json.loads, open(sys.argv[1]))}
kept = {r["id"]: r["text"] for r in map(json.loads, open(sys.argv[2]))}
sign_off = "This report was produced by the regional desk"
assert original["orig"] == kept["orig"]          # read first: keeps what it shares
host = kept["host"]                               # the excerpt of orig is cut out, its own text stays
paragraphs = original["orig"].split("\n\n")
assert paragraphs[4] not in host and paragraphs[5] not in host, host
assert "Northfield Rovers" in host and "steel roof" in host
others = [i for i in kept if i.startswith("other")]
assert len(others) == 60
with_sign_off = [i for i in others if sign_off in kept[i]]
assert len(with_sign_off) == 1, len(with_sign_off)  # the first story keeps the shared sign-off
assert all(kept[i] == original[i].replace(sign_off, "")[:len(kept[i])] or i in with_sign_off for i in others)
PY
check "--strip-reused cuts shared passages from later documents, keeping the first" $?

finish "families tests"
