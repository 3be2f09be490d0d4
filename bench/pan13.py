#!/usr/bin/env python3
"""PAN 2013 text alignment, scored the PAN way.

Runs `retold compare --pairs` on the (source, suspicious) pairs of
../shared/data/pan13-text-alignment-train and prints, per obfuscation kind,
the share of plagiarised pairs found, character precision, recall,
granularity and PlagDet = F1 / log2(1 + granularity), as the PAN overviews
define them (Potthast et al. 2010): cases and detections are sets of
characters of both documents, pooled over all pairs of a kind; a detection
counts for a case when it overlaps it in both documents.

    /usr/bin/python3 bench/pan13.py [--data ../shared/data] [--per-kind N]
        [--binary build/retold] [--vs OTHER_BINARY] [--threads 2]

retold reports byte offsets; PAN annotates characters, so passages are
mapped from UTF-8 bytes to characters before scoring. Summary pairs whose
annotation the corpus lacks count towards "pairs found" only. Not part of
the test suite: it measures, it does not pass or fail.
"""
import argparse
import bisect
import collections
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ["none", "random", "translation", "summary"]


def load_pairs(folder, per_kind, seed):
    by_kind = collections.defaultdict(list)
    with open(os.path.join(folder, "pairs.jsonl"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                by_kind[json.loads(line)["label"]].append(json.loads(line))
            except (ValueError, KeyError) as e:
                sys.exit(f"{folder}/pairs.jsonl line {number}: {e}")
    if per_kind:
        rng = random.Random(seed)
        for kind, rows in by_kind.items():
            if len(rows) > per_kind:
                by_kind[kind] = rng.sample(rows, per_kind)
    return [row for kind in sorted(by_kind) for row in by_kind[kind]]


class CharMap:
    """Byte offset -> character offset of one UTF-8 file."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        text = data.decode("utf-8", errors="replace")
        # Byte offset where each character starts; a byte offset maps to the
        # number of characters that start before it.
        self.starts = []
        pos = 0
        for ch in text:
            self.starts.append(pos)
            pos += len(ch.encode("utf-8"))
        self.chars = len(text)

    def char(self, byte):
        return bisect.bisect_left(self.starts, byte)


def run_retold(binary, folder, rows, threads):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for row in rows:
            f.write(os.path.join(folder, row["a"]) + "\t" + os.path.join(folder, row["b"]) + "\n")
        listing = f.name
    try:
        start = time.perf_counter()
        out = subprocess.run([binary, "compare", "--pairs", listing, "--threads", str(threads)],
                             capture_output=True, text=True, check=True).stdout
        seconds = time.perf_counter() - start
    finally:
        os.unlink(listing)
    results = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(results) != len(rows):
        sys.exit(f"{binary}: {len(results)} results for {len(rows)} pairs")
    return results, seconds


def overlap(x, y):
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def union_length(spans):
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def score(cases, detections):
    """cases, detections: lists of (pair index, (src start, end), (susp start, end)).

    Returns precision, recall, granularity, plagdet, per PAN's definitions.
    """
    by_pair = collections.defaultdict(list)
    for d in detections:
        by_pair[d[0]].append(d)

    def detects(c, d):
        return c[0] == d[0] and overlap(c[1], d[1]) > 0 and overlap(c[2], d[2]) > 0

    recall_sum, detected, found_by = 0.0, 0, []
    for c in cases:
        hits = [d for d in by_pair[c[0]] if detects(c, d)]
        if not hits:
            continue
        detected += 1
        found_by.append(len(hits))
        covered = union_length([(max(c[1][0], d[1][0]), min(c[1][1], d[1][1])) for d in hits
                                if overlap(c[1], d[1])])
        covered += union_length([(max(c[2][0], d[2][0]), min(c[2][1], d[2][1])) for d in hits
                                 if overlap(c[2], d[2])])
        recall_sum += covered / ((c[1][1] - c[1][0]) + (c[2][1] - c[2][0]))
    cases_by_pair = collections.defaultdict(list)
    for c in cases:
        cases_by_pair[c[0]].append(c)
    precision_sum = 0.0
    for d in detections:
        hits = [c for c in cases_by_pair[d[0]] if detects(c, d)]
        length = (d[1][1] - d[1][0]) + (d[2][1] - d[2][0])
        if not hits or length == 0:
            continue
        covered = union_length([(max(c[1][0], d[1][0]), min(c[1][1], d[1][1])) for c in hits])
        covered += union_length([(max(c[2][0], d[2][0]), min(c[2][1], d[2][1])) for c in hits])
        precision_sum += covered / length
    precision = precision_sum / len(detections) if detections else 0.0
    recall = recall_sum / len(cases) if cases else 0.0
    granularity = sum(found_by) / len(found_by) if found_by else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, granularity, f1 / math.log2(1 + granularity)


def evaluate(folder, rows, results):
    maps = {}

    def charmap(rel):
        if rel not in maps:
            maps[rel] = CharMap(os.path.join(folder, rel))
        return maps[rel]

    table = {}
    all_cases, all_detections = [], []
    flagged_negatives = 0
    errors = []
    for kind in KINDS + ["negative"]:
        cases, detections, pairs, found = [], [], 0, 0
        for i, (row, res) in enumerate(zip(rows, results)):
            if row["label"] != kind:
                continue
            if "error" in res:  # refused (e.g. mangled bytes): no detections
                errors.append(res["error"])
            pairs += 1
            passages = res.get("passages", [])
            if passages:
                found += 1
            src, susp = charmap(row["a"]), charmap(row["b"])
            for p in passages:
                detections.append((i, (src.char(p["a"][0]), src.char(p["a"][1])),
                                   (susp.char(p["b"][0]), susp.char(p["b"][1]))))
            if row.get("spans_missing"):
                continue
            for sa, sb in zip(row["a_spans"], row["b_spans"]):
                cases.append((i, tuple(sa), tuple(sb)))
        scorable = [d for d in detections
                    if not rows[d[0]].get("spans_missing")]
        if kind == "negative":
            flagged_negatives = found
            all_detections += detections
            table[kind] = (pairs, found)
            continue
        table[kind] = (pairs, found) + score(cases, scorable)
        all_cases += cases
        all_detections += scorable
    table["overall"] = score(all_cases, all_detections)
    table["errors"] = errors
    return table, flagged_negatives


def print_table(name, table, seconds, count):
    print(f"\n{name}: {count} pairs in {seconds:.1f} s ({count / seconds:.1f} pairs/s)")
    print(f"{'obfuscation':<12} {'pairs':>6} {'found':>6} {'prec':>6} {'rec':>6} {'gran':>6} {'plagdet':>8}")
    for kind in KINDS:
        if kind not in table:
            continue
        pairs, found, p, r, g, s = table[kind]
        print(f"{kind:<12} {pairs:>6} {found / pairs:>6.3f} {p:>6.3f} {r:>6.3f} {g:>6.2f} {s:>8.3f}")
    pairs, found = table["negative"]
    print(f"{'negative':<12} {pairs:>6} {found:>6} flagged")
    p, r, g, s = table["overall"]
    print(f"{'overall':<12} {'':>6} {'':>6} {p:>6.3f} {r:>6.3f} {g:>6.2f} {s:>8.3f}")
    for reason, count in collections.Counter(table["errors"]).items():
        print(f"refused {count} pair(s): {reason}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "retold"))
    ap.add_argument("--vs", help="a second binary, run on the same pairs for a side-by-side table")
    ap.add_argument("--per-kind", type=int, default=0, help="sample this many pairs per kind (0: all)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dump", help="write per-pair results (JSON lines) here for study")
    args = ap.parse_args()

    folder = os.path.join(args.data, "pan13-text-alignment-train")
    if not os.path.exists(os.path.join(folder, "pairs.jsonl")):
        sys.exit(f"{folder}/pairs.jsonl not found: the PAN 2013 data is not beside the repo")
    rows = load_pairs(folder, args.per_kind, args.seed)
    for name, binary in [("retold", args.binary)] + ([("vs", args.vs)] if args.vs else []):
        results, seconds = run_retold(binary, folder, rows, args.threads)
        table, _ = evaluate(folder, rows, results)
        print_table(f"{name} ({binary})", table, seconds, len(rows))
        if args.dump and name == "retold":
            with open(args.dump, "w") as f:
                for row, res in zip(rows, results):
                    f.write(json.dumps({"row": row, "result": res}) + "\n")


if __name__ == "__main__":
    main()
