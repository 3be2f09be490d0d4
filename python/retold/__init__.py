"""retold: find rewritten copies of text, with the evidence.

    >>> import retold
    >>> c = retold.compare(original, copy)
    >>> c.verdict, round(c.score, 2)
    ('rewrite', 0.69)
    >>> p = c.passages[0]
    >>> original[p.a[0]:p.a[1]]          # offsets index the Python strings

Verdicts are the command line's: "exact", "near_duplicate", "rewrite",
"partial", "unrelated". Calls that analyse text release the GIL, so a
thread pool runs on every core. Bad input raises ValueError (with the
command line's message) or OSError (files, the index, the lexicon).

The two halves of corpus search are `fingerprint` (one document) and
`verify` (one candidate pair); `dedup` runs the whole of `retold dedup`,
and `retold.dask` the same on a Dask cluster.
"""
import json
import os
import tempfile
import threading

from . import _core
from ._core import Comparison, Fingerprint, Passage, Row  # noqa: F401  (re-exported types)

__all__ = ["compare", "verify", "fingerprint", "Comparer", "Comparison", "Passage", "Row",
           "Fingerprint", "Index", "Match", "dedup", "DedupResult", "lexicon_path"]

MAX_BYTES = 64 << 20


def lexicon_path():
    """The compiled WordNet lexicon: $RETOLD_LEXICON, else the one beside
    this package (put there by the build)."""
    return os.environ.get("RETOLD_LEXICON") or os.path.join(os.path.dirname(__file__), "retold.lex")


class Comparer:
    """One lexicon and the analyser over it, for repeated use. Safe to share
    between threads; each call releases the GIL while it works.

    lexical_only=True loads no lexicon: no synonym matching, as
    `dedup --mode lexical`.
    """

    def __init__(self, lexicon=None, lexical_only=False, max_bytes=MAX_BYTES):
        path = "" if lexical_only else os.fspath(lexicon or lexicon_path())
        self._core = _core.Comparer(path, max_bytes)
        self.lexical_only = lexical_only

    def compare(self, a, b):
        """Compares two texts; returns a Comparison."""
        return self._core.compare(_text(a, "a"), _text(b, "b"))

    def verify(self, a, b, date_a=None, date_b=None):
        """Verifies a candidate pair as `retold dedup` does: the comparison,
        with the source decided by dates first when both are given and
        differ ("date"), else by the texts' evidence."""
        return self._core.verify(_text(a, "a"), _text(b, "b"), date_a or "", date_b or "")

    def fingerprint(self, text, lexical=None):
        """What candidate search keeps of a document. lexical=True for the
        fast lexical channels only (the default follows the Comparer)."""
        lexical = self.lexical_only if lexical is None else lexical
        return self._core.fingerprint(_text(text, "text"), lexical)


_default = None
_default_lock = threading.Lock()


def _comparer():
    global _default
    with _default_lock:
        if _default is None:
            _default = Comparer()
        return _default


def _text(value, name):
    if not isinstance(value, str):
        raise TypeError("%s: expected str, got %s" % (name, type(value).__name__))
    return value


def compare(a, b):
    """Compares two texts: verdict, score, coverage and aligned passages.

    Passage offsets are (start, end) indices into `a` and `b`.
    """
    return _comparer().compare(a, b)


def verify(a, b, date_a=None, date_b=None):
    """One candidate pair verified as in a corpus run (see Comparer.verify)."""
    return _comparer().verify(a, b, date_a, date_b)


def fingerprint(text, lexical=False):
    """The fingerprint of one document (MinHash signatures and winnowed
    hashes), the first half of corpus search. Picklable."""
    return _comparer().fingerprint(text, lexical)


class Match:
    """An indexed document that the query copies or is copied by."""

    __slots__ = ("id", "date", "comparison")

    def __init__(self, id, date, comparison):
        self.id, self.date, self.comparison = id, date, comparison

    def to_dict(self):
        d = self.comparison.to_dict()
        d["id"] = self.id
        return d

    def __repr__(self):
        return "Match(id=%r, verdict=%r, score=%.3f)" % (self.id, self.comparison.verdict,
                                                         self.comparison.score)


