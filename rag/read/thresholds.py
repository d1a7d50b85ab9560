"""Figures that set the size of a class of items, not an amount: `250 projects with an investment of more than
US$100 million`, `1亿美元以上的项目`. Each of the projects passes US$100 million; the report states no amount of
US$100 million. Such a figure answers no question about how much; the words that link a class to its size are data
(`rag/data/thresholds.tsv`), the bound words the `above` / `at_least` groups of `rag/data/operations.tsv`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.operations import operation_words
from rag.text.glossary import has_cjk
from rag.text.numbers import Quantity, extract_quantities
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "thresholds.tsv"
BOUND_WORDS_BEFORE = 4  # `an investment of more than` US$100 million: how far before a figure its bound may stand


@lru_cache(maxsize=1)
def threshold_words() -> dict[str, tuple[str, ...]]:
    """group -> its words (lower case); see `rag/data/thresholds.tsv`."""
    return grouped_words(WORDS_PATH, "threshold words")


def _bounds() -> tuple[str, ...]:
    words = operation_words()
    return tuple(w for group in ("above", "at_least") for w in words.get(group, ()))


_BREAK = re.compile(r"[,;:，；：。]|\band\b|\bwhile\b|和|及(?!以上)")


def class_threshold(sentence: str, quantity: Quantity) -> bool:
    """The figure is the bound the items of a class pass: in English a bound word right before it and, earlier in
    its own clause, a count and a linking word (`250 projects with an investment of more than US$100 million`); in
    Chinese `以上` and the items' noun right after it (`1亿美元以上的项目`, `超过1亿美元的项目`)."""
    if has_cjk(sentence[quantity.end : quantity.end + 4]):
        return _chinese_threshold(sentence, quantity)
    starts = [m.end() for m in _BREAK.finditer(sentence, 0, quantity.start)]
    clause = sentence[starts[-1] if starts else 0 : quantity.start].lower()
    near = " ".join(clause.split()[-BOUND_WORDS_BEFORE:])
    if not any(re.search(rf"\b{re.escape(word)}\b", near) for word in _bounds() if not has_cjk(word)):
        return False
    for link in threshold_words().get("class_link", ()):
        for match in re.finditer(rf"\b{re.escape(link)}\b", clause):
            if any(q.kind != "year" for q in extract_quantities(clause[: match.start()])):
                return True
    return False


def _chinese_threshold(sentence: str, quantity: Quantity) -> bool:
    after = sentence[quantity.end : quantity.end + 8]
    for word in threshold_words().get("class_after_zh", ()):
        if after.startswith(word):
            rest = after[len(word) :]
            return bool(rest) and has_cjk(rest[0])
    before = sentence[max(0, quantity.start - 3) : quantity.start]
    above = any(before.endswith(w) for w in _bounds() if has_cjk(w))
    return above and after.startswith("的") and len(after) > 1 and has_cjk(after[1])
