"""`retold dedup` on a Dask cluster.

    python3 -m retold.dask INPUT... --out DIR [--scheduler ADDRESS] [--workers N]
                                     [--mode full|lexical] [--keep FILE] [--date-field F]

    import dask.bag as db, retold.dask
    bag = db.read_text("crawl-*.jsonl").map(json.loads)
    stats = retold.dask.dedup(bag, "out/", mode="full")

The stages are those of `retold dedup` (retold/dedup.h), each a call into
the same C++ code:

1. fingerprints: a map over the partitions of the bag of records, on the
   workers, which keep them (the driver gets ids, dates and content hashes,
   from which it finds byte-identical twins);
2. candidate search, in the steps of retold/candidates.h: each partition's
   keys (LSH bands, winnowed hashes with their places) are shuffled by part
   of the key space; each key part yields pair evidence, shuffled by pair,
   and recurring hash groups (never expanded into pairs), joined on the
   driver;
3. verification: candidate pairs grouped by the partitions that hold their
   texts, each group verified on a worker that gets only those texts;
   recurring passages are placed in their first document the same way;
4. families, sources and --keep's choices on the driver, from the verified
   pairs, written by the writer `retold dedup` uses.

Output files are those of `retold dedup`: pairs.jsonl, clusters.jsonl,
recurring.jsonl, documents.jsonl, and --keep's JSONL.
"""
import argparse
import json
import logging
import operator
import os
import sys

import dask
import dask.bag as db
from dask import delayed

from . import Comparer, _core, lexicon_path

UINT64_MAX = (1 << 64) - 1

_comparers = {}


def _comparer(mode, lexicon):
    """One Comparer per worker process and mode (the lexicon is mapped once)."""
    key = (mode, lexicon)
    if key not in _comparers:
        _comparers[key] = Comparer(lexicon=lexicon, lexical_only=(mode == "lexical"))
    return _comparers[key]


def _fields(record, fields, where):
    id_field, text_field, date_field = fields
    if not isinstance(record, dict):
        raise ValueError("%s: not a JSON object" % where)
    for field in (id_field, text_field):
        if not isinstance(record.get(field), str):
            raise ValueError('%s: field "%s" is missing or not a string' % (where, field))
    date = record.get(date_field) if date_field else None
    return record[id_field], record[text_field], "" if date is None else str(date)


def _print_partition(records, offset, mode, lexicon, fields):
    """Stage 1 on one partition: (id, date, bytes, fingerprint) per record,
    and in full mode the partition's word counts (for naming originals)."""
    comparer = _comparer(mode, lexicon)
    rows = [_fields(record, fields, "record %d" % (offset + k + 1)) for k, record in enumerate(records)]
    try:
        prints, counts = comparer._core.fingerprint_many([text for _, text, _ in rows], mode == "lexical")
    except ValueError:
        for k, (id_, text, _) in enumerate(rows):  # which record it was
            try:
                comparer.fingerprint(text)
            except ValueError as e:
                raise ValueError("record %d (id %s): %s" % (offset + k + 1, id_, e)) from None
        raise
    return [(id_, date, len(text.encode("utf-8")), f) for (id_, text, date), f in zip(rows, prints)], counts


def _meta(printed):
    return [(id_, date, size, f.content_hash) for id_, date, size, f in printed[0]]


def _prints(printed):
    return [f for _, _, _, f in printed[0]]


def _word_counts(*printed):
    return _core.merge_word_counts([p[1] for p in printed])


# The candidate steps by name: tasks are pickled by reference to these
# module functions (compiled functions themselves do not pickle).
def _key_parts(printed, first_doc, skip, lexical_only, parts):
    return tuple(_core.candidate_key_parts(_prints(printed), first_doc, skip, lexical_only, parts))


def _scan_key_part(blobs, lexical_only, pair_parts):
    return tuple(_core.scan_key_part(blobs, lexical_only, pair_parts))


def _merge_pair_part(blobs, lexical_only):
    return _core.merge_pair_part(blobs, lexical_only)


def _join_recurring(blobs):
    return _core.join_recurring(blobs)


def _select_texts(records, offset, wanted, fields):
    """The texts of the wanted documents of one partition, by index."""
    out = {}
    for k, record in enumerate(records):
        if offset + k in wanted:
            out[offset + k] = record[fields[1]]
    return out


def _merged(text_maps):
    texts = {}
    for m in text_maps:
        texts.update(m)
    return texts