class Index:
    """The persistent index (`retold index`): one SQLite file.

        with retold.Index("archive.db") as index:
            index.add([{"id": "a1", "text": "...", "date": "2024-05-01"}])
            for m in index.query(text):
                print(m.id, m.comparison.verdict)
    """

    def __init__(self, path, read_only=False, lexicon=None):
        self._core = _core.Index(os.fspath(path), read_only, os.fspath(lexicon or lexicon_path()))

    def add(self, records, threads=0):
        """Adds or updates documents (dicts with "id", "text" and optionally
        "date") in one transaction; returns {"added": n, "updated": m}."""
        if isinstance(records, dict):
            records = [records]
        return self._core.add(records, threads)

    def query(self, text, limit=10):
        """Verified matches for `text`, best first: a list of Match, whose
        comparison has the query as side a."""
        return [Match(c.id, date or None, c) for date, c in self._core.query(_text(text, "text"), limit)]

    def remove(self, id):
        """Removes a document; returns whether it was there."""
        return self._core.remove(id)

    def optimize(self):
        """Merges the key segments into one, as `retold index optimize` does
        (and `retold index add` after a bulk load; add here never does):
        queries then read one segment instead of many."""
        self._core.optimize()

    def get(self, id):
        """The stored document as {"id", "text", "date"}, or None."""
        return self._core.get(id)

    def stats(self):
        """{"documents", "keys", "text_bytes", "file_bytes"}."""
        return self._core.stats()

    def close(self):
        self._core.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class DedupResult:
    """The files `retold dedup` writes, read back: `pairs` (derived pairs,
    as pairs.jsonl), `clusters` (families, as clusters.jsonl), `recurring`
    (passages found in many documents), and `stats`. `out` is the folder
    they are in."""

    def __init__(self, out, stats):
        self.out = out
        self.stats = stats
        self.pairs = _read_jsonl(os.path.join(out, "pairs.jsonl"))
        self.clusters = _read_jsonl(os.path.join(out, "clusters.jsonl"))
        self.recurring = _read_jsonl(os.path.join(out, "recurring.jsonl"))

    def __repr__(self):
        return "DedupResult(%d documents, %d pairs, %d families)" % (
            self.stats["documents"], len(self.pairs), len({c["cluster"] for c in self.clusters}))


def _read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def dedup(records=None, inputs=None, mode="full", out=None, keep=None, threads=0,
          id_field="id", text_field="text", date_field=None, skip_bad=False, lexicon=None):
    """`retold dedup` from Python.

    records: an iterable of dicts (with `id_field`, `text_field` and, when
    given, `date_field`), or inputs: paths as `retold dedup` takes them
    (directories of .txt, .jsonl, .jsonl.gz, .jsonl.zst). The corpus is
    read twice, so records are first written to a temporary JSONL file.
    out: where the output files go (a temporary folder when None; its files
    are read into the result either way). keep: path for --keep's JSONL.
    Returns a DedupResult. Bad records raise ValueError naming the record.
    """
    if (records is None) == (inputs is None):
        raise TypeError("dedup: give records or inputs, not both")
    if mode not in ("full", "lexical"):
        raise ValueError("dedup: mode must be 'full' or 'lexical'")
    with tempfile.TemporaryDirectory(prefix="retold-") as scratch:
        if records is not None:
            path = os.path.join(scratch, "records.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for n, r in enumerate(records, 1):
                    if not isinstance(r, dict):
                        raise TypeError("record %d: not a dict" % n)
                    f.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
            inputs = [path]
        elif isinstance(inputs, (str, os.PathLike)):
            inputs = [inputs]
        target = os.fspath(out) if out else os.path.join(scratch, "out")
        os.makedirs(target, exist_ok=True)
        try:
            stats = _core.run_dedup([os.fspath(i) for i in inputs], target, mode == "lexical", threads,
                                    id_field, text_field, date_field or "", skip_bad,
                                    os.fspath(keep) if keep else "",
                                    "" if mode == "lexical" else os.fspath(lexicon or lexicon_path()))
        except ValueError as e:
            if records is None:
                raise
            # "records.jsonl:2: ..." names the spooled file; the caller knows record 2.
            raise ValueError(str(e).replace(inputs[0] + ":", "record ")) from None
        result = DedupResult(target, stats)
        if not out:
            result.out = None  # the temporary folder is gone; the result holds its contents
        return result
