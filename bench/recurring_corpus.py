#!/usr/bin/env python3
"""`retold dedup` on a corpus where sentences recur, as in web crawls and
wire services, timed and checked at several sizes.

Every document is assembled from 8-40 real sentences (Reuters-21578 and BBC
News from ../shared/data) drawn from one shared pool, so each sentence turns
up in several documents; a few hundred "hot" sentences (a wire paragraph, a
widely quoted line) turn up in hundreds; a third of the documents end with a
templated sign-off line, and a share carries no date. Then 2% of the
documents get a planted whole copy (exact copies that add page furniture,
light edits, 30% synonym spins; optionally Apertium round trips), and 0.5%
an excerpt: two or three of their sentences put into another new document.

For each size it runs `wc -w`, `retold dedup --mode lexical` and `retold
dedup` on the same JSONL, interleaved, and prints time, rate against
`wc -w`, peak memory, candidate pairs verified, the largest family, how
many documents `--keep` drops against how many whole copies were planted,
planted copies found, and whether each found pair names the right source.

    python3 bench/recurring_corpus.py --docs 10000,20000,40000,100000
    python3 bench/recurring_corpus.py --docs 4000 --no-dates --kinds exact,light,spin30,mt,excerpt

Corpora are generated into build/bench-corpus/ (not committed).
"""
import argparse
import collections
import json
import os
import random
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "quality"))
sys.path.insert(0, HERE)
import corpus as shared_data  # noqa: E402
import generators as gen  # noqa: E402
from dedup_speed import timed  # noqa: E402  (wall seconds, peak MB, stdout)

WHOLE_KINDS = ("exact", "light", "spin30", "mt")
FURNITURE_HEADERS = ["Share this article", "4 min read", "Advertisement", "Listen to this article",
                     "Sign up for our newsletter"]
FURNITURE_FOOTERS = ["Click here to subscribe to our daily briefing.",
                     "Copyright 2024 The Daily Ledger. All rights reserved.",
                     "Follow us on Twitter and Facebook for the latest news.",
                     "Read more: Top stories of the day"]
SIGN_OFF_NAMES = ["Anna Kowalski", "David Brunnstrom", "Li Wei", "Maria Santos", "Tom Hals",
                  "Sarah Young", "Jonathan Stempel", "Karin Strohecker", "Pete Schroeder"]


def load_sentences(data_dir):
    """Distinct sentences of 6-60 words from Reuters and BBC News."""
    seen, pool = set(), []
    def take(text):
        for s in shared_data.sentences(text):
            words = s.split()
            if 6 <= len(words) <= 60 and s not in seen:
                seen.add(s)
                pool.append(s)
    for d in shared_data.reuters(data_dir):
        take(d["body"])
    folder = os.path.join(data_dir, "bbc-news", "bbc")
    for topic in sorted(os.listdir(folder)):
        if os.path.isdir(os.path.join(folder, topic)):
            for name in sorted(os.listdir(os.path.join(folder, topic))):
                with open(os.path.join(folder, topic, name), "rb") as f:
                    lines = f.read().decode("utf-8", errors="replace").split("\n")
                take("\n\n".join(lines[1:]))  # the first line is the headline
    return pool


def assemble(sentences, rng):
    paragraphs, i = [], 0
    while i < len(sentences):
        k = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[i:i + k]))
        i += k
    return "\n\n".join(paragraphs)


def add_furniture(text, rng):
    return "%s\n\n%s\n\n%s" % (rng.choice(FURNITURE_HEADERS), text, rng.choice(FURNITURE_FOOTERS))