def _sample_counts(mode, lexicon, texts, documents):
    """Word counts of the given documents of one partition's texts."""
    return _comparer(mode, lexicon)._core.count_words([texts[d] for d in sorted(documents)])


def _merge_counts(*counts):
    return _core.merge_word_counts(list(counts))


def _verify_group(pairs, mode, lexicon, dates, word_counts, *text_maps):
    return _comparer(mode, lexicon)._core.verify_pairs(pairs, _merged(text_maps), dates, word_counts)


def _place_group(passages, mode, lexicon, *text_maps):
    texts = _merged(text_maps)
    comparer = _comparer(mode, lexicon)
    return [(documents, *comparer._core.place_recurring(sentences, texts[documents[0]], mode == "lexical"))
            for documents, sentences in passages]


def _kept_records(records, offset, dropped):
    """--keep from a bag: the kept records as given, every field kept."""
    return [json.dumps(r, ensure_ascii=False) for k, r in enumerate(records) if offset + k not in dropped]


def _kept_piece(piece, fields, dropped_ids):
    """--keep from the inputs: the kept lines as `retold dedup --keep` writes them."""
    path, begin, end, first_line = piece
    return _core.kept_lines(path, begin, UINT64_MAX if end is None else end, first_line, fields[0], fields[1],
                            fields[2] or "", dropped_ids)


