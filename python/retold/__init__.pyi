# Type stubs for the retold package (the compiled core is retold._core).
from os import PathLike
from typing import Any, Iterable, Literal, Optional

Verdict = Literal["exact", "near_duplicate", "rewrite", "partial", "unrelated"]
Mode = Literal["full", "lexical"]
MAX_BYTES: int

class Row:
    a: tuple[int, int]  # str indices into the first text, half-open
    b: tuple[int, int]
    similarity: float

class Passage:
    a: tuple[int, int]
    b: tuple[int, int]
    similarity: float
    rows: list[Row]

class Comparison:
    verdict: Verdict
    score: float
    coverage_a: float
    coverage_b: float
    passages: list[Passage]
    source: Optional[Literal["a", "b"]]
    source_reason: Optional[str]
    lang_a: Optional[str]
    lang_b: Optional[str]
    translated: bool
    def to_dict(self, rows: bool = ...) -> dict[str, Any]: ...

class Fingerprint:
    lexical: list[int]
    skeleton: list[int]
    winnow: list[int]
    winnow_sentence: list[int]
    text_bytes: int
    content_hash: bytes
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes) -> Fingerprint: ...

class Comparer:
    lexical_only: bool
    def __init__(self, lexicon: Optional[str | PathLike[str]] = ..., lexical_only: bool = ...,
                 max_bytes: int = ...) -> None: ...
    def compare(self, a: str, b: str) -> Comparison: ...
    def verify(self, a: str, b: str, date_a: Optional[str] = ..., date_b: Optional[str] = ...) -> Comparison: ...
    def fingerprint(self, text: str, lexical: Optional[bool] = ...) -> Fingerprint: ...

def lexicon_path() -> str: ...
def compare(a: str, b: str) -> Comparison: ...
def verify(a: str, b: str, date_a: Optional[str] = ..., date_b: Optional[str] = ...) -> Comparison: ...
def fingerprint(text: str, lexical: bool = ...) -> Fingerprint: ...

class Match:
    id: str
    date: Optional[str]
    comparison: Comparison  # side a is the query
    def to_dict(self) -> dict[str, Any]: ...

class Index:
    def __init__(self, path: str | PathLike[str], read_only: bool = ...,
                 lexicon: Optional[str | PathLike[str]] = ...) -> None: ...
    def add(self, records: Iterable[dict[str, Any]] | dict[str, Any], threads: int = ...) -> dict[str, int]: ...
    def query(self, text: str, limit: int = ...) -> list[Match]: ...
    def remove(self, id: str) -> bool: ...
    def optimize(self) -> None: ...
    def get(self, id: str) -> Optional[dict[str, Optional[str]]]: ...
    def stats(self) -> dict[str, int]: ...
    def close(self) -> None: ...
    def __enter__(self) -> Index: ...
    def __exit__(self, *exc: object) -> None: ...

class DedupResult:
    out: Optional[str]
    stats: dict[str, Any]
    pairs: list[dict[str, Any]]
    clusters: list[dict[str, Any]]
    recurring: list[dict[str, Any]]

def dedup(records: Optional[Iterable[dict[str, Any]]] = ...,
          inputs: Optional[str | PathLike[str] | Iterable[str | PathLike[str]]] = ...,
          mode: Mode = ..., out: Optional[str | PathLike[str]] = ..., keep: Optional[str | PathLike[str]] = ...,
          threads: int = ..., id_field: str = ..., text_field: str = ..., date_field: Optional[str] = ...,
          skip_bad: bool = ..., lexicon: Optional[str | PathLike[str]] = ...) -> DedupResult: ...
