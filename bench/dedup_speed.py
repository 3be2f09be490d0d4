#!/usr/bin/env python3
"""Speed and memory of `retold dedup`, side by side with `wc -w`.

Generates a JSONL corpus of N news-length documents (~3.5 KB: Zipf-distributed
WordNet vocabulary, names, numbers, sentences and paragraphs), plants copies
of 1% of them (exact copies, light edits, and spun copies with half their
words swapped for WordNet synonyms), then times in one run:
`wc -w` on the file, `retold dedup --mode lexical` and `retold dedup`, with
peak memory from /usr/bin/time, and checks that the planted copies were found.

    python3 bench/dedup_speed.py --docs 100000 [--runs 3]

Corpora are generated once into build/bench-corpus/ (not committed).
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDNET = "/usr/share/wordnet"


def load_wordnet():
    words, synonyms = [], {}
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(WORDNET, "data." + pos), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                fields = line.split()
                count = int(fields[3], 16)
                members = [fields[4 + 2 * i].lower() for i in range(count)]
                members = [m for m in members if m.isalpha()]
                for m in members:
                    synonyms.setdefault(m, set()).update(x for x in members if x != m)
    words = sorted(w for w in synonyms if 3 <= len(w) <= 12)
    return words, {w: sorted(s) for w, s in synonyms.items() if s}


def generate(path, docs, seed):
    rng = random.Random(seed)
    words, synonyms = load_wordnet()
    rng.shuffle(words)
    vocabulary = words[:30000]
    cumulative, total = [], 0.0
    for rank in range(len(vocabulary)):
        total += 1.0 / (rank + 10)
        cumulative.append(total)
    function = ("the of and to in a that is was for on with as by at from it said "
                "which be have has are were will would its an not but").split()
    syllables = ["ka", "lo", "mir", "ten", "sa", "vor", "eli", "dan", "ru", "pek", "an", "tos"]
    names = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(8000)})

    def sentence():
        n = rng.randint(10, 28)
        content = rng.choices(vocabulary, cum_weights=cumulative, k=n)
        out = []
        for w in content:
            r = rng.random()
            if r < 0.45:
                out.append(rng.choice(function))
            if r > 0.93:
                out.append(rng.choice(names))
            elif r > 0.90:
                out.append(str(rng.randint(2, 9999)))
            out.append(w)
        out[0] = out[0].capitalize()
        return " ".join(out) + "."

    def document():
        paragraphs, size = [], 0
        while size < 3400:
            p = " ".join(sentence() for _ in range(rng.randint(2, 4)))
            paragraphs.append(p)
            size += len(p) + 2
        return "\n\n".join(paragraphs)

    def light_edit(text):
        ws = text.split(" ")
        return " ".join(w for w in ws if rng.random() > 0.04)

    def spin(text):
        def swap(m):
            w = m.group(0)
            options = synonyms.get(w.lower())
            if options and rng.random() < 0.5:
                return rng.choice(options)
            return w
        return re.sub(r"[a-z]+", swap, text)

    planted = []
    with open(path + ".tmp", "w") as f:
        originals = []
        for i in range(docs):
            text = document()
            f.write(json.dumps({"id": "d%d" % i, "text": text}) + "\n")
            if rng.random() < 0.01:
                originals.append(("d%d" % i, text))
        for k, (doc_id, text) in enumerate(originals):
            kind = ("exact", "light_edit", "spin")[k % 3]
            copy = text if kind == "exact" else light_edit(text) if kind == "light_edit" else spin(text)
            copy_id = "copy-%s-%d" % (kind, k)
            f.write(json.dumps({"id": copy_id, "text": copy}) + "\n")
            planted.append((doc_id, copy_id, kind))
    os.rename(path + ".tmp", path)
    with open(path + ".planted.json", "w") as f:
        json.dump(planted, f)


def timed(command):
    """Runs under /usr/bin/time -v; returns (wall seconds, peak RSS in MB, stdout)."""
    start = time.time()
    run = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    wall = time.time() - start
    if run.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), run.stderr[-2000:]))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    return wall, rss / 1024.0, run.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "retold"))
    ap.add_argument("--modes", default="lexical,full")
    args = ap.parse_args()
    folder = os.path.join(ROOT, "build", "bench-corpus")
    os.makedirs(folder, exist_ok=True)
    corpus = os.path.join(folder, "news-%d.jsonl" % args.docs)
    if not os.path.exists(corpus):
        print("generating %s ..." % corpus, flush=True)
        generate(corpus, args.docs, args.seed)
    with open(corpus + ".planted.json") as f:
        planted = json.load(f)
    size = os.path.getsize(corpus)
    print("corpus: %d documents + %d planted copies, %.0f MB" % (args.docs, len(planted), size / 1e6))

    rows = []
    commands = [("wc -w", ["wc", "-w", corpus])]
    for mode in args.modes.split(","):
        out = os.path.join(folder, "out-%s-%d" % (mode, args.docs))
        commands.append(("retold dedup --mode " + mode,
                         [args.binary, "dedup", corpus, "--out", out, "--mode", mode, "--quiet"]))
    results = {name: [] for name, _ in commands}
    for _ in range(args.runs):
        for name, command in commands:  # interleaved, so drift hits all alike
            results[name].append(timed(command))
    base = statistics.median(w for w, _, _ in results["wc -w"])
    print("\n%-28s %10s %10s %12s %10s" % ("command", "median s", "MB/s", "vs wc -w", "peak MB"))
    for name, _ in commands:
        wall = statistics.median(w for w, _, _ in results[name])
        rss = max(r for _, r, _ in results[name])
        print("%-28s %10.2f %10.1f %11.2fx %10.0f" % (name, wall, size / 1e6 / wall, base / wall, rss))
    for mode in args.modes.split(","):
        out = os.path.join(folder, "out-%s-%d" % (mode, args.docs))
        found = set()
        for line in open(os.path.join(out, "pairs.jsonl")):
            p = json.loads(line)
            found.add((p["a"], p["b"]))
            found.add((p["b"], p["a"]))
        by_kind = {}
        for original, copy, kind in planted:
            hit = (original, copy) in found
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][0] += 1
            by_kind[kind][1] += hit
        print("planted copies found (%s): %s" % (mode, ", ".join(
            "%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(by_kind.items()))))
        print(results["retold dedup --mode " + mode][-1][2].strip().replace("\n", "\n  "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