def generate(path, docs, args):
    rng = random.Random(args.seed)
    pool = load_sentences(args.data)
    rng.shuffle(pool)
    hot = pool[:300]  # sentences that recur in hundreds of documents
    thesaurus = gen.Thesaurus() if os.path.exists(gen.THESAURUS) else None
    kinds = args.kinds.split(",")
    if "spin30" in kinds and thesaurus is None:
        sys.exit("spin30 needs the LibreOffice thesaurus: scripts/setup.sh --bench")

    def date():
        if rng.random() >= args.dates:
            return None
        return "2024-%02d-%02dT%02d:00:00Z" % (rng.randint(1, 6), rng.randint(1, 28), rng.randint(0, 23))

    def later(d):
        if d is None or rng.random() >= args.dates:
            return None
        return "2024-%02d-%02dT%02d:00:00Z" % (rng.randint(7, 12), rng.randint(1, 28), rng.randint(0, 23))

    records, planted, pending_mt = [], [], []
    for i in range(docs):
        n = rng.randint(8, 40)
        chosen = [rng.choice(hot) if rng.random() < 0.02 else rng.choice(pool) for _ in range(n)]
        text = assemble(chosen, rng)
        if rng.random() < 0.33:
            text += "\n\n(Reporting by %s; Editing by %s)" % (rng.choice(SIGN_OFF_NAMES),
                                                            rng.choice(SIGN_OFF_NAMES))
        doc_id, d = "doc-%d" % i, date()
        records.append({"id": doc_id, "text": text, "date": d, "sents": chosen})
    bases = list(range(docs))
    rng.shuffle(bases)
    whole = [k for k in kinds if k in WHOLE_KINDS]
    n_whole = int(round(docs * args.copies)) if whole else 0
    n_excerpt = int(round(docs * args.copies / 4)) if "excerpt" in kinds else 0
    for k, b in enumerate(bases[:n_whole]):
        base = records[b]
        kind = whole[k % len(whole)]
        copy_id = "copy-%s-%d" % (kind, k)
        if kind == "exact":
            text = add_furniture(base["text"], rng)
        elif kind == "light":
            text = gen.light_edit(base["text"], rng)
        elif kind == "spin30":
            text = gen.spin(base["text"], 0.3, thesaurus, rng)
        else:
            text = None
            pending_mt.append(len(records))
        records.append({"id": copy_id, "text": text, "date": later(base["date"]), "of": base["id"]})
        planted.append({"copy": copy_id, "kind": kind, "source": base["id"]})
    if pending_mt:
        by_id = {r["id"]: r for r in records}
        texts = gen.round_trip([by_id[records[i]["of"]]["text"] for i in pending_mt], "spa")
        for i, t in zip(pending_mt, texts):
            records[i]["text"] = t
    for k, b in enumerate(bases[n_whole:n_whole + n_excerpt]):
        base = records[b]
        start = rng.randrange(0, max(1, len(base["sents"]) - 3))
        excerpt = base["sents"][start:start + rng.randint(2, 3)]
        own = [rng.choice(pool) for _ in range(rng.randint(10, 20))]
        at = rng.randint(2, len(own) - 2)
        host_id = "host-%d" % k
        records.append({"id": host_id, "text": assemble(own[:at] + excerpt + own[at:], rng),
                        "date": later(base["date"])})
        planted.append({"copy": host_id, "kind": "excerpt", "source": base["id"]})
    rng.shuffle(records)
    with open(path + ".tmp", "w") as f:
        for r in records:
            out = {"id": r["id"], "text": r["text"]}
            if r["date"]:
                out["date"] = r["date"]
            f.write(json.dumps(out) + "\n")
    os.rename(path + ".tmp", path)
    with open(path + ".planted.json", "w") as f:
        json.dump(planted, f)


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


