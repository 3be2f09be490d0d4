#!/usr/bin/env python3
"""Tests of `retold serve` over HTTP: every endpoint, its errors, and
concurrent adds and queries keeping the index consistent.

    python3 tests/server_test.py path/to/retold SOURCE_DIR
"""
import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

retold, src = sys.argv[1], sys.argv[2]
sample = lambda name: open(os.path.join(src, "sample", name), encoding="utf-8").read()
passed = failed = 0


def check(name, condition):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name)


def call(method, path, body=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


with tempfile.TemporaryDirectory() as work:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    base = "http://127.0.0.1:%d" % port
    server = subprocess.Popen([retold, "serve", "--db", os.path.join(work, "i.db"), "--port", str(port),
                               "--max-body", "200000"], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                if call("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        check("healthz", call("GET", "/healthz") == (200, {"status": "ok"}))

        status, body = call("POST", "/v1/compare", {"a": sample("original.txt"), "b": sample("rewritten.txt")})
        # The JSON of compare --json without the paths.
        check("compare", status == 200 and body["verdict"] == "rewrite" and
              set(body) == {"verdict", "score", "coverage", "passages", "source", "source_reason"} and
              body["source"] == "a" and body["source_reason"] == "wording")
        status, rows = call("POST", "/v1/compare?rows=1", {"a": sample("original.txt"), "b": sample("rewritten.txt")})
        check("compare rows", status == 200 and all("rows" in p for p in rows["passages"]))

        check("add 201", call("POST", "/v1/documents", {"id": "orig", "text": sample("original.txt"),
                                                         "date": "2024-05-02"})[0] == 201)
        check("re-add 200", call("POST", "/v1/documents", {"id": "orig", "text": sample("original.txt")})[0] == 200)
        status, body = call("GET", "/v1/documents/orig")
        check("get", status == 200 and body["text"] == sample("original.txt"))
        status, body = call("POST", "/v1/query", {"text": sample("rewritten.txt")})
        check("query", status == 200 and [m["id"] for m in body["matches"]] == ["orig"])

        for raw, name in ((b"{not json", "bad JSON"), (b"[1, 2]", "not an object")):
            status, body = call("POST", "/v1/query", raw=raw)
            check(name + " -> 400", status == 400 and "error" in body)
        check("missing field -> 400", call("POST", "/v1/documents", {"id": "x"})[0] == 400)
        check("wrong type -> 400", call("POST", "/v1/documents", {"id": 5, "text": "t"})[0] == 400)
        check("empty text -> 400", call("POST", "/v1/query", {"text": "  "})[0] == 400)
        check("bad limit -> 400", call("POST", "/v1/query", {"text": "a b c", "limit": -1})[0] == 400)
        check("unknown id -> 404", call("GET", "/v1/documents/nope")[0] == 404)
        check("delete unknown -> 404", call("DELETE", "/v1/documents/nope")[0] == 404)
        check("unknown route -> 404", call("GET", "/v2/nothing")[0] == 404)
        status, body = call("POST", "/v1/query", {"text": "word " * 60000})
        check("too large -> 413", status == 413 and "error" in body)

        # Concurrent adds and queries.
        texts = [sample("original.txt"), sample("rewritten.txt"), sample("same_story.txt")]

        def add(i):
            return call("POST", "/v1/documents", {"id": "doc-%d" % i, "text": texts[i % 3] + " Item %d." % i})[0]

        def query(i):
            return call("POST", "/v1/query", {"text": texts[i % 3], "limit": 3})[0]

        with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
            adds = list(pool.map(add, range(120)))
            mixed = list(pool.map(lambda i: add(1000 + i) if i % 2 else query(i), range(120)))
        check("concurrent adds", adds.count(201) == 120)
        check("concurrent adds and queries", all(code in (200, 201) for code in mixed))
        status, stats = call("GET", "/v1/stats")
        check("stats after concurrency", status == 200 and stats["documents"] == 1 + 120 + 60)
        check("delete", call("DELETE", "/v1/documents/doc-7")[0] == 200)
        check("deleted is gone", call("GET", "/v1/documents/doc-7")[0] == 404)
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    lines = [l for l in log.splitlines() if " /v1/" in l or " /healthz" in l]
    check("one log line per request", len(lines) >= 250 and server.returncode == 0)

print("server: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
