#!/usr/bin/env python3
"""Pathological inputs, each with a stated time and memory bound on this
2-core machine. The bounds are what a user may rely on; the run prints the
measured figures beside them and exits 1 if one is exceeded.

    python3 bench/pathological.py [--only NAME]

| case                                   | command                  | bound      |
|----------------------------------------|--------------------------|------------|
| 100,000 identical news-length docs     | dedup (full)             | 60 s, 2 GB |
| one 50 MB document vs a news story     | compare --max-bytes 64M  | 60 s, 3 GB |
| one repeated word, 20 MB, vs + a story | compare                  | 30 s, 2 GB |
| 1,000,000 tiny documents (5 words)     | dedup (full)             | 120 s, 4 GB|
| 1 MB of words with no punctuation      | compare, halves swapped  | 30 s, 1 GB |

Inputs are generated into build/pathological/ (not committed).
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "retold")
WORK = os.path.join(ROOT, "build", "pathological")
STORY = open(os.path.join(ROOT, "sample", "original.txt"), encoding="utf-8").read()
WORDS = re.findall(r"[a-z]+", STORY.lower())


def path(name):
    return os.path.join(WORK, name)


def make_identical():
    with open(path("identical.jsonl"), "w") as f:
        for i in range(100000):
            f.write(json.dumps({"id": "copy-%d" % i, "text": STORY}) + "\n")


def make_big():
    rng = random.Random(1)
    with open(path("big.txt"), "w") as f:
        size = 0
        while size < 50 * 1024 * 1024:
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + ". "
            f.write(sentence)
            size += len(sentence)


def make_repeated():
    with open(path("repeated.txt"), "w") as f:
        f.write("buffalo " * (20 * 1024 * 1024 // 8))
    with open(path("repeated-story.txt"), "w") as f:
        f.write("buffalo " * (20 * 1024 * 1024 // 8) + "\n\n" + STORY)


def make_tiny():
    rng = random.Random(2)
    with open(path("tiny.jsonl"), "w") as f:
        for i in range(1000000):
            f.write(json.dumps({"id": str(i), "text": " ".join(rng.choice(WORDS) for _ in range(5))}) + "\n")


def make_unpunctuated():
    rng = random.Random(3)
    words = [rng.choice(WORDS) for _ in range(170000)]
    with open(path("unpunctuated.txt"), "w") as f:
        f.write(" ".join(words))
    with open(path("unpunctuated-swapped.txt"), "w") as f:
        f.write(" ".join(words[85000:] + words[:85000]))


CASES = [
    ("identical", make_identical, "identical.jsonl",
     lambda: [BIN, "dedup", path("identical.jsonl"), "--out", path("out-identical"), "--quiet"], 60, 2048),
    ("big", make_big, "big.txt",
     lambda: [BIN, "compare", "--json", "--max-bytes", str(64 << 20), path("big.txt"),
              os.path.join(ROOT, "sample", "original.txt")], 60, 3072),
    ("repeated", make_repeated, "repeated-story.txt",
     lambda: [BIN, "compare", "--json", path("repeated.txt"), path("repeated-story.txt")], 30, 2048),
    ("tiny", make_tiny, "tiny.jsonl",
     lambda: [BIN, "dedup", path("tiny.jsonl"), "--out", path("out-tiny"), "--quiet"], 120, 4096),
    ("unpunctuated", make_unpunctuated, "unpunctuated-swapped.txt",
     lambda: [BIN, "compare", "--json", path("unpunctuated.txt"), path("unpunctuated-swapped.txt")], 30, 1024),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    failures = 0
    print("%-14s %10s %10s %12s %12s  %s" % ("case", "seconds", "bound", "peak MB", "bound MB", "result"))
    for name, make, file, command, max_seconds, max_mb in CASES:
        if args.only and name != args.only:
            continue
        if not os.path.exists(path(file)):
            make()
        start = time.time()
        run = subprocess.run(["/usr/bin/time", "-v"] + command(), capture_output=True, text=True)
        seconds = time.time() - start
        peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1)) / 1024
        ok = run.returncode == 0 and seconds <= max_seconds and peak <= max_mb
        summary = run.stdout.strip().splitlines()
        result = summary[0][:70] if summary else run.stderr.strip().splitlines()[0][:70]
        if name == "identical":
            result = [l for l in summary if l.startswith("families")][0]
        print("%-14s %10.1f %10d %12.0f %12d  %s %s" % (name, seconds, max_seconds, peak, max_mb,
                                                      "ok" if ok else "EXCEEDED", result))
        failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
