"""The Python module: API on the samples, str offsets, errors, GIL release,
and a Dask run on a local cluster against `retold dedup`.

Run by ctest (python_tests) with Debian's /usr/bin/python3 -m pytest."""
import concurrent.futures
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

import retold

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RETOLD_BIN = os.environ.get("RETOLD_BIN", os.path.join(ROOT, "build", "retold"))


def sample(name):
    with open(os.path.join(ROOT, "sample", name), encoding="utf-8") as f:
        return f.read()


def test_compare_samples():
    a, b = sample("original.txt"), sample("rewritten.txt")
    c = retold.compare(a, b)
    assert c.verdict == "rewrite"
    assert 0.5 < c.score <= 1
    assert c.coverage_a > 0.8 and c.coverage_b > 0.8
    assert c.source == "a" and c.source_reason == "wording"
    p = c.passages[0]
    assert "Valmora" in a[p.a[0]:p.a[1]] and "Valmora" in b[p.b[0]:p.b[1]]
    assert p.rows and all(r.a[0] >= p.a[0] and r.a[1] <= p.a[1] for r in p.rows)
    assert retold.compare(a, sample("same_story.txt")).verdict in ("unrelated", "partial")


def test_to_dict_is_the_cli_json_with_str_offsets():
    path_a, path_b = os.path.join(ROOT, "sample", "original.txt"), os.path.join(ROOT, "sample", "rewritten.txt")
    cli = json.loads(subprocess.run([RETOLD_BIN, "compare", path_a, path_b, "--json"], check=True,
                                    capture_output=True, text=True).stdout)
    d = json.loads(json.dumps(retold.compare(sample("original.txt"), sample("rewritten.txt")).to_dict()))
    for key in ("verdict", "score", "coverage", "source", "source_reason", "lang_a", "lang_b", "translated"):
        assert d[key] == cli[key], key
    # The samples are ASCII, so str indices equal byte offsets here.
    assert [p["a"] for p in d["passages"]] == [p["a"] for p in cli["passages"]]


def test_a_translation_is_compared_across_languages():
    if shutil.which("apertium") is None:
        pytest.skip("no apertium (scripts/setup.sh installs it)")
    spanish = sample("translated_es.txt")
    c = retold.compare(sample("original.txt"), spanish)
    assert c.verdict == "rewrite" and c.translated and (c.lang_a, c.lang_b) == ("en", "es")
    # Offsets index the Spanish original, as str indices.
    assert c.passages[-1].b[1] <= len(spanish)
    assert spanish[c.passages[0].b[0]:].startswith("Ayuntamiento")


def test_offsets_index_python_strings_with_non_ascii_text():
    a = sample("original.txt")
    # Accented letters, CJK and an emoji before and inside the passage shift
    # byte offsets away from str indices.
    prefix = "Ünïcödé prelude — 東京 🚋\n\n"
    b = prefix + a.replace("euros", "€uros (évaluées)")
    c = retold.compare(a, b)
    assert c.verdict in ("exact", "near_duplicate", "rewrite")
    for p in c.passages:
        assert a[p.a[0]:p.a[1]].split()[:3] == b[p.b[0]:p.b[1]].split()[:3]
    first = c.passages[0]
    assert first.b[0] >= len(prefix)
    assert b[first.b[0]:].startswith(a[first.a[0]:first.a[0] + 20])


def test_comparer_fingerprint_and_verify():
    comparer = retold.Comparer()
    a, b = sample("original.txt"), sample("rewritten.txt")
    f = comparer.fingerprint(a)
    assert len(f.lexical) == 64 and f.winnow and len(f.winnow) == len(f.winnow_sentence)
    assert f.text_bytes == len(a.encode())
    g = pickle.loads(pickle.dumps(f))
    assert (g.lexical, g.winnow, g.content_hash) == (f.lexical, f.winnow, f.content_hash)
    assert retold.Fingerprint.from_bytes(f.to_bytes()).skeleton == f.skeleton
    assert retold.fingerprint(a, lexical=True).skeleton == []
    v = comparer.verify(a, b, date_a="2024-03-02", date_b="2024-03-01")
    assert v.source == "b" and v.source_reason == "date"
    assert comparer.verify(a, b).source_reason == "wording"


