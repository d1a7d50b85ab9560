"""Lists asked for by their kind (`which modes`, `哪些领域`): the sentence that binds a list to a noun of that kind
(`through A, B and other methods`, `fields such as A and B`, `A、B等领域`) holds the answer, not one that only shares
the question's other words (`rag/data/list_kinds.tsv`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.text.glossary import has_cjk
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "list_kinds.tsv"


@lru_cache(maxsize=2)
def list_words(path: Path = WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """group -> its words; see `rag/data/list_kinds.tsv`."""
    return grouped_words(path, "list kind words")


def kinds() -> dict[str, tuple[str, ...]]:
    """kind -> its nouns."""
    return {group[5:]: words for group, words in list_words().items() if group.startswith("kind_")}


_ASKS_EN = re.compile(r"\b(?:what|which)\s+((?:[\w-]+\s+){0,3})")
_ASKS_ZH = re.compile(r"(?:哪些|哪几类|哪几种|哪几个|哪类|哪种|什么)(.{0,6})")


def asked_kind(question_text: str) -> str:
    """The kind of thing the question asks a list or a name of (`which other modes` -> `method`), or ""."""
    low = question_text.lower()
    match = _ASKS_EN.search(low) or _ASKS_ZH.search(low)
    if not match:
        return ""
    after = match.group(1)
    found = [
        (after.find(word) if has_cjk(word) else _word_at(word, after), kind)
        for kind, words in kinds().items()
        for word in words
    ]
    found = [(at, kind) for at, kind in found if at >= 0]
    return min(found)[1] if found else ""


def _word_at(word: str, text: str) -> int:
    match = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text)
    return match.start() if match else -1


def binds_list(sentence: str, kind: str) -> bool:
    """The sentence binds a list to a noun of `kind`: a `marker_before` word just before the noun (`and other
    methods`, `等领域`) or a `marker_after` word just after it (`fields such as`, `领域包括`)."""
    low = sentence.lower()
    words = list_words()
    for noun in kinds().get(kind, ()):
        if noun not in low:
            continue
        gap, tight = (".{0,4}", ".{0,2}") if has_cjk(noun) else (r"\s+(?:[\w-]+\s+){0,2}", r"\s+")
        for marker in words.get("marker_before", ()):
            if re.search(rf"{_edge(marker)}{re.escape(marker)}{gap}{re.escape(noun)}{_end(noun)}", low):
                return True
        for marker in words.get("marker_after", ()):
            if re.search(rf"{_edge(noun)}{re.escape(noun)}{tight}{re.escape(marker)}{_end(marker)}", low):
                return True
    return False


def _edge(word: str) -> str:
    return "" if has_cjk(word) else r"(?<![a-z])"


def _end(word: str) -> str:
    return "" if has_cjk(word) else r"(?![a-z])"
