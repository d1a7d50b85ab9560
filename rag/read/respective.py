"""Figures paired by position with a list of items (`A, B and C rose 5%, 7% and 9% respectively`, `A和B分别为…`).

In such a sentence a figure's clause does not hold the thing it counts: the item in the same place of the list
does. `respective_items` reads the list and its figures, whether the figures follow the marker (`respectively
accounted for 47%, 55% and 49%`) or lead up to it (`rose by 1.2 times and 63% respectively`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.read.clause_subjects import opens_continuation
from rag.text.numbers import Quantity, extract_quantities

RESPECTIVELY = re.compile(r"\brespectively\b|分别")
LIST_BREAK = re.compile(r",|，|、|;|；|\band\b|和|及")
# What may follow a figure of a list that leads up to the marker: a unit word, then a list break (none after the
# last figure).
_UNIT = r"\s*(?:times|fold|倍|percent|per cent|percentage points|个百分点)?\s*"
_BETWEEN_FIGURES = re.compile(rf"^{_UNIT}(?:,|，|、|\band\b|和|及)\s*$")
_BEFORE_MARKER = re.compile(rf"^{_UNIT}[,，]?\s*$")


def respective_items(
    sentence: str, quantities: Sequence[Quantity], kind: Callable[[Quantity], str], lead_up: bool = True
) -> tuple[list[Quantity], list[str]] | None:
    """The figures of one `kind` bound to a list of items by `respectively` and the items, in the same order; None
    when the sentence has no such list, or the list and the figures do not pair one to one. `lead_up=False` reads
    only figures that follow the marker."""
    marker = RESPECTIVELY.search(sentence)
    if not marker:
        return None
    figures = [q for q in quantities if q.start >= marker.start()]
    if not figures and lead_up:
        figures = _run_before(sentence, quantities, marker.start())
    if len(figures) < 2 or len({kind(q) for q in figures}) != 1:
        return None
    head = sentence[: min(marker.start(), figures[0].start)]
    pieces = [item for item in LIST_BREAK.split(head) if item.strip()]
    if len(pieces) > len(figures) and opens_continuation(pieces[-1]):
        pieces.pop()  # `A, B and C, with flows of X, Y and Z respectively`: the clause carrying the figures
    items = pieces[-len(figures) :]
    if len(items) != len(figures) or any(q.kind != "year" for item in items for q in extract_quantities(item)):
        return None  # the figures do not follow the whole list (`A and B respectively 790 and 160, C 110`)
    return figures, items


def _run_before(sentence: str, quantities: Sequence[Quantity], end: int) -> list[Quantity]:
    """The figures printed one after another, joined only by list breaks, that end right before `end` (`by 1.2
    times and 63% respectively`)."""
    before = [q for q in quantities if q.end <= end and q.kind != "year"]
    run: list[Quantity] = []
    for quantity in reversed(before):
        gap = sentence[quantity.end : run[0].start if run else end]
        if not (_BETWEEN_FIGURES if run else _BEFORE_MARKER).match(gap):
            break
        run.insert(0, quantity)
    return run