def test_bad_input_raises():
    with pytest.raises(ValueError, match="a: text is empty"):
        retold.compare("", "x")
    with pytest.raises(ValueError, match="binary"):
        retold.compare("\x00\x01\x02" * 100, "text")
    with pytest.raises(TypeError):
        retold.compare(b"bytes", "text")
    with pytest.raises(OSError, match="nowhere"):
        retold.Comparer(lexicon="/nowhere/retold.lex")
    with pytest.raises(OSError, match="index"):
        retold.Index("/nonexistent-dir/x.db")
    with pytest.raises(ValueError, match="record 2"):
        retold.dedup([{"id": "1", "text": "some text here"}, {"id": "2"}])
    with pytest.raises(ValueError, match="duplicate id"):
        retold.dedup([{"id": "1", "text": "one text"}, {"id": "1", "text": "another text"}])


def test_index_add_query_remove(tmp_path):
    a, b = sample("original.txt"), sample("rewritten.txt")
    with retold.Index(tmp_path / "archive.db") as index:
        assert index.add([{"id": "orig", "text": a, "date": "2024-01-01"},
                          {"id": "other", "text": sample("same_story.txt")}]) == {"added": 2, "updated": 0}
        matches = index.query(b)
        assert matches and matches[0].id == "orig"
        assert matches[0].comparison.verdict == "rewrite"
        p = matches[0].comparison.passages[0]
        assert "Valmora" in b[p.a[0]:p.a[1]]
        assert index.stats()["documents"] == 2
        # Each add wrote its own key segment; optimize merges them, answers stay.
        index.add([{"id": "third", "text": sample("same_story.txt") + " One more line about it."}])
        segments = "SELECT count(DISTINCT segid) FROM postings_idx"
        assert sqlite3.connect(tmp_path / "archive.db").execute(segments).fetchone()[0] == 2
        index.optimize()
        assert sqlite3.connect(tmp_path / "archive.db").execute(segments).fetchone()[0] == 1
        assert index.query(b)[0].id == "orig" and index.stats()["documents"] == 3
        assert index.get("orig")["date"] == "2024-01-01"
        assert index.remove("orig") and not index.remove("orig")
        assert index.get("orig") is None
        with pytest.raises(ValueError, match="missing"):
            index.add([{"id": "x"}])


def test_dedup_records():
    a, b = sample("original.txt"), sample("rewritten.txt")
    r = retold.dedup([{"id": "1", "text": a}, {"id": "2", "text": b},
                      {"id": "3", "text": sample("same_story.txt")}])
    assert [(p["a"], p["b"], p["verdict"]) for p in r.pairs] == [("1", "2", "rewrite")]
    originals = {c["id"]: c["original"] for c in r.clusters}
    assert originals == {"1": True, "2": False}


def test_heavy_calls_release_the_gil():
    # While a thread compares, another Python thread must keep running: with
    # the GIL held it would be starved for the whole call.
    a = sample("original.txt") * 40
    b = sample("rewritten.txt") * 40
    comparer = retold.Comparer()
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            start = time.perf_counter()
            list(pool.map(lambda _: comparer.compare(a, b), range(4)))
            end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if start < x < end]
    # The ticker ran throughout: no gap as long as one whole comparison.
    assert len(during) >= 5
    gaps = [y - x for x, y in zip(during, during[1:])]
    assert max(gaps) < (end - start) / 2


def test_dask_run_equals_retold_dedup(tmp_path):
    distributed = pytest.importorskip("distributed")
    import retold.dask
    corpus = tmp_path / "corpus.jsonl"
    a, b, s = sample("original.txt"), sample("rewritten.txt"), sample("same_story.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        docs = [("orig", a, "2024-01-01"), ("spun", b, "2024-01-03"), ("other", s, None),
                ("twin", a, None), ("repost", "Share this article\n\n" + a, "2024-01-02")]
        for n in range(30):
            docs.append(("filler-%d" % n, "Filler story %d. " % n + " ".join(
                "word%d" % ((n * 7 + k) % 97) for k in range(60)) + ".", None))
        for id_, text, date in docs:
            f.write(json.dumps({"id": id_, "text": text, **({"date": date} if date else {})}) + "\n")
    for mode in ("full", "lexical"):
        out_cli, out_dask = tmp_path / ("cli-" + mode), tmp_path / ("dask-" + mode)
        subprocess.run([RETOLD_BIN, "dedup", str(corpus), "--out", str(out_cli), "--mode", mode,
                        "--date-field", "date", "--keep", str(out_cli / "kept.jsonl"), "--quiet"],
                       check=True, capture_output=True)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, distributed.Client(cluster):
            pieces = retold.dask.input_pieces([str(corpus)], 4)
            bag = retold.dask.read_pieces(pieces, date_field="date")
            stats = retold.dask.dedup(bag, str(out_dask), mode=mode, keep=str(out_dask / "kept.jsonl"),
                                      date_field="date", keep_from=(pieces, ("id", "text", "date")))
        assert stats["documents"] == len(docs)
        for name in ("pairs", "clusters", "recurring", "documents", "kept"):
            assert (out_cli / (name + ".jsonl")).read_bytes() == (out_dask / (name + ".jsonl")).read_bytes(), name
        pairs = [json.loads(line) for line in open(out_dask / "pairs.jsonl")]
        assert any(p["verdict"] == "exact" for p in pairs)
        assert any({p["a"], p["b"]} == {"orig", "spun"} for p in pairs)