def dedup(bag, out, mode="full", keep=None, id_field="id", text_field="text", date_field=None,
          lexicon=None, pairs_per_task=2000, keep_from=None):
    """Deduplicates a dask bag of records (dicts) into the folder `out`.

    keep: a path for --keep's JSONL. With keep_from, (pieces, (id_field,
    text_field, date_field)) as the bag was read (input_pieces,
    read_pieces), kept records are read again from the inputs and written
    as `retold dedup --keep` writes them (JSONL lines as they were);
    otherwise each kept record of the bag as JSON.

    Runs on the current Dask scheduler (a distributed Client if one is
    active). Returns a dict of counts. Raises ValueError naming the record
    on bad input, as `retold dedup` does.
    """
    if mode not in ("full", "lexical"):
        raise ValueError("mode must be 'full' or 'lexical'")
    lexicon = "" if mode == "lexical" else os.fspath(lexicon or lexicon_path())
    fields = (id_field, text_field, date_field)
    os.makedirs(out, exist_ok=True)

    parts = bag.to_delayed()
    counts = dask.compute(*[delayed(len)(p) for p in parts])
    offsets = [sum(counts[:i]) for i in range(len(counts))]
    part_of = []
    for i, n in enumerate(counts):
        part_of.extend([i] * n)

    # 1. Fingerprints, on the workers, where they stay; the driver gets ids,
    # dates, sizes and content hashes.
    printed = dask.persist(*[delayed(_print_partition)(p, o, mode, lexicon, fields)
                             for p, o in zip(parts, offsets)])
    meta = dask.compute(*[delayed(_meta)(x) for x in printed])
    ids, dates, sizes, hashes = [], [], [], []
    for chunk in meta:
        for id_, date, size, h in chunk:
            ids.append(id_)
            dates.append(date)
            sizes.append(size)
            hashes.append(h)
    del meta
    seen_ids, first_with_hash, exact = {}, {}, []
    twins = [[] for _ in parts]
    for d, id_ in enumerate(ids):
        if id_ in seen_ids:
            raise ValueError('record %d: duplicate id "%s" (first seen as document %d)'
                             % (d + 1, id_, seen_ids[id_] + 1))
        seen_ids[id_] = d
        if hashes[d] in first_with_hash:
            exact.append((first_with_hash[hashes[d]], d))
            twins[part_of[d]].append(d)  # its twin stands for it in candidate search
        else:
            first_with_hash[hashes[d]] = d
    del hashes, seen_ids, first_with_hash

    # 2. Candidate search: keys shuffled by part of the key space, then pair
    # evidence shuffled by pair (retold/candidates.h, the steps).
    lexical_only = mode == "lexical"
    key_parts = pair_parts = max(1, len(parts))
    keys = [delayed(_key_parts, nout=key_parts)(x, o, twins[i], lexical_only, key_parts)
            for i, (x, o) in enumerate(zip(printed, offsets))]
    scanned = [delayed(_scan_key_part, nout=2)([k[j] for k in keys], lexical_only, pair_parts)
               for j in range(key_parts)]
    merged = [delayed(_merge_pair_part)([delayed(operator.getitem)(s[0], q) for s in scanned], lexical_only)
              for q in range(pair_parts)]
    # The corpus's word counts (full mode), summed over the partitions, stay
    # on the cluster for verification; lexical mode counts a sample below.
    word_counts = None
    if not lexical_only:
        (word_counts,) = dask.persist(delayed(_word_counts)(*printed))
    results = dask.compute(*merged, delayed(_join_recurring)([s[1] for s in scanned]))
    candidates = sorted(pair for part in results[:-1] for pair in part)
    recurring = results[-1]
    del printed, keys, scanned, merged

    # 3. Verification and placing, grouped by the partitions holding the texts.
    wanted = {}
    for a, b in candidates + exact:
        wanted.setdefault(part_of[a], set()).add(a)
        wanted.setdefault(part_of[b], set()).add(b)
    for documents, _ in recurring:
        wanted.setdefault(part_of[documents[0]], set()).add(documents[0])
    texts = {i: delayed(_select_texts)(parts[i], offsets[i], frozenset(w), fields)
             for i, w in wanted.items()}
    date_of = {d: dates[d] for d in range(len(ids)) if dates[d]}
    if lexical_only:
        # Lexical mode has no corpus counts: the documents of candidate
        # pairs stand in for the corpus, as in `retold dedup`, to name the
        # sources of whole copies their texts leave open.
        verified_docs = {}
        for pair in candidates:
            for d in pair:
                verified_docs.setdefault(part_of[d], set()).add(d)
        (word_counts,) = dask.persist(delayed(_merge_counts)(
            *[delayed(_sample_counts)(mode, lexicon, texts[p], frozenset(docs))
              for p, docs in sorted(verified_docs.items())]))
    groups = {}
    for a, b in sorted(candidates, key=lambda p: (part_of[p[0]], part_of[p[1]], p)):
        groups.setdefault((part_of[a], part_of[b]), []).append((a, b))
    tasks = []
    for (pa, pb), pairs in sorted(groups.items()):
        needed = [texts[pa]] + ([texts[pb]] if pb != pa else [])
        for k in range(0, len(pairs), pairs_per_task):
            chunk = pairs[k:k + pairs_per_task]
            chunk_dates = {d: date_of[d] for pair in chunk for d in pair if d in date_of}
            tasks.append(delayed(_verify_group)(chunk, mode, lexicon, chunk_dates, word_counts, *needed))
    by_part = {}
    for documents, sentences in recurring:
        by_part.setdefault(part_of[documents[0]], []).append((documents, sentences))
    placing = [delayed(_place_group)(passages, mode, lexicon, texts[p]) for p, passages in by_part.items()]
    results = dask.compute(*tasks, *placing)
    verified, placed = results[:len(tasks)], results[len(tasks):]

    # 4. Families and outputs, on the driver.
    assembly = _core.Assembly(ids, dates, sizes)
    for lines in verified:
        assembly.add_verified(lines)
    assembly.add_exact(exact)
    order = {tuple(documents): k for k, (documents, _) in enumerate(recurring)}
    placed_all = sorted((p for group in placed for p in group), key=lambda p: order[tuple(p[0])])
    for documents, spans, text in placed_all:
        assembly.add_recurring(documents, spans, text)
    members = assembly.build()
    member_parts = {}
    for m in members:
        member_parts.setdefault(part_of[m], set()).add(m)
    member_texts = {}
    for chunk in dask.compute(*[delayed(_select_texts)(parts[p], offsets[p], frozenset(w), fields)
                                for p, w in member_parts.items()]):
        member_texts.update(chunk)
    assembly.set_member_texts(member_texts)
    assembly.write(out)
    kept = None
    if keep:
        dropped = frozenset(assembly.dropped())
        if keep_from is not None:
            pieces, input_fields = keep_from
            dropped_ids = {ids[d] for d in dropped}
            lines = dask.compute(*[delayed(_kept_piece)(piece, input_fields, dropped_ids) for piece in pieces])
        else:
            lines = dask.compute(*[delayed(_kept_records)(p, o, dropped) for p, o in zip(parts, offsets)])
        tmp = keep + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            kept = 0
            for chunk in lines:
                for line in chunk:
                    f.write(line + "\n")
                    kept += 1
        os.replace(tmp, keep)
    return {"documents": len(ids), "candidate_pairs": len(candidates) + len(exact),
            "pairs": assembly.pairs, "recurring": len(recurring), "kept": kept}


def _is_plain_file(path):
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        magic = f.read(4)
    return not (magic[:2] == b"\x1f\x8b" or magic == b"\x28\xb5\x2f\xfd")


