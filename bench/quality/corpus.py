"""Readers for the evaluation data in ../shared/data (never copied into the repo)."""
import csv
import html
import os
import re

_DOC = re.compile(r"<REUTERS(.*?)</REUTERS>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TOPICS = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_D = re.compile(r"<D>(.*?)</D>")
_NEWID = re.compile(r'NEWID="(\d+)"')
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)


def clean_body(raw):
    """Unescapes SGML entities, unwraps hard-wrapped lines into paragraphs
    (a paragraph starts with an indented line), drops the 'Reuter' sign-off."""
    text = html.unescape(raw)
    text = re.sub(r"[\x00-\x08\x0b-\x1f]", "", text)
    text = re.sub(r"\s*reuter\s*$", "", text.strip(), flags=re.I)
    paragraphs = re.split(r"\n\s{2,}|\n\s*\n", text)
    paragraphs = [" ".join(p.split()) for p in paragraphs]
    return "\n\n".join(p for p in paragraphs if p)


def reuters(data_dir):
    """Yields dicts: id, title, topics (list), body (cleaned), raw_body."""
    folder = os.path.join(data_dir, "reuters21578")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".sgm"):
            continue
        with open(os.path.join(folder, name), encoding="latin-1") as f:
            data = f.read()
        for m in _DOC.finditer(data):
            chunk = m.group(1)
            body = _BODY.search(chunk)
            if not body:
                continue
            topics = _TOPICS.search(chunk)
            title = _TITLE.search(chunk)
            yield {
                "id": "reuters-" + _NEWID.search(chunk).group(1),
                "title": html.unescape(title.group(1)) if title else "",
                "topics": _D.findall(topics.group(1)) if topics else [],
                "body": clean_body(body.group(1)),
            }


def clough_stevenson(data_dir):
    """Yields (answer_path, source_path, category) for every answer."""
    folder = os.path.join(data_dir, "clough-stevenson-short-answers")
    with open(os.path.join(folder, "file_information.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Category"] == "orig":
                continue
            task = row["Task"]
            yield (os.path.join(folder, row["File"]),
                   os.path.join(folder, "orig_task%s.txt" % task), row["Category"])


_SENTENCE = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<![ .][A-Z]\.)(?<!Mr\.)(?<!Mrs\.)(?<!Dr\.)"
                       r"(?<=[.!?])[\"')]*\s+(?=[\"'(]?[A-Z0-9])")


def sentences(text):
    """Splits text into sentence strings (paragraph breaks also split)."""
    out = []
    for paragraph in text.split("\n\n"):
        out.extend(s.strip() for s in _SENTENCE.split(paragraph) if s.strip())
    return out


def word_ngrams(text, n):
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
