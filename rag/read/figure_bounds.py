"""The bound a report puts on a figure (`more than US$80 billion`, `nearly 30`, `超过40%`, `30多个`): a figure so
printed is a bound, and the answer says so. The bound words are data (`rag/data/figure_bounds.tsv`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.text.glossary import has_cjk
from rag.text.numbers import Quantity
from rag.text.wordlists import read_pairs

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "figure_bounds.tsv"
KINDS = ("over", "under", "about", "nearly")


@lru_cache(maxsize=1)
def bound_words() -> tuple[tuple[str, str, bool], ...]:
    """(kind, word, after the figure) of every bound word, the longest first (`close to` before `to`)."""
    rows = []
    for kind, word in read_pairs(WORDS_PATH, "figure bounds"):
        kind, word = kind.strip(), word.strip().lower()
        if kind not in KINDS:
            raise ValueError(f"figure bounds {WORDS_PATH}: unknown kind {kind!r}; expected one of {KINDS}")
        after = word.endswith("_")
        rows.append((kind, word.rstrip("_"), after))
    return tuple(sorted(rows, key=lambda row: -len(row[1])))


def figure_bound(sentence: str, quantity: Quantity) -> str:
    """The kind of bound printed right before the figure (`more than`, `近`) or, in Chinese, right after it (`以上`,
    `多`); "" for a figure stated as it is."""
    before = sentence[: quantity.start].rstrip().lower()
    after = sentence[quantity.end :].lstrip()
    for kind, word, follows in bound_words():
        if follows:
            if after.startswith(word):
                return kind
        elif has_cjk(word):
            if before.endswith(word):
                return kind
        elif re.search(rf"(?:^|\W){re.escape(word)}$", before):
            return kind
    return ""
