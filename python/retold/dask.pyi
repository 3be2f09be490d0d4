from typing import Any, Iterable, Literal, Optional

import dask.bag

def dedup(bag: dask.bag.Bag, out: str, mode: Literal["full", "lexical"] = ..., keep: Optional[str] = ...,
          id_field: str = ..., text_field: str = ..., date_field: Optional[str] = ...,
          lexicon: Optional[str] = ..., pairs_per_task: int = ...) -> dict[str, Any]: ...
def read_inputs(inputs: Iterable[str], npartitions: int, id_field: str = ..., text_field: str = ...,
                date_field: Optional[str] = ...) -> dask.bag.Bag: ...
def main(argv: Optional[list[str]] = ...) -> int: ...
