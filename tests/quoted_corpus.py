"""A corpus where only the other documents tell a spun copy's original:
the original, its spin (sample/rewritten.txt), and 24 stories that each
quote two of the original's paragraphs between text of their own, so the
original's words are the corpus's and the spinner's substitutes are not.
No dates. Lexical mode, which has no corpus-wide word counts, must name
the original from the documents it verifies.

    python3 tests/quoted_corpus.py REPO_ROOT OUT.jsonl

Used by tests/families_test.sh and tests/python/test_retold.py."""
import json
import os
import random
import sys


def write(root, path):
    def read(name):
        with open(os.path.join(root, "sample", name), encoding="utf-8") as f:
            return f.read()
    original = read("original.txt")
    paragraphs = original.split("\n\n")
    rng = random.Random(9)
    words = "harbour council budget river orchard violin glacier pottery senate railway".split()

    def own():
        return " ".join(rng.choice(words).capitalize() + " " + " ".join(
            rng.choice(words) + str(rng.randrange(99)) for _ in range(12)) + "." for _ in range(4))
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "orig", "text": original}) + "\n")
        f.write(json.dumps({"id": "spun", "text": read("rewritten.txt")}) + "\n")
        for i in range(24):
            k = i % (len(paragraphs) - 1)
            text = "\n\n".join([own(), paragraphs[k], paragraphs[k + 1], own()])
            f.write(json.dumps({"id": "quoting-%d" % i, "text": text}) + "\n")


if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2])
