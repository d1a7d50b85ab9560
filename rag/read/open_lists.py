"""Open lists: a figure printed after `A, B, C and other places` (`A、B、C等地`) is the list's total, not A's.

`Promotion in the Red Coast, Zembla and other places brought 900 projects` gives no figure for the Red Coast: the
name stands as one item of a list the sentence closes with an open end (`and other`, `etc.`, `等地`), and the figure
after it counts every item together. A list is names joined by list glue (commas, `、`, `and`), each of a few words
and no figure. The words that close an open list are data (`rag/data/alignment.tsv`, group `list_open`).
"""

from __future__ import annotations

import re

from rag.read.matching import names_of
from rag.text.glossary import Glossary, has_cjk
from rag.text.tokens import find_word, word_pattern

# How many words one item of a list may run to (`the Greater Bay Area`).
ITEM_WORDS = 4
_GLUE = re.compile(r"\s*(?:,|、|，|\band\b)\s*")
_NO_ITEM = re.compile(r"[\d;；:：。.()（）]")
_SENTENCE_END = re.compile(r"[。；;！？!?]|\.(?:\s|$)")  # the figure must stand in the list's own sentence


def is_list_glue(text: str) -> bool:
    """`text` is nothing but list items and the glue between them (`, Zembla, Ruritania`, `、北海`); empty glue
    counts (the name stands right before the open end)."""
    if _NO_ITEM.search(text):
        return False
    items = [item for item in _GLUE.split(text) if item.strip()]
    return all(len(item.split()) <= ITEM_WORDS or (has_cjk(item) and len(item) <= 2 * ITEM_WORDS) for item in items)


def open_list_of(sentence: str, name: str, before: int, ends: tuple[str, ...]) -> str:
    """The open list (`the Red Coast, Zembla and other places`) that holds `name` as an item and closes before
    position `before` of `sentence` (where its figure is printed); "" when `name` stands in none there."""
    low = sentence[:before].lower()
    key = name.lower()
    if has_cjk(key):
        starts = [match.start() for match in re.finditer(re.escape(key), low)]
    else:
        starts = [match.start() for match in word_pattern(key, True).finditer(low)] if key in low else []
    for start in reversed(starts):
        rest = low[start + len(key) :]
        closes = [(found, word) for word in ends if (found := _end_at(rest, word)) is not None]
        if not closes:
            continue
        found, word = min(closes)
        glued = not rest[:found].strip() or _GLUE.match(rest[:found]) is not None  # glue or the end follows the name
        stop = start + len(key) + found + len(word)
        if glued and is_list_glue(rest[:found]) and not _SENTENCE_END.search(sentence[stop:before]):
            tail = re.match(r"\s*[^\W\d]+", sentence[stop:before]) if not has_cjk(word) else None
            return sentence[start : stop + (tail.end() if tail else 0)].strip()
    return ""


def list_items(listed: str, ends: tuple[str, ...]) -> list[str]:
    """The named items of an open list (`A, B and other places`: A, B)."""
    low = listed.lower()
    cut = min((at for word in ends if (at := _end_at(low, word)) is not None), default=len(listed))
    return [item.strip() for item in _GLUE.split(listed[:cut]) if item.strip()]


def _end_at(rest: str, word: str) -> int | None:
    """Where an open list's closing word first stands in `rest` (English at a word start)."""
    if has_cjk(word):
        at = rest.find(word)
        return at if at >= 0 else None
    match = find_word(word, rest, whole=False)
    return match.start() if match else None


def listed_with_others(sentence: str, figure_at: int, entity: str, glossary: Glossary, ends: tuple[str, ...]) -> str:
    """The open list before the figure at `figure_at` that names `entity` (by any of its names) as one of its items;
    "" when none does."""
    for name in names_of(entity, glossary):
        found = open_list_of(sentence, name, figure_at, ends)
        if found:
            return found
    return ""
