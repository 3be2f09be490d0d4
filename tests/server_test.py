#!/usr/bin/env python3
"""Tests of `retold serve` over HTTP: every endpoint, its errors, and
concurrent adds and queries keeping the index consistent.

    python3 tests/server_test.py path/to/retold SOURCE_DIR
"""
import concurrent.futures
import json
import os
import shutil
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


def call(method, path, body=None, raw=None, token=None, at=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request((at or base) + path, data=data, method=method, headers=headers)
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
              set(body) == {"verdict", "score", "coverage", "passages", "source", "source_reason",
                            "lang_a", "lang_b", "translated"} and
              body["lang_a"] == body["lang_b"] == "en" and body["translated"] is False and
              body["source"] == "a" and body["source_reason"] == "wording")
        status, rows = call("POST", "/v1/compare?rows=1", {"a": sample("original.txt"), "b": sample("rewritten.txt")})
        check("compare rows", status == 200 and all("rows" in p for p in rows["passages"]))
        if shutil.which("apertium"):
            spanish = sample("translated_es.txt")
            status, body = call("POST", "/v1/compare?rows=1&pivot=1", {"a": sample("original.txt"), "b": spanish})
            check("compare across languages", status == 200 and body["verdict"] == "rewrite" and
                  body["translated"] is True and body["lang_b"] == "es" and body["pivot"]["a"] is None and
                  "council" in body["pivot"]["b"] and
                  all(p["b"][1] <= len(spanish.encode("utf-8")) for p in body["passages"]))
        else:
            print("skip: compare across languages (no apertium; scripts/setup.sh installs it)")

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



def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(args):
    """A server with extra arguments; returns (process, base URL)."""
    port = free_port()
    process = subprocess.Popen([retold, "serve", "--port", str(port)] + args, stderr=subprocess.PIPE, text=True)
    url = "http://127.0.0.1:%d" % port
    for _ in range(100):
        try:
            if call("GET", "/healthz", at=url)[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return process, url


# Who may write: tokens, --private, --read-only, and the refusal to serve an
# open index beyond this machine.
with tempfile.TemporaryDirectory() as work:
    tokens = os.path.join(work, "tokens")
    with open(tokens, "w") as f:
        f.write("# writers\nalpha-secret-1\n\n  beta-secret-2  \n")
    db = os.path.join(work, "auth.db")
    doc = {"id": "tram", "text": sample("original.txt")}
    server, url = start(["--db", db, "--token-file", tokens])
    try:
        check("no token: 401", call("POST", "/v1/documents", doc, at=url)[0] == 401)
        status, body = call("POST", "/v1/documents", doc, token="wrong", at=url)
        check("a wrong token: 401 saying why", status == 401 and "token" in body["error"])
        check("a token one character short: 401",
              call("POST", "/v1/documents", doc, token="alpha-secret-", at=url)[0] == 401)
        check("a valid token adds", call("POST", "/v1/documents", doc, token="alpha-secret-1", at=url)[0] == 201)
        check("the second token (trimmed) adds too",
              call("POST", "/v1/documents", doc, token="beta-secret-2", at=url)[0] == 200)
        check("query stays open", call("POST", "/v1/query", {"text": sample("rewritten.txt")}, at=url)[0] == 200)
        check("compare stays open", call("POST", "/v1/compare", {"a": "one text here", "b": "another"}, at=url)[0] == 200)
        check("reading a document stays open", call("GET", "/v1/documents/tram", at=url)[0] == 200)
        check("delete without a token: 401", call("DELETE", "/v1/documents/tram", at=url)[0] == 401)
        check("the document is still there", call("GET", "/v1/documents/tram", at=url)[0] == 200)
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    check("tokens are never logged", "secret" not in log and "Bearer" not in log)

    server, url = start(["--db", db, "--token-file", tokens, "--private"])
    try:
        check("--private: query needs a token", call("POST", "/v1/query", {"text": "some text"}, at=url)[0] == 401)
        check("--private: stats needs a token", call("GET", "/v1/stats", at=url)[0] == 401)
        check("--private: with a token", call("GET", "/v1/stats", token="alpha-secret-1", at=url)[0] == 200)
        check("--private: healthz stays open", call("GET", "/healthz", at=url)[0] == 200)
    finally:
        server.terminate()
        server.communicate(timeout=30)

    server, url = start(["--db", db, "--read-only"])
    try:
        status, body = call("POST", "/v1/documents", doc, at=url)
        check("--read-only: writes get 403", status == 403 and "read-only" in body["error"])
        check("--read-only: even with a token", call("DELETE", "/v1/documents/tram", token="x", at=url)[0] == 403)
        check("--read-only: queries answer", call("POST", "/v1/query", {"text": sample("rewritten.txt")}, at=url)[0] == 200)
    finally:
        server.terminate()
        server.communicate(timeout=30)

    run = subprocess.run([retold, "serve", "--db", db, "--host", "0.0.0.0", "--port", str(free_port())],
                         capture_output=True, text=True, timeout=30)
    check("an open server beyond loopback is refused", run.returncode == 2 and "--token-file" in run.stderr)
    for args, words in ((["--token-file", os.path.join(work, "missing")], "cannot be read"),
                        (["--private"], "needs --token-file")):
        run = subprocess.run([retold, "serve", "--db", db, "--port", str(free_port())] + args,
                             capture_output=True, text=True, timeout=30)
        check("bad auth options: " + words, run.returncode == 2 and words in run.stderr)
    open(os.path.join(work, "empty"), "w").write("# none\n")
    run = subprocess.run([retold, "serve", "--db", db, "--token-file", os.path.join(work, "empty"),
                          "--port", str(free_port())], capture_output=True, text=True, timeout=30)
    check("a token file without tokens is refused", run.returncode == 2 and "no token" in run.stderr)

print("server: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
