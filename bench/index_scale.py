#!/usr/bin/python3
"""`retold index` at archive scale: build, size, query latency, batch rate,
and `serve` under wrk, at each size given.

    /usr/bin/python3 bench/index_scale.py --docs 100000,1000000 [--queries 200]

The archive is bench/recurring_corpus.py's generator without planted copies
(news-length documents of real Reuters and BBC sentences from one shared
pool, so every sentence recurs, a few hundred in thousands of documents,
sign-offs and missing dates as in real archives), generated into
build/bench-corpus/ if missing. Queries are of two kinds: a rewritten copy
(a 30% synonym spin of an archived story, whose source should rank first)
and a fresh story (new, but made of the archive's recurring sentences).

Per size it prints: the add time against `wc -w` on the same JSONL (one
writer, analysis on every core), bytes per document of stored texts and
of keys (SQLite's dbstat), query latency p50/p99 on one thread for each
kind (the Python module, one read-only connection), how often the source
ranks first, the batch rate of `index query --json` on every core, and
wrk's figures for POST /v1/query against `serve --read-only`. A bulk
load ends with its key segments merged, and the add time includes that;
with --no-optimize the keys are left in the segments they were written in
(as daily adds leave them), measured so, and then `index optimize` is
timed and the figures measured again.
"""
import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "quality"))
sys.path.insert(0, HERE)
import generators as gen  # noqa: E402
import recurring_corpus as rc  # noqa: E402
from dedup_speed import timed  # noqa: E402


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def archive(folder, docs, args):
    path = os.path.join(folder, "archive-%d.jsonl" % docs)
    if not os.path.exists(path):
        print("generating %s ..." % path, flush=True)
        rc.generate(path, docs, types.SimpleNamespace(seed=args.seed, data=args.data, kinds="exact",
                                                      copies=0.0, dates=0.6))
    return path


def make_queries(path, n, args):
    """(kind, id of the source or None, text) for n rewritten copies and n fresh stories."""
    rng = random.Random(args.seed + 1)
    records = []
    with open(path) as f:
        for line in f:
            records.append(json.loads(line))
    thesaurus = gen.Thesaurus()
    queries = []
    for r in rng.sample(records, n):
        queries.append(("rewritten", r["id"], gen.spin(r["text"], 0.3, thesaurus, rng)))
    pool = [s for r in rng.sample(records, min(len(records), 5000)) for s in r["text"].split(". ")]
    for _ in range(n):
        queries.append(("fresh", None, rc.assemble([rng.choice(pool).rstrip(".") + "." for _ in range(rng.randint(8, 40))], rng)))
    return queries


def sizes(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    try:
        by_table = dict(con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    except sqlite3.OperationalError:
        by_table = {}
    return docs, by_table


def measure(db, queries, args, retold, label):
    """Query latency on one thread, the batch rate and serve under wrk."""
    print("(%s)" % label)
    index = retold.Index(db, read_only=True)
    for kind in ("rewritten", "fresh"):
        latencies, first = [], 0
        for k, source, text in queries:
            if k != kind:
                continue
            start = time.perf_counter()
            matches = index.query(text, limit=5)
            latencies.append((time.perf_counter() - start) * 1000)
            first += bool(matches) and matches[0].id == source
        line = "query      %-9s p50 %.1f ms, p99 %.1f ms (one thread, %d queries)" % (
            kind, statistics.median(latencies), percentile(latencies, 99), len(latencies))
        if kind == "rewritten":
            line += "; source ranked first %d/%d" % (first, len(latencies))
        print(line)
    index.close()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for i, (kind, _, text) in enumerate(queries):
            f.write(json.dumps({"id": "%s-%d" % (kind, i), "text": text}) + "\n")
        batch_path = f.name
    wall, _, out = timed([args.binary, "index", "query", "--db", db, batch_path, "--json", "--limit", "5"])
    answered = out.count("\n")
    print("batch      %d documents in %.2f s: %.0f documents/s on every core" % (answered, wall, answered / wall))
    body = batch_path + ".body"
    with open(body, "w") as f:
        json.dump({"text": queries[0][2], "limit": 5}, f)
    port = subprocess.run(["python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); "
                           "print(s.getsockname()[1])"], capture_output=True, text=True).stdout.strip()
    server = subprocess.Popen([args.binary, "serve", "--db", db, "--port", port, "--read-only", "--quiet"],
                              stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        run = subprocess.run(["wrk", "-t2", "-c8", "-d%ds" % args.seconds, "--latency", "-s",
                              os.path.join(HERE, "wrk_query.lua"), "http://127.0.0.1:%s/v1/query" % port],
                             capture_output=True, text=True, env=dict(os.environ, RETOLD_QUERY_BODY=body))
        keep = [l.strip() for l in run.stdout.splitlines()
                if l.strip().startswith(("50%", "99%", "Requests/sec", "Non-2xx"))]
        print("serve      wrk -t2 -c8, a rewritten copy: " + "; ".join(keep))
    finally:
        server.terminate()
        server.wait()
    os.remove(batch_path)
    os.remove(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=200, help="of each kind")
    ap.add_argument("--seconds", type=int, default=10, help="of wrk")
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "retold"))
    ap.add_argument("--no-optimize", action="store_true",
                    help="add without merging the key segments; measure, optimize, measure again")
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(ROOT, "build", "python"))
    import retold
    folder = os.path.join(ROOT, "build", "bench-corpus")
    os.makedirs(folder, exist_ok=True)
    for docs in [int(x) for x in args.docs.split(",")]:
        path = archive(folder, docs, args)
        db = os.path.join(folder, "archive-%d.db" % docs)
        mb = os.path.getsize(path) / 1e6
        # wc -w on a warm page cache, as `add` reads it: the first read of
        # a freshly generated file comes from disk.
        timed(["wc", "-w", path])
        wc = statistics.median(timed(["wc", "-w", path])[0] for _ in range(3))
        if os.path.exists(db):
            os.remove(db)
            for extra in ("-wal", "-shm"):
                if os.path.exists(db + extra):
                    os.remove(db + extra)
        command = [args.binary, "index", "add", "--db", db, path, "--date-field", "date", "--quiet"]
        add, peak, _ = timed(command + (["--no-optimize"] if args.no_optimize else []))
        n, by_table = sizes(db)
        print("\n%d documents, %.0f MB of JSONL" % (n, mb))
        print("add        %.1f s (%.0f documents/s), wc -w %.2f s: %.3fx the rate of wc -w; peak %.0f MB"
              % (add, n / add, wc, wc / add, peak))
        if by_table:
            texts = by_table.get("documents", 0) + by_table.get("sqlite_autoindex_documents_1", 0)
            # The FTS5 table's shadow tables (postings_data, postings_idx, ...).
            keys = sum(size for name, size in by_table.items() if name.startswith("postings"))
            print("file       %.0f bytes/document: texts and ids %.0f, keys %.0f"
                  % (os.path.getsize(db) / n, texts / n, keys / n))
        queries = make_queries(path, args.queries, args)
        if not args.no_optimize:
            measure(db, queries, args, retold, "after add: the bulk load's keys merged")
            continue
        measure(db, queries, args, retold, "keys in the segments they were written in")
        wall, _, _ = timed([args.binary, "index", "optimize", "--db", db])
        print("optimize   %.1f s: the key segments merged into one" % wall)
        measure(db, queries, args, retold, "optimized")

if __name__ == "__main__":
    main()
