#!/usr/bin/env python3
"""Quality harness for `retold compare`.

Builds disguised copies of Reuters-21578 stories and negative pairs from
../shared/data, runs `retold compare --pairs --json` on all of them, and prints
recall per derived kind, false-positive rate per negative kind and the
character-level passage F1 (precision and recall of the reported byte spans
against where the copied text really is, on both sides).

    python3 bench/quality/run.py [--data ../shared/data] [--per-kind 150]

Generated cases are cached in build/quality-cache (Apertium is slow); delete
it to regenerate. Not part of the test suite: it measures, it does not pass
or fail.
"""
import argparse
import collections
import json
import math
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import generators as gen  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

DERIVED = ["exact", "light_edit", "shuffled", "condensed", "spin30", "spin60", "spin80",
           "mt_es", "mt_ca", "mt_es_x2", "mt_ca_x2", "mt_es_spin", "mt_es_x2_spin",
           "excerpt_2_3", "excerpt_30_50"]
NEGATIVE = ["random", "same_topic", "template"]
# Across languages (issue 10): the copy is a one-way Apertium translation.
CROSS = ["xl_es", "xl_ca", "xl_excerpt_es", "xl_same_topic"]


class Case:
    def __init__(self, kind, a, b, gold_a, gold_b, positive, host=None):
        self.kind, self.a, self.b = kind, a, b
        self.gold_a, self.gold_b, self.positive = gold_a, gold_b, positive
        self.host = host  # for excerpts: the text the excerpt was put into


def whole(text):
    return [(0, len(text.encode("utf-8")))]


def byte_span(text, start, end):
    return (len(text[:start].encode("utf-8")), len(text[:end].encode("utf-8")))


def paragraphs_of(sents, per=3):
    return "\n\n".join(" ".join(sents[i:i + per]) for i in range(0, len(sents), per))


def shares_run(a, b, n=8):
    return bool(corpus.word_ngrams(a, n) & corpus.word_ngrams(b, n))


def load_pool(data_dir):
    docs, seen = [], set()
    for d in corpus.reuters(data_dir):
        key = " ".join(d["body"].split())
        if key in seen:
            continue
        seen.add(key)
        d["sents"] = corpus.sentences(d["body"])
        d["words"] = len(d["body"].split())
        docs.append(d)
    news = [d for d in docs if 150 <= d["words"] <= 700 and len(d["sents"]) >= 6]
    template = [d for d in docs if re.search(r"\bShr\b", d["body"]) and " vs " in d["body"]
                and d["words"] < 150]
    return news, template


def tfidf(docs):
    df = collections.Counter()
    bags = []
    for d in docs:
        bag = collections.Counter(w for w in re.findall(r"[a-z]{3,}", d["body"].lower())
                                  if w not in gen.STOP)
        bags.append(bag)
        df.update(bag.keys())
    n = len(docs)
    vectors = []
    for bag in bags:
        v = {w: (1 + math.log(c)) * math.log(n / df[w]) for w, c in bag.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return vectors


def cosine(u, v):
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(w, 0.0) for w, x in u.items())


