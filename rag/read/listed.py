"""Lists asked for by their kind (`which modes`, `哪些领域`): the sentence that binds a list to a noun of that kind
(`through A, B and other methods`, `fields such as A and B`, `A、B等领域`) holds the answer, not one that only shares
the question's other words (`rag/data/list_kinds.tsv`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.text.abbreviations import other_forms
from rag.text.glossary import has_cjk
from rag.text.tokens import find_word
from rag.text.wordlists import grouped_words

WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "list_kinds.tsv"


@lru_cache(maxsize=2)
def list_words(path: Path = WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """group -> its words; see `rag/data/list_kinds.tsv`."""
    return grouped_words(path, "list kind words")


def kinds() -> dict[str, tuple[str, ...]]:
    """kind -> its nouns (`any`: generic nouns that stand for every kind)."""
    return {group[5:]: words for group, words in list_words().items() if group.startswith("kind_")}


_ASKS_EN = re.compile(r"\b(?:what|which)\s+((?:[\w-]+\s+){0,3})")
_ASKS_ZH = re.compile(r"(?:哪些|哪几类|哪几种|哪几个|哪类|哪种|什么)(.{0,8})")


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
        if kind != "any"
        for word in words
    ]
    found = [(at, kind) for at, kind in found if at >= 0]
    return min(found)[1] if found else ""


def _word_at(word: str, text: str) -> int:
    match = find_word(word, text)
    return match.start() if match else -1


def binds_list(sentence: str, kind: str) -> bool:
    """The sentence binds a list to a noun of `kind`: a `marker_before` word just before the noun (`and other
    methods`, `等领域`) or a `marker_after` word just after it (`fields such as`, `领域包括`)."""
    low = sentence.lower()
    words = list_words()
    for noun in (*kinds().get(kind, ()), *kinds().get("any", ())):
        if noun not in low:
            continue
        gap, tight = (".{0,4}", ".{0,2}") if has_cjk(noun) else (r"\s+(?:[\w-]+\s+){0,2}", r"[\s\"'”’)）]+")
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


_LIST_END = re.compile(r"[;；.。:：]|,\s*and\b|，")
_ITEM_BREAK = re.compile(r",|、|\band\b|\bor\b|和|及|与")
_EXCLUSION_END = re.compile(r"\b(?:what|which|who|how|where|when)\b|哪|什么|多少|外[,，]?")
MAX_ITEM_WORDS = 6


def listed_items(sentence: str) -> list[str]:
    """The items of the list a sentence prints after a `marker_after` word (`such as A, B and C`, `包括A、B和C`),
    up to the end of its clause; [] when it prints none."""
    low = sentence.lower()
    for marker in list_words().get("marker_after", ()):
        match = re.search(rf"{_edge(marker)}{re.escape(marker)}{_end(marker)}\s*", low)
        if not match:
            continue
        rest = sentence[match.end() :]
        end = _LIST_END.search(rest)
        parts = [p.strip(" \"'“”") for p in _ITEM_BREAK.split(rest[: end.start() if end else len(rest)])]
        items = [p for p in parts if p]
        if len(items) >= 2 and all(len(item.split()) <= MAX_ITEM_WORDS for item in items):
            return items
    return []


def excluded_items(question_text: str, words: tuple[str, ...]) -> list[str]:
    """The items a question leaves out after one of the exclusion `words` (`besides A, B and C, what ...`,
    `除A、B外`), split at commas and `and`."""
    low = question_text.lower()
    for word in sorted(words, key=len, reverse=True):
        at = low.find(word)
        if at < 0 or (word.isascii() and at > 0 and low[at - 1].isalpha()):
            continue
        rest = question_text[at + len(word) :]
        end = _EXCLUSION_END.search(rest.lower())
        return [p.strip() for p in _ITEM_BREAK.split(rest[: end.start() if end else len(rest)]) if p.strip()]
    return []


def other_items(question_text: str, sentence: str, words: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(the items the question leaves out, the items of the sentence's list it does not name by any form: an
    abbreviation or its long form, `rag.text.abbreviations`); two empty lists when the question leaves none out or
    the list holds none of them."""
    left_out = excluded_items(question_text, words)
    items = listed_items(sentence)
    if not left_out or not items:
        return [], []

    def named(item: str) -> bool:
        forms = {item.lower(), *(form.lower() for form in other_forms(item, sentence))}
        return any(name.lower() in forms for name in left_out)

    rest = [item for item in items if not named(item)]
    return (left_out, rest) if rest and len(rest) < len(items) else ([], [])
