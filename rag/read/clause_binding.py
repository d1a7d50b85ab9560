"""Which clause of a sentence a figure belongs to, and the clauses before it: the one walk that binds a figure of a
listing sentence (`A grew 70%, accounting for 28%, and B grew 55%, accounting for 40%`; `the east $66 billion,
77%; the central region $9 billion, 11%`) to its own item. The callers say what names an item (an industry
`rag.read.listing`, a part of a country `rag.read.parts`, a clause that goes on about the one before
`rag.read.clause_subjects`); this module only cuts the sentence into clauses around the figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from rag.text.numbers import extract_quantities

T = TypeVar("T")

# Where a clause ends: between the items of a list (industries, parts of a country; `And` too), and between a
# subject's clause and the ones going on about it (`和`, `及` join two names of one subject there: `石油和天然气`).
ITEM_BREAK = re.compile(r"[,，、:：;；]|\band\b|\bwhile\b|和|及|而", re.IGNORECASE)
SUBJECT_BREAK = re.compile(r"[,;，；:：]|\band\b|\bwhile\b|而")


def clause_spans(sentence: str, start: int, end: int, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """The (low, high) spans of the clause holding the figure at [start, end) (from the break before `start` to the
    break after `end`) and of each clause before it, nearest first; a clause before runs up to the next one's start,
    its closing break included."""
    cuts = [0, *(m.end() for m in breaks.finditer(sentence, 0, start))]
    after = breaks.search(sentence, end)
    high = after.start() if after else len(sentence)
    spans = []
    for low in reversed(cuts):
        spans.append((low, high))
        high = low
    return spans


def nearest_named(
    sentence: str,
    start: int,
    breaks: re.Pattern[str],
    named: Callable[[int, int, bool], T],
    floor: int = 0,
) -> T | None:
    """What the nearest clause up to the figure at `start` names: `named(low, high, own)` for the figure's own clause
    (own=True), then for each clause before it that starts at or after `floor`, nearest first; the first non-empty
    answer, or None when no clause names anything."""
    for n, (low, high) in enumerate(clause_spans(sentence, start, start, breaks)):
        if n and low < floor:
            break
        found = named(low, high, n == 0)
        if found:
            return found
    return None


def continued_clause(
    sentence: str, start: int, end: int, breaks: re.Pattern[str], continues: Callable[[str], bool]
) -> str:
    """The figure's clause joined to the clauses before it while each clause (its own first) `continues` the one
    before it (`X grew 55%, accounting for 40%`: the 40% clause goes on about X)."""
    spans = clause_spans(sentence, start, end, breaks)
    low = spans[0][0]
    for (own_low, own_high), (before, _) in zip(spans, spans[1:], strict=False):
        if not continues(sentence[own_low:own_high]):
            break
        low = before
    return sentence[low : spans[0][1]]


# A sentence's leading phrase: up to its first comma, short, stating no amount, share or count (`In the past five
# years,`, `截至2022年底，`): years and bare numbers (a list mark, a picture's file name) may stand in it.
_LEAD = re.compile(r"^\s*[^,，;；]{1,40}?[,，]")
_LEAD_KINDS = frozenset({"year", "number"})


def lead_phrase(sentence: str) -> str:
    """The phrase a sentence opens with that sets the time or scope of every statement after it (`In the past five
    years, X grew 4%; Y grew 4.2%`: the five years are Y's too), or "" when it opens with a clause of its own (one
    holding a figure other than a year)."""
    match = _LEAD.match(sentence)
    if match is None:
        return ""
    if any(quantity.kind not in _LEAD_KINDS for quantity in extract_quantities(match.group())):
        return ""
    return match.group()


def statement_scope(sentence: str, span: tuple[int, int]) -> str:
    """The words that state what a statement of `sentence` (its `span`) is about: the statement, with the sentence's
    leading phrase (`lead_phrase`) before it when the statement does not open the sentence."""
    low, high = span
    lead = lead_phrase(sentence) if low > 0 else ""
    return f"{lead} {sentence[low:high]}" if lead else sentence[low:high]
