"""The numbered items of a structured policy text (the tasks or measures of a work plan), typed.

A work plan numbers its tasks (`1. Accelerate ... .`, `2．加快……`, `(3) ...`) and names after each who carries it
out: its lead units and its participating (co-) units, after a label (`(Lead unit: A; Participating units: B, C)`,
`牵头单位：A；配合单位：B`) or before a closing word in a bracket of their own (`（A、B牵头，C配合）`). The labels and
closing words are data (`rag/data/item_markers.tsv`).

`parse_items` reads one section's running text (the sentences of the passages under one heading, in order) into
`Item`s: number, title (the item's first sentence), body, lead units and co-units, each with its offsets in the text
so a reader can cite the passage that holds it. An item runs from its number to the next item's number; numbers
count up by one (a section may go on from the number the one before it ended on), so a figure that ends a sentence
(`reach 5.`) is no item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.text.wordlists import grouped_words

MARKERS_PATH = Path(__file__).resolve().parents[1] / "data" / "item_markers.tsv"

# An item number where a sentence may begin: at the start of the text or of a line, or after a sentence's end
# (`. `, `。`, `)`): `12. `, `3、`, `（4）`. Two digits at most: `2025.` is a year; `1.jpg` is a file name.
_NUMBER = re.compile(
    r"(?:^|(?<=[.。!?！？;；)）\]】”\"]\s)|(?<=[。！？；）】\n]))\s*(?:(\d{1,2})\s*(?:[.．](?=\s|[\u4e00-\u9fff])|、)|[(（](\d{1,2})[)）])\s*(?=\S)"
)
_TITLE_END = re.compile(r"[.。!?！？;；](?=\s|$|[^\d])")
_UNIT_SPLIT = re.compile(r"\s*[,，、]\s*")  # not `and`: `Planning and Natural Resources Bureau` is one name
MAX_TITLE_CHARS = 240  # a title is one short sentence; a longer run before the first stop is body text
MAX_UNIT_CHARS = 120  # one unit's name; a longer piece is a sentence, not a name


@dataclass(frozen=True)
class Item:
    """One numbered item of a section. Offsets are into the text `parse_items` read; `lead_at`/`co_at` are where
    the lead and co-unit lists stand (-1 when the item names none)."""

    number: int
    title: str
    body: str
    start: int
    end: int
    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    lead_at: int = -1
    co_at: int = -1


@lru_cache(maxsize=1)
def markers() -> dict[str, tuple[str, ...]]:
    """role (lead, co, lead_after, co_after) -> its markers; see `rag/data/item_markers.tsv`."""
    return grouped_words(MARKERS_PATH, "item markers")


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern[str]:
    """A lead or co-unit label followed by a colon, longest label first; group `role` says which."""
    roles = markers()
    parts = []
    for role in ("lead", "co"):
        words = sorted(roles.get(role, ()), key=len, reverse=True)
        parts.append(f"(?P<{role}>{'|'.join(re.escape(word) for word in words)})")
    return re.compile(rf"(?:{'|'.join(parts)})\s*[:：]\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bracket_pattern() -> re.Pattern[str]:
    """A bracket whose pieces end in a closing word (`（A、B牵头，C配合）`)."""
    words = [*markers().get("lead_after", ()), *markers().get("co_after", ())]
    ends = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"[(（]((?:[^()（）]{{1,{MAX_UNIT_CHARS}}}?(?:{ends})[，,；;、\s]*)+)[)）]")


def split_units(text: str) -> tuple[str, ...]:
    """`A, B, C etc.` -> (A, B, C): the names of a unit list, without closing brackets and stops."""
    text = re.sub(r"\s*(?:etc\.?|等)\s*$", "", text.strip(" \t)）.。;；"))
    units = [unit.strip(" \t()（）.。") for unit in _UNIT_SPLIT.split(text)]
    return tuple(unit for unit in units if unit and len(unit) <= MAX_UNIT_CHARS)


def labelled_units(text: str) -> tuple[tuple[str, ...], tuple[str, ...], int, int]:
    """(lead units, co-units, where the lead list stands, where the co list stands) of the labels in `text`
    (-1 where none); each list runs to the next label, a `;`, a closing bracket or the end of the sentence."""
    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    lead_at = co_at = -1
    labels = list(_label_pattern().finditer(text))
    for i, label in enumerate(labels):
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        piece = re.split(r"[;；)）\n]|[.。](?=\s|$)", text[label.end() : stop], maxsplit=1)[0]
        units = split_units(piece)
        if label.group("lead") and not lead:
            lead, lead_at = units, label.start()
        elif label.group("co") and not co:
            co, co_at = units, label.start()
    return lead, co, lead_at, co_at


def bracketed_units(text: str) -> tuple[tuple[str, ...], tuple[str, ...], int, int]:
    """The same for a bracket of pieces that end in a closing word (`（A、B牵头，C配合）`)."""
    lead_words, co_words = markers().get("lead_after", ()), markers().get("co_after", ())
    for bracket in _bracket_pattern().finditer(text):
        lead: list[str] = []
        co: list[str] = []
        for piece in re.split(r"[，,；;]", bracket.group(1)):
            piece = piece.strip()
            word = next((w for w in (*lead_words, *co_words) if piece.endswith(w)), None)
            if word is None:
                continue
            (lead if word in lead_words else co).extend(split_units(piece[: -len(word)]))
        if lead:
            return tuple(lead), tuple(co), bracket.start(), bracket.start() if co else -1
    return (), (), -1, -1


def _starts(text: str) -> list[tuple[int, int, int]]:
    """(number, where the number stands, where the item's text begins) of the numbers that count up by one."""
    found: list[tuple[int, int, int]] = []
    for match in _NUMBER.finditer(text):
        number = int(match.group(1) or match.group(2))
        if found and number == found[-1][0] + 1 or not found and (number == 1 or not text[: match.start()].strip()):
            found.append((number, match.start(), match.end()))
    return found


def parse_items(text: str) -> list[Item]:
    """The numbered items of one section's running text, in order; [] when it numbers none."""
    starts = _starts(text)
    items = []
    for i, (number, at, begin) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        own = text[begin:end]
        stop = _TITLE_END.search(own)
        cut = stop.end() if stop and stop.start() < MAX_TITLE_CHARS else min(len(own), MAX_TITLE_CHARS)
        title, body = own[:cut].strip(), own[cut:].strip()
        lead, co, lead_at, co_at = labelled_units(own)
        if not lead:
            lead, co, lead_at, co_at = bracketed_units(own)
        items.append(
            Item(
                number,
                title.rstrip(" .。;；"),
                body,
                at,
                end,
                lead,
                co,
                begin + lead_at if lead_at >= 0 else -1,
                begin + co_at if co_at >= 0 else -1,
            )
        )
    return items
