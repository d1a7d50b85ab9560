"""The scale of a table whose unit line lost it, read from the report's own prose around the table.

Machine translation turns `单位：亿美元` into `Unit: us $`: the currency survives, the scale (亿, 1e8) does not.
The paragraph that introduces such a table usually states some of its cells in words (`global FDI of $1.49
trillion` for the cell 14897.6). A scale is inferred only when that agreement is unambiguous:

* only currency cells whose unit names no scale are compared, with prose figures in the same currency that carry a
  scale word and at least three significant digits (`$4 billion` fits too many cells to prove anything);
* a cell agrees at 10^p when the cell × 10^p, rounded to the prose figure's printed digits, *is* the prose figure;
* only prose lines within `WINDOW` lines before or after the table count;
* the winning power needs `MIN_AGREEING` distinct cells and at least twice as many as any other power.

Nothing is rewritten: `Table.unit` stays as printed and the evidence is kept on `Table.scale_evidence`, so an answer
can say which sentence the scale comes from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from rag.ingest.tables import cell_unit, table_line_ranges
from rag.text.numbers import Quantity, extract_quantities
from rag.text.sentences import split_sentences
from rag.text.units import currency_label
from rag.types import Document, ScaleEvidence, Table, Unit

WINDOW = 30
MIN_AGREEING = 2
MIN_DIGITS = 3
POWERS = range(0, 13)
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def infer_scales(tables: list[Table], doc: Document) -> list[Table]:
    """`tables` of `doc`, each unscaled currency table given `scale_evidence` where the prose settles it."""
    inside = table_line_ranges(tables)
    return [replace(table, scale_evidence=infer_scale(table, doc, inside)) for table in tables]


def infer_scale(table: Table, doc: Document, inside: set[int]) -> ScaleEvidence | None:
    """The scale the prose around `table` states its unscaled currency cells at, or None (module doc)."""
    cells = unscaled_cells(table)
    if not cells:
        return None
    votes: dict[int, list[ScaleEvidence]] = defaultdict(list)
    for line in nearby_prose_lines(table, doc, inside):
        for sentence in split_sentences(doc.lines[line - 1]):
            for quantity in scaled_figures(sentence, cells[0][3].currency):
                for row_label, column, cell_text, _unit, value in cells:
                    for power in POWERS:
                        if states(quantity, value, 10.0**power):
                            votes[power].append(
                                ScaleEvidence(
                                    scale=10.0**power,
                                    label=currency_label(cells[0][3].currency, 10.0**power),
                                    line=line,
                                    sentence=sentence,
                                    prose_text=quantity.text,
                                    row_label=row_label,
                                    column=column,
                                    cell_text=cell_text,
                                    agreeing=0,
                                )
                            )
    return decide(votes, table.title_line)


def unscaled_cells(table: Table) -> list[tuple[str, str, str, Unit, float]]:
    """(row label, column header, cell text, unit, value) of every currency cell whose unit states no scale."""
    found = []
    for row in table.rows:
        for index, cell in enumerate(row.cells[: len(table.columns)]):
            unit = cell_unit(table, row, index)
            if cell.value and unit is not None and unit.kind == "currency" and unit.scale is None:
                label = " / ".join(part for part in (row.section, row.label) if part)
                found.append((label, table.columns[index].header, cell.text, unit, cell.value))
    return found


def nearby_prose_lines(table: Table, doc: Document, inside: set[int]) -> list[int]:
    """Prose lines within WINDOW of the table (never a table's own lines), nearest first.

    Another table in between does not stop the window: one paragraph often introduces two tables printed after it.
    """
    low, high = max(1, table.title_line - WINDOW), min(len(doc.lines), table.end_line + WINDOW)
    lines = [n for n in range(low, high + 1) if n not in inside and not table.title_line <= n <= table.end_line]
    return sorted(lines, key=lambda n: min(abs(n - table.title_line), abs(n - table.end_line)))


def scaled_figures(sentence: str, currency: str) -> list[Quantity]:
    """Figures of `sentence` in `currency` with a scale word and enough printed digits to identify a cell."""
    return [
        quantity
        for quantity in extract_quantities(sentence)
        if quantity.kind == "currency"
        and quantity.currency == currency
        and quantity.scale != 1
        and not quantity.note
        and significant_digits(quantity.text) >= MIN_DIGITS
    ]


def significant_digits(text: str) -> int:
    match = _NUMBER.search(text)
    return len(match.group(0).replace(",", "").replace(".", "").lstrip("0")) if match else 0


def printed_decimals(text: str) -> int:
    match = _NUMBER.search(text)
    return len(match.group(1) or "") if match else 0


def states(quantity: Quantity, cell_value: float, scale: float) -> bool:
    """The prose figure is the cell at `scale`, rounded to the digits the prose prints."""
    in_prose_scale = Decimal(str(abs(cell_value))) * Decimal(str(scale)) / Decimal(str(quantity.scale))
    step = Decimal(1).scaleb(-printed_decimals(quantity.text))
    return in_prose_scale.quantize(step, rounding=ROUND_HALF_UP) == Decimal(str(abs(quantity.value))).quantize(step)


def decide(votes: dict[int, list[ScaleEvidence]], title_line: int) -> ScaleEvidence | None:
    """The power that clearly wins, with its agreement nearest the table as the evidence to cite."""
    counts = {power: len({(e.row_label, e.column) for e in found}) for power, found in votes.items()}
    if not counts:
        return None
    best = max(counts, key=lambda power: counts[power])
    runner_up = max((count for power, count in counts.items() if power != best), default=0)
    if counts[best] < MIN_AGREEING or counts[best] < 2 * runner_up:
        return None
    nearest = min(votes[best], key=lambda e: abs(e.line - title_line))
    return replace(nearest, agreeing=counts[best])
