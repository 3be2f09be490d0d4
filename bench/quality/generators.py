"""Ways of disguising a copy, written for the quality harness.

The spinner uses the LibreOffice thesaurus (Debian mythes-en-us), not the
WordNet build the detector uses, and picks among all senses of a word, as
article spinners do. Translation round trips use Apertium (Debian apertium
with apertium-eng-spa and apertium-eng-cat)."""
import html
import os
import random
import re
import subprocess

STOP = set("""a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours ourselves
out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves said says""".split())

THESAURUS = "/usr/share/mythes/th_en_US_v2.dat"


class Thesaurus:
    def __init__(self, path=THESAURUS):
        self.synonyms = {}
        with open(path, encoding="utf-8", errors="replace") as f:
            f.readline()
            while True:
                head = f.readline()
                if not head:
                    break
                word, _, count = head.rstrip("\n").rpartition("|")
                options = []
                for _ in range(int(count)):
                    fields = f.readline().rstrip("\n").split("|")[1:]
                    options.extend(w for w in fields if "(" not in w and w.lower() != word)
                if options and " " not in word:
                    self.synonyms[word] = options

    def get(self, word):
        return self.synonyms.get(word.lower())


def _match_case(new, old):
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def spin(text, share, thesaurus, rng):
    """Replaces `share` of the replaceable content words with a thesaurus
    synonym (any sense). Names inside sentences and numbers are left alone,
    as spinners' dictionaries leave them."""
    tokens = re.split(r"(\W+)", text)
    candidates = []
    for i, tok in enumerate(tokens):
        if not tok or not tok[0].isalpha() or tok.lower() in STOP:
            continue
        prev = tokens[i - 1] if i > 0 else ""
        sentence_start = i == 0 or re.search(r"[.!?]\s*$|\n\s*$", prev)
        if tok[0].isupper() and not sentence_start:
            continue
        if thesaurus.get(tok):
            candidates.append(i)
    rng.shuffle(candidates)
    for i in candidates[:int(round(share * len(candidates)))]:
        tokens[i] = _match_case(rng.choice(thesaurus.get(tokens[i])), tokens[i])
    return "".join(tokens)


def apertium_batch(texts, pair):
    """Translates many texts in one Apertium run. The texts travel as HTML,
    whose tags Apertium passes through untouched, so a separator tag keeps
    them apart reliably."""
    sep = '<hr class="retold-sep"/>'
    def to_html(t):
        return "".join("<p>%s</p>" % html.escape(p, quote=False) for p in t.split("\n\n"))
    joined = sep.join(to_html(t) for t in texts)
    out = subprocess.run(["apertium", "-f", "html", "-u", pair], input=joined,
                         capture_output=True, text=True, check=True).stdout
    parts = out.split(sep)
    if len(parts) != len(texts):
        # Apertium occasionally swallows a separator; halve the batch and retry.
        if len(texts) == 1:
            raise RuntimeError("apertium %s failed on: %r" % (pair, texts[0][:200]))
        half = len(texts) // 2
        return apertium_batch(texts[:half], pair) + apertium_batch(texts[half:], pair)
    result = []
    for part in parts:
        paragraphs = re.findall(r"<p>(.*?)</p>", part, re.S)
        result.append("\n\n".join(" ".join(html.unescape(p).split()) for p in paragraphs))
    return result


def round_trip(texts, via, times=1):
    for _ in range(times):
        texts = apertium_batch(texts, "eng-" + via)
        texts = apertium_batch(texts, via + "-eng")
    return texts


def light_edit(text, rng):
    """A few typos, dropped and doubled words: what a careless copy editor does."""
    words = text.split(" ")
    out = []
    for w in words:
        r = rng.random()
        if r < 0.03 and len(w) > 3:
            k = rng.randrange(1, len(w) - 1)
            w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
        elif r < 0.05:
            continue
        elif r < 0.06:
            out.append(w)
        out.append(w)
    return " ".join(out)


def shuffle_sentences(sents, rng):
    s = list(sents)
    while len(s) > 2 and s == sents:
        rng.shuffle(s)
    return s


def condense(sents, rng):
    """Keeps about half the sentences, in order, and trims trailing clauses:
    a summary made by cutting. Returns (kept sentence indexes, new texts)."""
    keep = sorted(rng.sample(range(len(sents)), max(2, (len(sents) + 1) // 2)))
    out = []
    for i in keep:
        s = sents[i]
        parts = s.split(", ")
        if len(parts) > 2 and rng.random() < 0.5:
            s = ", ".join(parts[:-1]).rstrip(".") + "."
        out.append(s)
    return keep, out