def _split_plain(path, pieces):
    """Byte ranges of a plain JSONL file that begin at line starts, with the
    line number each begins at: about `pieces` of them."""
    size = os.path.getsize(path)
    starts = [0]
    with open(path, "rb") as f:
        for k in range(1, pieces):
            f.seek(max(starts[-1], size * k // pieces))
            if f.tell() > 0:
                f.seek(f.tell() - 1)
                f.readline()  # to the start of the next line
            if f.tell() >= size:
                break
            if f.tell() > starts[-1]:
                starts.append(f.tell())
        ranges, line = [], 1
        for begin, end in zip(starts, starts[1:] + [size]):
            ranges.append((begin, end, line))
            f.seek(begin)
            remaining = end - begin
            while remaining > 0:
                block = f.read(min(remaining, 1 << 24))
                line += block.count(b"\n")
                remaining -= len(block)
    return ranges


def _read_piece(path, begin, end, first_line, fields):
    id_field, text_field, date_field = fields
    if end is None:
        return _core.read_corpus([path], id_field, text_field, date_field or "")
    return _core.read_corpus([path], id_field, text_field, date_field or "", begin, end, first_line)


def input_pieces(inputs, npartitions):
    """How the workers share what `retold dedup` reads: (path, begin, end,
    first line) for each piece, a plain JSONL file in byte ranges cut at
    line starts (about npartitions in all), a compressed file or a directory
    of .txt whole (end None)."""
    inputs = [os.fspath(i) for i in inputs]
    if "-" in inputs:
        raise ValueError("-: standard input cannot be shared with Dask workers; save it to a file")
    plain = [p for p in inputs if _is_plain_file(p)]
    total = sum(os.path.getsize(p) for p in plain) or 1
    pieces = []
    for path in inputs:
        if path in plain:
            n = max(1, round(npartitions * os.path.getsize(path) / total))
            pieces.extend((path, begin, end, line) for begin, end, line in _split_plain(path, n))
        else:
            pieces.append((path, 0, None, 1))
    return pieces


def read_pieces(pieces, id_field="id", text_field="text", date_field=None):
    """A bag of records ({"id", "text", "date"}), one partition a piece, read
    on the workers by the library's corpus reader. Bad records raise
    ValueError with "file:line: ..." when the bag is computed."""
    fields = (id_field, text_field, date_field)
    return db.from_delayed([delayed(_read_piece)(*piece, fields) for piece in pieces])


def read_inputs(inputs, npartitions, id_field="id", text_field="text", date_field=None):
    """read_pieces(input_pieces(inputs, npartitions), ...)."""
    return read_pieces(input_pieces(inputs, npartitions), id_field, text_field, date_field)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m retold.dask", description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    ap.add_argument("--out", required=True)
    ap.add_argument("--scheduler", help="address of a running dask-scheduler (default: a local cluster)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="worker processes of the local cluster")
    ap.add_argument("--mode", choices=("full", "lexical"), default="full")
    ap.add_argument("--keep")
    ap.add_argument("--partitions", type=int, default=0, help="default: 4 per worker")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--date-field")
    args = ap.parse_args(argv)
    for path in args.inputs:
        if not os.path.exists(path):
            print("retold: %s: no such file or directory" % path, file=sys.stderr)
            return 2
    from distributed import Client, LocalCluster
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        # Workers' own logs would repeat an input error, and a shutdown after
        # one logs the tasks it cut short: the error is reported once, here.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.CRITICAL)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info()["workers"]))
        pieces = input_pieces(args.inputs, args.partitions or 4 * workers)
        bag = read_pieces(pieces, args.id_field, args.text_field, args.date_field)
        stats = dedup(bag, args.out, mode=args.mode, keep=args.keep, id_field="id", text_field="text",
                      date_field="date" if args.date_field else None,
                      keep_from=(pieces, (args.id_field, args.text_field, args.date_field)))
    except ValueError as e:
        print("retold: %s" % e, file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print("documents      %d" % stats["documents"])
    print("candidates     %d pairs verified" % stats["candidate_pairs"])
    print("derived pairs  %d" % stats["pairs"])
    print("recurring      %d passages found in many documents" % stats["recurring"])
    if stats["kept"] is not None:
        print("kept           %d documents -> %s" % (stats["kept"], args.keep))
    print("output         %s/pairs.jsonl, clusters.jsonl, recurring.jsonl, documents.jsonl" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
