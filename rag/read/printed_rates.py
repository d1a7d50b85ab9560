"""A rate of change the report prints itself, preferred to the same rate computed from two of its figures.

A growth rate computed from a row's two cells (`(21,520 − 16,310) / 16,310 = 31.94 %`) is the report's own figure
only to the precision it prints: where the same row prints the change in a change column (`Change %`: `32%`), or a
sentence naming the row and the later year states it with a word of its direction (`... increased by 32% ...`),
the analyst quotes that figure. A printed rate confirms the computed one when they agree to the printed precision
(half a unit of its last digit) and in direction; a printed rate of another size or direction is another figure
(another period or scope) and is not used. Two different confirming figures are no answer either: the computed
rate stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rag.read.cells import CellPick, cell_years
from rag.read.evidence import Evidence
from rag.read.matching import mentions
from rag.read.operations import change_directions
from rag.read.prose import ProsePick
from rag.read.question import question_measures
from rag.text.numbers import extract_quantities, years_in
from rag.text.sentences import split_sentences

DIRECTION_WINDOW = 40  # characters before a prose figure in which its direction word (`increased by`) stands
_FOOTNOTE = re.compile(r"\s*\(\d{1,2}\)\s*$")  # `Others (1)`: a footnote marker, no part of the row's name


def printed_decimals(text: str) -> int:
    """The decimals a figure is printed with (`32%` → 0, `35.1 %` → 1)."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    return len(digits.group(1)) if digits and digits.group(1) else 0


def agrees_printed(computed: float, printed: float, text: str) -> bool:
    """`computed` rounds to `printed` at the precision `text` prints it with."""
    return abs(computed - printed) <= 0.5 * 10 ** -printed_decimals(text) + 1e-9


def printed_change(computed: float, new: CellPick, old: CellPick, evidence: Evidence) -> CellPick | ProsePick | None:
    """The one printed rate that states the change `computed` from `old` to `new`: a change cell of the same row,
    else a sentence's figure; None when none, or more than one figure, does."""
    found = list(dict.fromkeys(c for c in _row_changes(computed, new, old)))
    if not found:
        found = list(_prose_changes(computed, new, evidence))
    sizes = {round(abs(p.value if isinstance(p, CellPick) else p.quantity.value), 6) for p in found}
    return found[0] if found and len(sizes) == 1 else None


def _row_changes(computed: float, new: CellPick, old: CellPick) -> Iterator[CellPick]:
    """The same row's cells in a change column (`Change %`) that print `computed` as a percentage."""
    table, row = new.table, new.row
    for index, cell in enumerate(row.cells[: len(table.columns)]):
        if index in (new.index, old.index) or cell.value is None or "%" not in cell.text:
            continue
        if "growth" not in question_measures(table.columns[index].header):
            continue
        if agrees_printed(computed, cell.value, cell.text):
            yield CellPick(table, row, index, new.score, (), new.chunk, new.heading, new.related)


def _prose_changes(computed: float, new: CellPick, evidence: Evidence) -> Iterator[ProsePick]:
    """Percentages of sentences naming the row and the later year whose direction word and size state `computed`."""
    label = _FOOTNOTE.sub("", new.row.label).strip()
    later = set(cell_years(new.table, new.row, new.index))
    wanted = "rise" if computed > 0 else "fall"
    if not label or not later or computed == 0:
        return
    for _rank, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            if not later & years_in(sentence) or not mentions(label, sentence, evidence.glossary):
                continue
            for quantity in extract_quantities(sentence):
                if quantity.kind != "percent" or not agrees_printed(abs(computed), quantity.value, quantity.text):
                    continue
                before = sentence[max(0, quantity.start - DIRECTION_WINDOW) : quantity.start]
                if change_directions(before) == {wanted}:
                    yield ProsePick(chunk, sentence, quantity, new.score)
