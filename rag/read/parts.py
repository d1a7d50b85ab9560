"""Parts of a country named by a compass word (`the central region`, `western China`, `东北三省`): which part a
question asks about, and which part each figure of a listing sentence is bound to.

A sentence that lists the parts one by one (`the eastern region USD 66 billion, 77%; the central region USD 9
billion, 11%; ...`) gives every part its own figures: a figure belongs to the part named in its own item, and a
question about one part is answered only by a figure bound to that part, never by the whole's figure before the
list or by a neighbouring part's. The words are data (`rag/data/parts.tsv`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.lazy import BoundedCache
from rag.read.clause_binding import ITEM_BREAK, nearest_named
from rag.read.matching import place_names
from rag.text.glossary import Glossary
from rag.text.wordlists import grouped_words

PARTS_PATH = Path(__file__).resolve().parent.parent / "data" / "parts.tsv"


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for `part word` (+ up to two words, for `the three northeastern provinces`) + `noun word`, and the
    part of each part word."""
    groups = grouped_words(PARTS_PATH, "part words")
    nouns = groups.pop("noun", ())
    groups.pop("joiner", ())
    parts = {word: part for part, words in groups.items() for word in words}
    word = "|".join(re.escape(w) for w in sorted(parts, key=len, reverse=True))
    noun = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    pattern = re.compile(rf"(?<![a-z])({word})(?![a-z])(?:[\s-]+[a-z]+){{0,1}}?[\s-]*(?:{noun})(?![a-z])")
    return pattern, parts


def parts_in(text: str, glossary: Glossary | None = None) -> list[tuple[int, str]]:
    """(position, part) of each part of a country `text` names, in order. A part word inside a longer place name the
    glossary knows (`Central Asia`, `东北亚`) names that place, no part."""
    pattern, parts = _pattern()
    low = text.lower()
    found = []
    for match in pattern.finditer(low):
        if glossary is not None and _in_place_name(low, match.start(), glossary):
            continue
        found.append((match.start(), parts[match.group(1)]))
    return found


def _in_place_name(low: str, start: int, glossary: Glossary) -> bool:
    for _zh, names in place_names(glossary):
        for name in names:
            name = name.lower()
            at = low.find(name, max(0, start - len(name)), start + len(name) + 1)
            if at != -1 and at <= start < at + len(name):
                return True
    return False


def asked_part(text: str, glossary: Glossary | None = None) -> tuple[str, str] | None:
    """The one part of a country a question names (`central China`, `西部地区`) and the words naming it, or None
    (none, or several). Asked once per question and candidate, so kept."""
    return _ASKED.get((text, id(glossary)), lambda: _asked_part(text, glossary))


_ASKED = BoundedCache(1024)


def _asked_part(text: str, glossary: Glossary | None) -> tuple[str, str] | None:
    found = asked_parts(text, glossary)
    return found[0] if len(found) == 1 else None


def asked_parts(text: str, glossary: Glossary | None = None) -> list[tuple[str, str]]:
    """Each part of a country a question names, once, in its order, with the words naming it (`东部地区是中部地区的
    多少倍`: east `东部地区`, central `中部地区`)."""
    pattern, _ = _pattern()
    low = text.lower()
    found: dict[str, str] = {}
    named = [(at, part, match) for at, part in parts_in(text, glossary) if (match := pattern.match(low, at))]
    full = [(at, part, text[at : match.end()]) for at, part, match in named]
    for _, part, name in sorted(full + coordinated_parts(text, [match for _, _, match in named])):
        found.setdefault(part, name)
    return list(found.items())


def coordinated_parts(text: str, named: list[re.Match[str]]) -> list[tuple[int, str, str]]:
    """(position, part, name) of each part word joined (a `joiner` of `parts.tsv`: `and`, `和`) to a part named in
    full right after it, whose noun it shares (`the central and western regions`): a part of its own, named by its
    word and that noun (`central regions`)."""
    _, parts = _pattern()
    joiners = "|".join(re.escape(j) for j in grouped_words(PARTS_PATH, "part words").get("joiner", ()))
    words = "|".join(re.escape(w) for w in sorted(parts, key=len, reverse=True))
    found = []
    for match in named:
        joined = re.search(rf"(?<![a-z])({words})\s*(?:{joiners})\s*$", text.lower()[: match.start()])
        if joined is not None:
            name = text[joined.start() : joined.end(1)] + text[match.end(1) : match.end()]
            found.append((joined.start(), parts[joined.group(1)], name))
    return found


_ITEM_END = re.compile(r"[;；]")  # the end of one item of a list of parts and their figures


def bound_part(sentence: str, start: int, glossary: Glossary | None = None) -> str | None:
    """The part a figure at `start` of `sentence` is bound to: the part its own clause names (the text between the
    commas around it: `$9 billion for the central region`), else the last part named before it in its item (up to
    the semicolon before it: `the central region $9 billion, accounting for 11%`), else the one part its item
    names after it with no figure after that (`...; and $0.8 billion, or 1%, for the north-eastern provinces`).
    None when its item names no part (the whole's figure: `local firms invested $86 billion ...`)."""
    found = parts_in(sentence, glossary)
    if not found:
        return None
    ends = [m.end() for m in _ITEM_END.finditer(sentence, 0, start)]

    def named(low: int, high: int, own: bool) -> str | None:
        """The part a clause names: the first in the figure's own clause, else the last (the nearest before it)."""
        parts = [part for at, part in found if low <= at < high]
        return (parts[0] if own else parts[-1]) if parts else None

    bound = nearest_named(sentence, start, ITEM_BREAK, named, floor=ends[-1] if ends else 0)
    if bound is not None:
        return bound
    following = _ITEM_END.search(sentence, start)
    item_end = following.start() if following else len(sentence)
    after = [(at, part) for at, part in found if start <= at < item_end]
    if len({part for _, part in after}) != 1 or _FIGURE.search(sentence, after[0][0], item_end):
        return None  # a part with figures of its own after it (`$86 billion in all, the east $66 billion`)
    return after[0][1]


_FIGURE = re.compile(r"\d")