def build_cases(news, template, per_kind, rng, thesaurus):
    cases = []
    sources = rng.sample(news, per_kind)
    add = lambda kind, a, b, ga, gb: cases.append(Case(kind, a, b, ga, gb, True))

    for d in sources:
        text = paragraphs_of(d["sents"])
        add("exact", text, text, whole(text), whole(text))
        edited = gen.light_edit(text, rng)
        add("light_edit", text, edited, whole(text), whole(edited))
        shuffled = paragraphs_of(gen.shuffle_sentences(d["sents"], rng))
        add("shuffled", text, shuffled, whole(text), whole(shuffled))
        keep, short = gen.condense(d["sents"], rng)
        condensed = paragraphs_of(short)
        gold_src = []
        for i in keep:
            start = text.find(d["sents"][i])
            gold_src.append(byte_span(text, start, start + len(d["sents"][i])))
        add("condensed", text, condensed, gold_src, whole(condensed))
        for share in (30, 60, 80):
            spun = gen.spin(text, share / 100.0, thesaurus, rng)
            add("spin%d" % share, text, spun, whole(text), whole(spun))

    texts = [paragraphs_of(d["sents"]) for d in sources]
    sys.stderr.write("translating %d documents with Apertium...\n" % len(texts))
    es1 = gen.round_trip(texts, "spa")
    es2 = gen.round_trip(es1, "spa")
    ca1 = gen.round_trip(texts, "cat")
    ca2 = gen.round_trip(ca1, "cat")
    for i, text in enumerate(texts):
        for kind, out in (("mt_es", es1[i]), ("mt_ca", ca1[i]), ("mt_es_x2", es2[i]),
                          ("mt_ca_x2", ca2[i])):
            add(kind, text, out, whole(text), whole(out))
        spun = gen.spin(es1[i], 0.3, thesaurus, rng)
        add("mt_es_spin", text, spun, whole(text), whole(spun))
        spun2 = gen.spin(es2[i], 0.3, thesaurus, rng)
        add("mt_es_x2_spin", text, spun2, whole(text), whole(spun2))

    hosts = [d for d in news if len(d["sents"]) >= 8]
    for kind in ("excerpt_2_3", "excerpt_30_50"):
        for d in sources:
            host = rng.choice(hosts)
            while host is d or shares_run(host["body"], d["body"]):
                host = rng.choice(hosts)
            s = d["sents"]
            if kind == "excerpt_2_3":
                length = rng.choice((2, 3))
            else:
                length = max(2, int(round(len(s) * rng.uniform(0.3, 0.5))))
            first = rng.randrange(0, len(s) - length + 1)
            excerpt = " ".join(s[first:first + length])
            source = paragraphs_of(s)
            h = host["sents"]
            cut = rng.randrange(2, len(h) - 1)
            before, after = paragraphs_of(h[:cut]), paragraphs_of(h[cut:])
            host_text = before + "\n\n" + excerpt + "\n\n" + after
            hs = len(before) + 2
            src_start = source.find(s[first])
            src_end = source.find(s[first + length - 1]) + len(s[first + length - 1])
            add(kind, source, host_text, [byte_span(source, src_start, src_end)],
                [byte_span(host_text, hs, hs + len(excerpt))])
            cases[-1].host = paragraphs_of(h)

    # Negatives: nothing copied, so any reported passage is a false positive.
    neg = lambda kind, a, b: cases.append(Case(kind, a, b, [], [], False))
    for _ in range(per_kind):
        x, y = rng.sample(news, 2)
        if not shares_run(x["body"], y["body"]):
            neg("random", paragraphs_of(x["sents"]), paragraphs_of(y["sents"]))
    by_topic = collections.defaultdict(list)
    for d in news:
        if d["topics"]:
            by_topic[d["topics"][0]].append(d)
    vectors = dict(zip((id(d) for d in news), tfidf(news)))
    made = 0
    for d in rng.sample(news, len(news)):
        if made >= per_kind:
            break
        group = by_topic.get(d["topics"][0] if d["topics"] else None, [])
        pool = rng.sample(group, min(len(group), 300))
        scored = sorted(((cosine(vectors[id(d)], vectors[id(o)]), id(o), o) for o in pool
                         if o is not d), reverse=True)
        for score, _, o in scored[:10]:
            if score < 0.25 or score > 0.9:
                continue
            if not shares_run(d["body"], o["body"]):
                neg("same_topic", paragraphs_of(d["sents"]), paragraphs_of(o["sents"]))
                made += 1
                break
    made = 0
    while made < per_kind:
        x, y = rng.sample(template, 2)
        if x["title"].split()[0] == y["title"].split()[0]:
            continue
        jx, jy = corpus.word_ngrams(x["body"], 5), corpus.word_ngrams(y["body"], 5)
        if jx and jy and len(jx & jy) / len(jx | jy) > 0.3:
            continue
        neg("template", x["body"], y["body"])
        made += 1
    return cases


def build_cross_cases(cases):
    """Cross-language kinds, made from the English cases: stories against
    their Spanish and Catalan translations, a Spanish translation of an
    excerpt inside an English host, and a Spanish translation of a story
    against an English story of the same topic (a negative)."""
    out = []
    sources = [c.a for c in cases if c.kind == "exact"]
    sys.stderr.write("translating %d documents one way with Apertium...\n" % len(sources))
    for kind, pair in (("xl_es", "eng-spa"), ("xl_ca", "eng-cat")):
        for text, translated in zip(sources, gen.apertium_batch(sources, pair)):
            out.append(Case(kind, text, translated, whole(text), whole(translated), True))
    excerpts = [c for c in cases if c.kind == "excerpt_2_3"]
    pieces = []
    for c in excerpts:
        host = c.b.encode("utf-8")
        start, end = c.gold_b[0]
        pieces.append(host[start:end].decode("utf-8"))
    for c, piece, translated in zip(excerpts, pieces, gen.apertium_batch(pieces, "eng-spa")):
        host = c.b.encode("utf-8")
        before = host[:c.gold_b[0][0]].decode("utf-8")
        after = host[c.gold_b[0][1]:].decode("utf-8")
        text = before + translated + after
        out.append(Case("xl_excerpt_es", c.a, text, c.gold_a,
                        [byte_span(text, len(before), len(before) + len(translated))], True))
    same = [c for c in cases if c.kind == "same_topic"]
    for c, translated in zip(same, gen.apertium_batch([c.a for c in same], "eng-spa")):
        out.append(Case("xl_same_topic", translated, c.b, [], [], False))
    return out