def test_dask_lexical_run_names_a_spun_copys_source_as_retold_dedup_does(tmp_path):
    # No dates: lexical mode names the original of a spun copy from the
    # words of the documents it verifies (24 stories quoting the original),
    # on a cluster as in one process.
    distributed = pytest.importorskip("distributed")
    import retold.dask
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import quoted_corpus
    corpus = tmp_path / "quoted.jsonl"
    quoted_corpus.write(ROOT, str(corpus))
    out_cli, out_dask = tmp_path / "cli", tmp_path / "dask"
    subprocess.run([RETOLD_BIN, "dedup", str(corpus), "--out", str(out_cli), "--mode", "lexical", "--quiet"],
                   check=True, capture_output=True)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        retold.dask.dedup(retold.dask.read_pieces(retold.dask.input_pieces([str(corpus)], 3)), str(out_dask),
                          mode="lexical")
    pairs = {frozenset((p["a"], p["b"])): p for p in map(json.loads, open(out_dask / "pairs.jsonl"))}
    spun = pairs[frozenset(("orig", "spun"))]
    assert spun["source"] == "orig" and spun["source_reason"] == "wording", spun
    for name in ("pairs", "clusters"):
        assert (out_cli / (name + ".jsonl")).read_bytes() == (out_dask / (name + ".jsonl")).read_bytes(), name


def test_dask_reports_a_bad_record_with_file_and_line(tmp_path):
    corpus = tmp_path / "bad.jsonl"
    lines = [json.dumps({"id": str(n), "text": "Story number %d is here." % n}) for n in range(40)]
    lines[29] = '{"id": "29", "text": '
    corpus.write_text("\n".join(lines) + "\n")
    run = subprocess.run(["/usr/bin/python3", "-m", "retold.dask", str(corpus), "--out", str(tmp_path / "out"),
                          "--workers", "2", "--mode", "lexical"], capture_output=True, text=True,
                         env=dict(os.environ))
    assert run.returncode == 2
    assert "%s:30: invalid JSON" % corpus in run.stderr
    assert not (tmp_path / "out" / "pairs.jsonl").exists()


def test_read_inputs_splits_a_plain_file_on_line_starts(tmp_path):
    import retold.dask
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": str(n), "text": "Text %d." % n}) + "\n" for n in range(101)))
    bag = retold.dask.read_inputs([str(corpus)], 7)
    assert bag.npartitions == 7
    records = bag.compute(scheduler="sync")
    assert [r["id"] for r in records] == [str(n) for n in range(101)]


def test_dask_on_a_cluster_started_from_the_command_line(tmp_path):
    if not (os.path.exists("/usr/bin/dask-scheduler") and os.path.exists("/usr/bin/dask-worker")):
        pytest.skip("dask-scheduler and dask-worker (python3-distributed) are not installed")
    corpus = tmp_path / "corpus.jsonl"
    a, b = sample("original.txt"), sample("rewritten.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        for id_, text in (("orig", a), ("spun", b), ("other", sample("same_story.txt")), ("twin", a)):
            f.write(json.dumps({"id": id_, "text": text}) + "\n")
    info = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(["/usr/bin/dask-scheduler", "--scheduler-file", str(info), "--port", "0",
                                  "--dashboard-address", ":0"], **quiet)
    worker = None
    try:
        for _ in range(100):
            if info.exists() and info.stat().st_size > 0:
                break
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        worker = subprocess.Popen(["/usr/bin/dask-worker", address, "--nworkers", "2", "--nthreads", "1"], **quiet)
        out = tmp_path / "out"
        run = subprocess.run(["/usr/bin/python3", "-m", "retold.dask", str(corpus), "--out", str(out),
                              "--scheduler", address], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        subprocess.run([RETOLD_BIN, "dedup", str(corpus), "--out", str(tmp_path / "cli"), "--quiet"],
                       check=True, capture_output=True)
        for name in ("pairs", "clusters"):
            assert (out / (name + ".jsonl")).read_bytes() == (tmp_path / "cli" / (name + ".jsonl")).read_bytes()
    finally:
        for p in (worker, scheduler):
            if p is not None:
                p.terminate()
                p.wait(timeout=30)
