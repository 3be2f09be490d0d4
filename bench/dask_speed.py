#!/usr/bin/python3
"""`retold dedup` against `python3 -m retold.dask` on 1 and 2 local worker
processes, on the same corpus, and `retold.compare` in a thread pool of 1
and 2 threads (the GIL is released while it works).

    /usr/bin/python3 bench/dask_speed.py [--docs 100000] [--mode full|lexical] [--runs 1]

The corpus is bench/recurring_corpus.py's (real Reuters and BBC sentences
from ../shared/data, every sentence recurring), generated into
build/bench-corpus/ if missing. Prints wall seconds (median of --runs),
peak memory of the driver, the ratio to `retold dedup`, and whether the
pairs agree.
"""
import argparse
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from dedup_speed import timed  # noqa: E402  (wall seconds, peak MB, stdout)


def pairs_of(path):
    with open(path) as f:
        return {(p["a"], p["b"]): p["verdict"] for p in map(json.loads, f)}


def thread_pool_rate(threads, seconds=3.0):
    import retold
    a = open(os.path.join(ROOT, "sample", "original.txt")).read()
    b = open(os.path.join(ROOT, "sample", "rewritten.txt")).read()
    comparer = retold.Comparer()
    done = 0
    end = time.perf_counter() + seconds
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        while time.perf_counter() < end:
            list(pool.map(lambda _: comparer.compare(a, b), range(64)))
            done += 64
    return done / seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--mode", default="full", choices=("full", "lexical"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "retold"))
    args = ap.parse_args()
    folder = os.path.join(ROOT, "build", "bench-corpus")
    corpus = os.path.join(folder, "recurring-%d-s8-d0.6-exact+light+spin30.jsonl" % args.docs)
    if not os.path.exists(corpus):
        subprocess.run([sys.executable, os.path.join(HERE, "recurring_corpus.py"), "--docs", str(args.docs),
                        "--modes", "lexical", "--binary", args.binary], check=True, stdout=subprocess.DEVNULL)
    print("corpus %s: %.0f MB" % (os.path.basename(corpus), os.path.getsize(corpus) / 1e6))
    for threads in (1, 2):
        print("compare in a pool of %d thread(s): %.0f pairs/s" % (threads, thread_pool_rate(threads)))
    commands = [("retold dedup", [args.binary, "dedup", corpus, "--mode", args.mode, "--quiet"], "cli")]
    for workers in (1, 2):
        commands.append(("retold.dask, %d worker(s)" % workers,
                         ["/usr/bin/python3", "-m", "retold.dask", corpus, "--mode", args.mode,
                          "--workers", str(workers)], "dask%d" % workers))
    results = {}
    for label, command, tag in commands:
        out = os.path.join(folder, "out-dask-bench-%s-%s" % (args.mode, tag))
        walls, peaks = [], []
        for _ in range(args.runs):
            wall, peak, _ = timed(command + ["--out", out])
            walls.append(wall)
            peaks.append(peak)
        results[tag] = (statistics.median(walls), max(peaks), pairs_of(os.path.join(out, "pairs.jsonl")))
        base = results["cli"]
        same = sum(1 for k, v in results[tag][2].items() if base[2].get(k) == v)
        print("%-26s %8.2f s  %6.0f MB (driver)  %.2fx dedup's time  pairs %d, same as dedup %d (%.3f)" % (
            label, results[tag][0], results[tag][1], results[tag][0] / base[0], len(results[tag][2]), same,
            same / max(1, len(base[2]))))


if __name__ == "__main__":
    main()