def write_cases(cases, folder):
    os.makedirs(folder, exist_ok=True)
    lines = []
    for i, c in enumerate(cases):
        pa = os.path.join(folder, "%05d_%s_a.txt" % (i, c.kind))
        pb = os.path.join(folder, "%05d_%s_b.txt" % (i, c.kind))
        for path, text in ((pa, c.a), (pb, c.b)):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        lines.append(pa + "\t" + pb)
    return lines


def span_f1(found, gold, text_len):
    """Character-level F1 of one side (byte offsets)."""
    def mark(spans):
        covered = bytearray(text_len)
        for s, e in spans:
            covered[max(0, s):min(text_len, e)] = b"\x01" * (min(text_len, e) - max(0, s))
        return covered
    f, g = mark(found), mark(gold)
    both = sum(1 for x, y in zip(f, g) if x and y)
    nf, ng = sum(f), sum(g)
    if nf == 0 or ng == 0:
        return 0.0
    p, r = both / nf, both / ng
    return 0.0 if both == 0 else 2 * p * r / (p + r)


def run_retold(binary, lines, folder):
    list_path = os.path.join(folder, "pairs.tsv")
    with open(list_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    out = subprocess.run([binary, "compare", "--pairs", list_path, "--json"], capture_output=True,
                         text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "retold"))
    ap.add_argument("--per-kind", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1987)
    ap.add_argument("--cache", default=os.path.join(ROOT, "build", "quality-cache"))
    ap.add_argument("--show", default="", help="print the verdicts of this kind's failures")
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        print("quality: no data at %s; nothing measured" % args.data)
        return 0
    folder = os.path.join(args.cache, "seed%d_n%d" % (args.seed, args.per_kind))
    manifest = os.path.join(folder, "cases.json")
    if os.path.exists(manifest):
        with open(manifest) as f:
            cases = [Case(**c) for c in json.load(f)]
    else:
        rng = random.Random(args.seed)
        news, template = load_pool(args.data)
        sys.stderr.write("pool: %d news stories, %d template reports\n" % (len(news), len(template)))
        cases = build_cases(news, template, args.per_kind, rng, gen.Thesaurus())
        os.makedirs(folder, exist_ok=True)
        with open(manifest, "w") as f:
            json.dump([c.__dict__ for c in cases], f)
    cross_manifest = os.path.join(folder, "cross.json")
    if os.path.exists(cross_manifest):
        with open(cross_manifest) as f:
            cases += [Case(**c) for c in json.load(f)]
    else:
        cross = build_cross_cases(cases)
        with open(cross_manifest, "w") as f:
            json.dump([c.__dict__ for c in cross], f)
        cases += cross
    lines = write_cases(cases, os.path.join(folder, "files"))
    for answer, source, category in corpus.clough_stevenson(args.data):
        lines.append(source + "\t" + answer)
        cases.append(Case("cs_" + category, None, None, [], [], category != "non"))
    results = run_retold(args.binary, lines, folder)

    rows = collections.OrderedDict()
    for c, r in zip(cases, results):
        row = rows.setdefault(c.kind, {"n": 0, "hit": 0, "f1": 0.0, "verdicts": collections.Counter(),
                                       "positive": c.positive, "miss": []})
        row["n"] += 1
        verdict = r.get("verdict", "error")
        row["verdicts"][verdict] += 1
        hit = verdict not in ("unrelated", "error")
        row["hit"] += hit
        if hit != c.positive:
            row["miss"].append((r.get("a"), r.get("b"), verdict, r.get("score"), r.get("coverage")))
        if c.positive and c.a is not None:
            pa = [tuple(p["a"]) for p in r.get("passages", [])]
            pb = [tuple(p["b"]) for p in r.get("passages", [])]
            fa = span_f1(pa, c.gold_a, len(c.a.encode("utf-8")))
            fb = span_f1(pb, c.gold_b, len(c.b.encode("utf-8")))
            row["f1"] += (fa + fb) / 2

    print("%-16s %5s %8s %8s  %s" % ("kind", "n", "rate", "span F1", "verdicts"))
    print("%-16s %5s %8s %8s" % ("", "", "(recall", ""))
    print("%-16s %5s %8s %8s" % ("", "", " or FPR)", ""))
    total_f1, total_n = 0.0, 0
    for kind, row in rows.items():
        rate = row["hit"] / row["n"]
        f1 = row["f1"] / row["n"] if row["positive"] and not kind.startswith("cs_") else None
        if f1 is not None:
            total_f1 += row["f1"]
            total_n += row["n"]
        label = "recall" if row["positive"] else "FPR"
        verdicts = " ".join("%s:%d" % kv for kv in row["verdicts"].most_common())
        print("%-16s %5d %6.3f %-6s %8s  %s" % (kind, row["n"], rate, label,
                                              "%.3f" % f1 if f1 is not None else "-", verdicts))
    if total_n:
        print("mean passage F1 over derived kinds: %.3f" % (total_f1 / total_n))
    if args.show and args.show in rows:
        for m in rows[args.show]["miss"][:20]:
            print("miss:", *m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
