"""The two sides a question names (`rag/data/operand_sides.tsv`: the words before `than`, and those after it), as
the question's own text. Kept apart from `clause_operands` so that alignment checks may judge each side alone."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.question import Question
from rag.text.wordlists import read_pairs

SIDES_PATH = Path(__file__).resolve().parents[1] / "data" / "operand_sides.tsv"


@lru_cache(maxsize=8)
def side_patterns(split: str = "split", path: Path = SIDES_PATH) -> tuple[re.Pattern[str], ...]:
    """The expressions of one kind (`split`, `rest`, `portion`) as written (lower-casing would break their
    `(?P<a>...)` groups)."""
    return tuple(re.compile(word.strip()) for key, word in read_pairs(path, "operand sides") if key == split)


def sides_text(question: Question, split: str = "split") -> tuple[str, str] | None:
    """The question's two sides as the first expression of `split` that matches finds them, or None."""
    return _sides_text(question.text, split)


@lru_cache(maxsize=1024)
def _sides_text(text: str, split: str) -> tuple[str, str] | None:
    """`sides_text` of a question's text, read once: the alignment checks ask it again for every candidate figure."""
    low = text.lower()
    for pattern in side_patterns(split):
        found = pattern.search(low)
        if found is not None:
            # the question's own letters (lower-casing keeps their places): entity names keep their case
            return text[found.start("a") : found.end("a")], text[found.start("b") : found.end("b")]
    return None
