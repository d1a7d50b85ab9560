"""Reported speech: the passages a person's words run through, though they do not name him.

A press report names its speaker once (`A, deputy director of B, said that ...:`) and then gives his points in
paragraphs of their own (`First, ...`, `Second, ...`). A question `according to A, ...` is about those paragraphs:
a passage is A's when the last sentence of its document at or before it that holds a reporting verb
(`rag/data/reporting_verbs.tsv`: `said`, `revealed`, 表示) names A.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from rag.read.evidence import Evidence
from rag.read.matching import mentions
from rag.text.glossary import has_cjk
from rag.text.sentences import split_sentences
from rag.text.wordlists import grouped_words
from rag.types import Chunk, Hit

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


def last_report(chunk: Chunk, evidence: Evidence) -> str:
    """The last sentence holding a reporting verb in the prose of `chunk`'s document that starts at or before the
    passage's first line (its own first sentences included), or "" when there is none: read from the document's
    reporting sentences (`document_reports`), found once per document and index."""
    reports_of = evidence.index.memo("document_reports").get(
        chunk.doc_name, lambda: document_reports(chunk.doc_name, evidence.index.chunks)
    )
    at = bisect_right([line for line, _ in reports_of], chunk.start_line)
    return reports_of[at - 1][1] if at else ""


def spoken_by(entity: str, chunk: Chunk, evidence: Evidence) -> bool:
    """The passage is reported speech of `entity`: the document's last reporting sentence at or before it names
    `entity` (`last_report`)."""
    if chunk.kind != "prose":
        return False
    report = last_report(chunk, evidence)
    return bool(report) and mentions(entity, report, evidence.glossary)


def document_reports(doc_name: str, chunks: tuple[Chunk, ...]) -> tuple[tuple[int, str], ...]:
    """The reporting sentences of a document's prose, each with the first line of the passage holding it, in
    order (passages sharing a first line: by the sentence's place in its passage, then its text): what
    `last_report` reads, found in one pass over the document."""
    found: list[tuple[int, int, str]] = []
    for chunk in chunks:
        if chunk.kind == "prose" and chunk.doc_name == doc_name:
            found += [(chunk.start_line, at, s) for at, s in enumerate(split_sentences(chunk.body)) if reports(s)]
    return tuple((line, sentence) for line, _, sentence in sorted(set(found)))


def speech_passages(entity: str, evidence: Evidence) -> tuple[Chunk, ...]:
    """Every prose passage of the reports that is `entity`'s reported speech (`spoken_by`, read in one pass per
    document that names him): a question `according to A, ...` may be about a point A made paragraphs after the
    sentence naming him, which retrieval, matching the question's own words, may miss. Found once per index."""

    def find() -> tuple[Chunk, ...]:
        chunks = evidence.index.chunks
        prose = [c for c in chunks if c.kind == "prose"]
        docs = {c.doc_name for c in prose if mentions(entity, c.body, evidence.glossary)}
        spoken: list[Chunk] = []
        for doc in sorted(docs):
            spoken += [c for c in prose if c.doc_name == doc and spoken_by(entity, c, evidence)]
        return tuple(spoken)

    return evidence.index.memo("speech_passages").get(entity, find)


def with_speech(entities: tuple[str, ...], evidence: Evidence) -> Evidence | None:
    """The evidence with the reported speech of `entities` that no hit holds added after the hits (score 0); None
    when there is none to add."""
    held = {hit.chunk.id for hit in evidence.hits}
    extra = [chunk for entity in entities for chunk in speech_passages(entity, evidence) if chunk.id not in held]
    unique = {chunk.id: chunk for chunk in extra}
    if not unique:
        return None
    return replace(evidence, hits=(*evidence.hits, *(Hit(chunk, 0.0) for chunk in unique.values())))
