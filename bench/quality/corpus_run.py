#!/usr/bin/env python3
"""Corpus-scale quality harness for `retold dedup`.

Puts every distinct Reuters-21578 news story and every BBC article from
../shared/data into one JSONL corpus, plants disguised copies of a sample of
the Reuters stories (the kinds of bench/quality/run.py), runs `retold dedup`,
and prints pair recall per kind and the precision of the pairs that involve
a planted copy. Pairs between two original documents are the corpora's own
reuse (Reuters re-filed stories, BBC duplicates): they are counted by verdict
and a sample is printed for reading.

    python3 bench/quality/corpus_run.py [--per-kind 100] [--mode full|lexical]
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generators as gen  # noqa: E402
import run as pairs_harness  # noqa: E402

ROOT = pairs_harness.ROOT
FURNITURE_HEADERS = ["Share this article", "4 min read", "Advertisement", "Listen to this story"]
FURNITURE_FOOTERS = ["Follow us on Twitter and Facebook.", "Copyright 2026 Example News. All rights reserved.",
                     "Sign up for our morning newsletter.", "Read more: related stories"]


def bbc_docs(data_dir):
    folder = os.path.join(data_dir, "bbc-news", "bbc")
    for topic in sorted(os.listdir(folder)):
        path = os.path.join(folder, topic)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            with open(os.path.join(path, name), "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
            yield "bbc/%s/%s" % (topic, name), text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "retold"))
    ap.add_argument("--per-kind", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--mode", default="full")
    ap.add_argument("--cache", default=os.path.join(ROOT, "build", "quality-cache"))
    ap.add_argument("--show", type=int, default=5, help="natural pairs to print")
    ap.add_argument("--index", type=int, default=0, metavar="N",
                    help="also index the original documents and query N planted copies per kind")
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        print("corpus quality: no data at %s; nothing measured" % args.data)
        return 0
    folder = os.path.join(args.cache, "corpus2_seed%d_n%d" % (args.seed, args.per_kind))
    os.makedirs(folder, exist_ok=True)
    corpus_path = os.path.join(folder, "corpus.jsonl")
    truth_path = os.path.join(folder, "truth.json")
    if not os.path.exists(truth_path):
        rng = random.Random(args.seed)
        news, template = pairs_harness.load_pool(args.data)
        cases = pairs_harness.build_cases(news, template, args.per_kind, rng, gen.Thesaurus())
        docs, id_of = [], {}
        def add(doc_id, text):
            if text in id_of:
                return id_of[text]
            id_of[text] = doc_id
            docs.append((doc_id, text))
            return doc_id
        for d in news:
            add(d["id"], pairs_harness.paragraphs_of(d["sents"]))
        for doc_id, text in bbc_docs(args.data):
            add(doc_id, text)
        truth = []  # (planted id, kind, source id, host id or None)
        for i, c in enumerate(cases):
            if not c.positive:
                continue
            source = id_of.get(c.a)
            if source is None:
                continue
            planted = "planted/%s/%d" % (c.kind, i)
            docs.append((planted, c.b))  # for "exact", a byte-identical second copy
            truth.append((planted, c.kind, source, id_of.get(c.host) if c.host else None))
            if c.kind == "exact":  # and a re-post that dresses it in page furniture
                dressed = "planted/exact_furniture/%d" % i
                docs.append((dressed, "%s\n\n%s\n\n%s" % (
                    rng.choice(FURNITURE_HEADERS), c.b, rng.choice(FURNITURE_FOOTERS))))
                truth.append((dressed, "exact_furniture", source, None))
        rng.shuffle(docs)
        with open(corpus_path, "w", encoding="utf-8") as f:
            for doc_id, text in docs:
                f.write(json.dumps({"id": doc_id, "text": text}) + "\n")
        with open(truth_path, "w") as f:
            json.dump(truth, f)
    with open(truth_path) as f:
        truth = json.load(f)
    out = os.path.join(folder, "out-" + args.mode)
    start = time.time()
    run = subprocess.run([args.binary, "dedup", corpus_path, "--out", out, "--mode", args.mode,
                          "--quiet"], capture_output=True, text=True)
    elapsed = time.time() - start
    if run.returncode != 0:
        print(run.stderr)
        return 1
    print(run.stdout.strip())
    print("wall time %.1f s" % elapsed)

    source_of = {p: s for p, _, s, _ in truth}
    host_of = {p: h for p, _, _, h in truth if h}
    kind_of = {p: k for p, k, _, _ in truth}
    found = set()
    reported = [json.loads(line) for line in open(os.path.join(out, "pairs.jsonl"))]
    for p in reported:
        found.add((p["a"], p["b"]))
        found.add((p["b"], p["a"]))
    # A pair with a planted copy is right when the two sides share a root
    # (the source a copy was made from; for an excerpt, also the host it was
    # put into), or when their roots are themselves a reported pair (the
    # corpus's own reuse: a copy of a story is also a copy of its re-filing).
    def roots(doc):
        if doc not in source_of:
            return {doc}
        return {source_of[doc]} | ({host_of[doc]} if doc in host_of else set())

    planted_pairs, good, natural = 0, 0, collections.Counter()
    natural_examples, wrong = [], []
    for p in reported:
        a, b = p["a"], p["b"]
        if a in source_of or b in source_of:
            planted_pairs += 1
            ra, rb = roots(a), roots(b)
            ok = bool(ra & rb) or any((x, y) in found for x in ra for y in rb)
            good += ok
            if not ok:
                wrong.append(p)
        else:
            natural[p["verdict"]] += 1
            natural_examples.append(p)
    # Which side each found pair names as the original: right, null or wrong.
    source_said = {}
    for p in reported:
        source_said[(p["a"], p["b"])] = source_said[(p["b"], p["a"])] = p.get("source")
    print("\n%-16s %6s %8s   %s" % ("kind", "planted", "recall", "source named: right / null / wrong"))
    by_kind = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for planted, kind, source, _ in truth:
        stats = by_kind[kind]
        stats[0] += 1
        if (planted, source) in found:
            stats[1] += 1
            said = source_said[(planted, source)]
            stats[2 if said == source else 3 if said is None else 4] += 1
    for kind in pairs_harness.DERIVED[:1] + ["exact_furniture"] + pairs_harness.DERIVED[1:]:
        if kind in by_kind:
            n, hit, right, null, wrong_side = by_kind[kind]
            print("%-16s %6d %8.3f   %5d %5d %5d   (%.2f right)" % (kind, n, hit / n, right, null, wrong_side,
                                                                 right / max(1, hit)))
    totals = [sum(v[i] for k, v in by_kind.items() if k != "exact") for i in range(5)]
    print("source over found copies (exact twins aside, which only dates can order): "
          "%d right, %d null, %d wrong of %d = %.3f right" %
          (totals[2], totals[3], totals[4], totals[1], totals[2] / max(1, totals[1])))
    print("precision of pairs with a planted copy: %d / %d = %.3f" %
          (good, planted_pairs, good / max(1, planted_pairs)))
    for p in wrong[:args.show]:
        print("  unexpected: %s ~ %s  %s %.2f" % (p["a"], p["b"], p["verdict"], p["score"]))
    print("natural pairs between original documents: %d %s" %
          (sum(natural.values()), dict(natural)))
    rng = random.Random(1)
    for p in rng.sample(natural_examples, min(args.show, len(natural_examples))):
        print("  %s ~ %s  %s %.2f" % (p["a"], p["b"], p["verdict"], p["score"]))
    if args.index:
        check_index(args, folder, corpus_path, truth, found)
    return 0


def check_index(args, folder, corpus_path, truth, found):
    """Indexes the original documents and queries planted copies: is the
    source ranked first? (An exact twin or re-filed version of the source,
    itself a reported pair, ranked above it counts as first too.)"""
    db = os.path.join(folder, "index.db")
    originals = os.path.join(folder, "originals.jsonl")
    planted_text = {}
    with open(corpus_path) as f, open(originals, "w") as out:
        for line in f:
            r = json.loads(line)
            if r["id"].startswith("planted/"):
                planted_text[r["id"]] = r["text"]
            else:
                out.write(line)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    start = time.time()
    subprocess.run([args.binary, "index", "add", "--db", db, originals, "--quiet"], check=True,
                   capture_output=True)
    print("\nindex: added the original documents in %.1f s" % (time.time() - start))
    per_kind = collections.defaultdict(lambda: [0, 0, 0])
    query_path = os.path.join(folder, "query.txt")
    seconds = 0.0
    for planted, kind, source, _ in truth:
        if kind.startswith("excerpt") or per_kind[kind][0] >= args.index:
            continue
        with open(query_path, "w") as f:
            f.write(planted_text[planted])
        start = time.time()
        run = subprocess.run([args.binary, "index", "query", "--db", db, "--json", query_path],
                             capture_output=True, text=True, check=True)
        seconds += time.time() - start
        ids = [m["id"] for m in json.loads(run.stdout)["matches"]]
        stats = per_kind[kind]
        stats[0] += 1
        if ids and (ids[0] == source or (ids[0], source) in found):
            stats[1] += 1
        if source in ids[:3]:
            stats[2] += 1
    queries = sum(v[0] for v in per_kind.values())
    print("%-16s %6s %10s %10s" % ("kind", "queries", "source 1st", "in top 3"))
    for kind, (n, first, top3) in sorted(per_kind.items()):
        print("%-16s %6d %10.3f %10.3f" % (kind, n, first / n, top3 / n))
    print("%d queries, %.1f ms each as separate processes" % (queries, 1000 * seconds / max(1, queries)))


if __name__ == "__main__":
    sys.exit(main())