def evaluate(out, keep_path, planted, total_docs):
    """Figures from one dedup output directory."""
    pairs = {}
    for p in read_jsonl(os.path.join(out, "pairs.jsonl")):
        pairs[(p["a"], p["b"])] = p
        pairs[(p["b"], p["a"])] = p
    family_size = collections.Counter()
    for c in read_jsonl(os.path.join(out, "clusters.jsonl")):
        family_size[c["cluster"]] += 1
    recurring = os.path.join(out, "recurring.jsonl")
    recurring_count = len(read_jsonl(recurring)) if os.path.exists(recurring) else 0
    kept = sum(1 for _ in open(keep_path)) if keep_path else None
    found, source = collections.Counter(), collections.defaultdict(collections.Counter)
    per_kind = collections.Counter()
    for p in planted:
        per_kind[p["kind"]] += 1
        pair = pairs.get((p["copy"], p["source"]))
        if pair is None:
            continue
        found[p["kind"]] += 1
        said = pair.get("source", "absent")
        verdict = "right" if said == p["source"] else "null" if said is None else "wrong"
        source[p["kind"]][verdict] += 1
    return {
        "largest": max(family_size.values(), default=0),
        "dropped": None if kept is None else total_docs - kept,
        "found": found, "per_kind": per_kind, "source": source, "recurring": recurring_count,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", default="10000,20000,40000,100000",
                    help="comma-separated corpus sizes (documents before planting)")
    ap.add_argument("--runs", type=int, default=1, help="timed runs per command (medians)")
    ap.add_argument("--modes", default="lexical,full")
    ap.add_argument("--kinds", default="exact,light,spin30",
                    help="planted kinds among exact,light,spin30,mt,excerpt")
    ap.add_argument("--copies", type=float, default=0.02, help="share of documents copied whole")
    ap.add_argument("--dates", type=float, default=0.6, help="share of documents with a date")
    ap.add_argument("--no-dates", action="store_const", const=0.0, dest="dates")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "retold"))
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        print("recurring corpus: no data at %s; nothing measured" % args.data)
        return 0
    folder = os.path.join(ROOT, "build", "bench-corpus")
    os.makedirs(folder, exist_ok=True)
    table = []
    for docs in (int(x) for x in args.docs.split(",")):
        tag = "recurring-%d-s%d-d%g-%s" % (docs, args.seed, args.dates, args.kinds.replace(",", "+"))
        corpus = os.path.join(folder, tag + ".jsonl")
        if not os.path.exists(corpus):
            print("generating %s ..." % corpus, flush=True)
            generate(corpus, docs, args)
        with open(corpus + ".planted.json") as f:
            planted = json.load(f)
        total = sum(1 for _ in open(corpus))
        size = os.path.getsize(corpus)
        whole = sum(1 for p in planted if p["kind"] in WHOLE_KINDS)
        print("\n%s: %d documents (%d whole copies, %d excerpts planted), %.0f MB" %
              (tag, total, whole, len(planted) - whole, size / 1e6), flush=True)
        commands = [("wc -w", ["wc", "-w", corpus])]
        for mode in args.modes.split(","):
            out = os.path.join(folder, "out-%s-%s" % (mode, tag))
            commands.append((mode, [args.binary, "dedup", corpus, "--out", out, "--mode", mode,
                                    "--date-field", "date", "--keep", out + "/kept.jsonl",
                                    "--quiet"]))
        results = {name: [] for name, _ in commands}
        for _ in range(args.runs):
            for name, command in commands:
                results[name].append(timed(command))
        base = statistics.median(w for w, _, _ in results["wc -w"])
        for mode in args.modes.split(","):
            out = os.path.join(folder, "out-%s-%s" % (mode, tag))
            wall = statistics.median(w for w, _, _ in results[mode])
            rss = max(r for _, r, _ in results[mode])
            stdout = results[mode][-1][2]
            m = re.search(r"candidates\s+(\d+)", stdout)
            e = evaluate(out, out + "/kept.jsonl", planted, total)
            table.append((docs, mode, int(m.group(1)) if m else -1, wall, base / wall, rss, e, whole))
            print(stdout.rstrip())
    print("\n%8s %-8s %10s %8s %8s %8s %8s %9s %9s %9s" %
          ("docs", "mode", "verified", "seconds", "vs wc", "peak MB", "largest", "dropped",
           "planted", "found"))
    for docs, mode, verified, wall, ratio, rss, e, whole in table:
        n_found = sum(e["found"].values())
        print("%8d %-8s %10d %8.2f %7.2fx %8.0f %8d %9s %9d %9d" %
              (docs, mode, verified, wall, ratio, rss, e["largest"], e["dropped"], whole, n_found))
    print("\nper kind: found / planted; source named right / null / wrong")
    for docs, mode, _, _, _, _, e, _ in table:
        cells = []
        for kind, n in sorted(e["per_kind"].items()):
            s = e["source"][kind]
            cells.append("%s %d/%d src %d/%d/%d" % (kind, e["found"][kind], n, s["right"], s["null"],
                                                    s["wrong"]))
        right = sum(s["right"] for s in e["source"].values())
        print("%8d %-8s %s; source right overall %.3f; recurring passages %d" %
              (docs, mode, "; ".join(cells), right / max(1, sum(e["per_kind"].values())),
               e["recurring"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
