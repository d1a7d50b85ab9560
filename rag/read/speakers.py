"""Reported speech: the passages a person's words run through, though they do not name him.

A press report names its speaker once (`A, deputy director of B, said that ...:`) and then gives his points in
paragraphs of their own (`First, ...`, `Second, ...`). A question `according to A, ...` is about those paragraphs:
a passage is A's when the last sentence of its document at or before it that holds a reporting verb
(`rag/data/reporting_verbs.tsv`: `said`, `revealed`, 表示) names A.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.read.evidence import Evidence
from rag.read.matching import mentions
from rag.text.glossary import has_cjk
from rag.text.sentences import split_sentences
from rag.text.wordlists import grouped_words
from rag.types import Chunk

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "reporting_verbs.tsv"


@lru_cache(maxsize=1)
def reporting_verbs() -> tuple[str, ...]:
    return grouped_words(WORDS_PATH, "reporting verbs").get("verb", ())


def reports(sentence: str) -> bool:
    """The sentence holds a reporting verb (`said`, `表示`)."""
    low = sentence.lower()
    return any(
        verb in low if has_cjk(verb) else re.search(rf"(?<![a-z]){re.escape(verb)}(?![a-z])", low) is not None
        for verb in reporting_verbs()
    )


def last_report(chunk: Chunk, chunks: tuple[Chunk, ...]) -> str:
    """The last sentence holding a reporting verb in the prose of `chunk`'s document that starts at or before the
    passage's first line (its own first sentences included), or "" when there is none."""
    found: tuple[int, int, str] = (-1, -1, "")
    for other in chunks:
        if other.kind != "prose" or other.doc_name != chunk.doc_name or other.start_line > chunk.start_line:
            continue
        for at, sentence in enumerate(split_sentences(other.body)):
            if reports(sentence) and (other.start_line, at) > found[:2]:
                found = (other.start_line, at, sentence)
    return found[2]


def spoken_by(entity: str, chunk: Chunk, evidence: Evidence) -> bool:
    """The passage is reported speech of `entity`: the document's last reporting sentence at or before it names
    `entity` (`last_report`)."""
    if chunk.kind != "prose":
        return False
    report = last_report(chunk, evidence.index.chunks)
    return bool(report) and mentions(entity, report, evidence.glossary)
