"""A rate of change the report prints itself, preferred to the same rate computed from two of its figures.

A growth rate computed from a row's two cells (`(21,520 − 16,310) / 16,310 = 31.94 %`) is the report's own figure
only to the precision the prose prints it: where a sentence naming the row and the later year states it with a word
of its direction (`... increased by 32% ...`), the analyst quotes that figure. A printed rate confirms the computed
one when they agree to the printed precision (half a unit of its last digit) and in direction; a printed rate of
another size or direction is another figure (another period or scope) and is not used; a sentence naming no year is
of the year the running text last named before it. Two different confirming figures are no answer either: the
computed rate stands. A change column of the table itself (`Change %`) is left to the lookup and the computation
(the rate computed to two decimals is no less the table's own).

The same holds for the size of a rise or fall in an amount (`... increased $122.8 million ...` beside a computed
122,772 in a table in thousands) when the question asks how much the figure rose or fell: the printed amount is
compared in base units, to half a unit of its last printed digit at its own scale.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rag.read.cells import CellPick, cell_years
from rag.read.evidence import Evidence
from rag.read.matching import mentions
from rag.read.operations import change_directions
from rag.read.prose import ProsePick
from rag.text.numbers import Quantity, extract_quantities, to_base, years_in
from rag.text.sentences import split_sentences
from rag.types import Unit

DIRECTION_WINDOW = 40  # characters before a prose figure in which its direction word (`increased by`) stands
_FOOTNOTE = re.compile(r"\s*\(\d{1,2}\)\s*$")  # `Others (1)`: a footnote marker, no part of the row's name


def printed_decimals(text: str) -> int:
    """The decimals a figure is printed with (`32%` → 0, `35.1 %` → 1)."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    return len(digits.group(1)) if digits and digits.group(1) else 0


def agrees_printed(computed: float, printed: float, text: str) -> bool:
    """`computed` rounds to `printed` at the precision `text` prints it with."""
    return abs(computed - printed) <= 0.5 * 10 ** -printed_decimals(text) + 1e-9


def printed_change(computed: float, new: CellPick, evidence: Evidence, amount: bool = False) -> ProsePick | None:
    """The one sentence figure that states the change `computed` of `new`'s row up to `new`'s year (a rate in
    percent, or with `amount` a change in the row's unit); None when none, or figures of more than one size, do."""
    found = list(_prose_changes(computed, new, evidence, amount))
    sizes = {round(abs(p.quantity.value), 6) for p in found}
    return found[0] if found and len(sizes) == 1 else None


def _prose_changes(computed: float, new: CellPick, evidence: Evidence, amount: bool) -> Iterator[ProsePick]:
    """Figures of sentences naming the row and the later year whose direction word and size state `computed`:
    percentages, or with `amount` amounts of the row's currency, compared in base units."""
    label = _FOOTNOTE.sub("", new.row.label).strip()
    later = set(cell_years(new.table, new.row, new.index))
    wanted = "rise" if computed > 0 else "fall"
    unit = new.unit
    if amount and (unit is None or unit.kind != "currency" or not unit.scale):
        return
    if not label or not later or computed == 0:
        return
    for _rank, chunk in evidence.prose():
        running = evidence.years_before(chunk)
        for sentence in split_sentences(chunk.body):
            # a sentence naming no year is of the one the sentence before it named (`In 2031 ... . X fell 5.4%.`)
            running = years_in(sentence) or running
            if not later & running or not mentions(label, sentence, evidence.glossary):
                continue
            for quantity in extract_quantities(sentence):
                if not _states_size(abs(computed), quantity, unit if amount else None):
                    continue
                before = sentence[max(0, quantity.start - DIRECTION_WINDOW) : quantity.start]
                if change_directions(before) == {wanted}:
                    yield ProsePick(chunk, sentence, quantity, new.score)


def _states_size(size: float, quantity: Quantity, unit: Unit | None) -> bool:
    """A prose figure prints `size`: a percentage (no `unit`), or an amount of `unit`'s currency whose base value is
    `size` in `unit` to half a unit of the figure's last printed digit."""
    if unit is None:
        return quantity.kind == "percent" and agrees_printed(size, quantity.value, quantity.text)
    if quantity.kind != "currency" or (quantity.currency and unit.currency and quantity.currency != unit.currency):
        return False
    step = 0.5 * 10 ** -printed_decimals(quantity.text) * (quantity.scale or 1.0)
    return abs(to_base(size, unit.scale) - quantity.base_value) <= step + 1e-6
