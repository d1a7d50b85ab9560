"""Check that every number an answer states is supported by the passages it cites.

A stated number is supported when a cited passage contains the same quantity after unit normalisation
(271.5 亿美元 = USD 27.15 billion), or when it is the result or an operand of the answer's formula whose operands are
cited. Years and the `[n]` markers are not claims and are ignored. Used on LLM answers (an unsupported number
sends the chain back to the grounded answer) and, in the eval, on every answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rag.answer.provenance import Traced, trace
from rag.ingest.tables import cell_unit
from rag.read.compose import falls_before
from rag.read.question import states_sign
from rag.text.numbers import (
    Quantity,
    extract_quantities,
    is_unit_name,
    numbers_match,
    same_quantity,
    word_numbers,
)
from rag.types import Answer, Citation, Step, Table, Unit

_MARKER = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Problem:
    """An unsupported number: what was stated and why it failed."""

    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.text!r}: {self.reason}"


def stated_quantities(text: str) -> list[Quantity]:
    """Numbers the text claims: extracted quantities except years, citation markers and unit names."""
    cleaned = _MARKER.sub(lambda m: " " * len(m.group(0)), text)
    return [q for q in extract_quantities(cleaned) if q.kind != "year" and not is_unit_name(q, cleaned)]


def cited_markers(text: str) -> set[int]:
    return {int(m.group(0)[1:-1]) for m in _MARKER.finditer(text)}


def _supported(
    quantity: Quantity, evidence: Sequence[Quantity], formula_numbers: Sequence[float], traced: Traced
) -> bool:
    if any(same_quantity(quantity, other) for other in evidence) or traced.supports(quantity):
        return True
    return any(numbers_match(quantity.value, number, rel_tol=0.005) for number in formula_numbers)


def _unit_quantity(value: float, text: str, unit: Unit | None) -> Quantity:
    """A table cell as a Quantity in its column's unit; a cell whose unit states no scale stays bare."""
    if unit is None or unit.kind in ("unknown", "count") or (unit.kind in ("currency", "quantity") and not unit.scale):
        return Quantity(value, text=text)
    if unit.kind == "percent":
        return Quantity(value, kind="percent", base="%", text=text)
    return Quantity(value, scale=unit.scale, kind=unit.kind, currency=unit.currency, base=unit.base, text=text)


def cell_quantities(table: Table, row_label: str) -> list[Quantity]:
    """Every number of the cited row(s), with the unit the table states for its column (or row)."""
    quantities = []
    for row in table.rows:
        if row.label != row_label:
            continue
        for index, cell in enumerate(row.cells):
            if cell.value is not None:
                quantities.append(_unit_quantity(cell.value, cell.text, cell_unit(table, row, index, inferred=True)))
    return quantities


def evidence_quantities(citation: Citation, tables: Callable[[str, str], Table | None] | None = None) -> list[Quantity]:
    """Numbers a cited passage supports: a table row's cells in their units, or the numbers of a prose quote.

    A table row's quote prints its values bare (the unit is stated once per table), so reading the quote alone
    would let "USD 271.5 billion" pass for a cell of 271.5 in USD 100 million; the structured table knows better.
    """
    table = tables(citation.table_id, citation.doc_name) if tables and citation.table_id else None
    if table is not None and citation.row_label:
        return cell_quantities(table, citation.row_label)
    if table is not None:
        return [
            _unit_quantity(cell.value, cell.text, cell_unit(table, row, i, inferred=True))
            for row in table.rows
            for i, cell in enumerate(row.cells)
            if cell.value is not None
        ]
    return [q for q in extract_quantities(citation.quote) if q.kind != "year"] + word_numbers(citation.quote)


def _formula_numbers(formula: str) -> list[float]:
    """The operands and result of a formula; a unit it names (`21.2 (USD 100 million)`) is neither."""
    if not formula:
        return []
    return [q.value for q in extract_quantities(formula) if q.kind != "year" and not is_unit_name(q, formula)]


def verify_numbers(
    text: str,
    citations: Sequence[Citation],
    formula: str = "",
    tables: Callable[[str, str], Table | None] | None = None,
    derived: Sequence[float] = (),
    steps: Sequence[Step] = (),
) -> list[Problem]:
    """Problems with the numbers in `text`; empty when every stated number is found in a cited passage.

    `tables(table_id, doc_name)` resolves a cited table (e.g. `StoredIndex.table`) so cells are read with units.
    `derived` are further numbers the caller has checked against the citations (`verify_answer`); `steps` the typed
    provenance of derived numbers, each recomputed and traced to the citations (`rag.answer.provenance`).
    """
    stated = stated_quantities(text)
    if not stated:
        return []
    if not citations:
        return [Problem(q.text, "no passage is cited") for q in stated]
    evidence = [q for citation in citations for q in evidence_quantities(citation, tables)]
    quotes = [citation.quote for citation in citations]
    formulas = [formula, *(m.group(0) for m in _INLINE_FORMULA.finditer(_MARKER.sub(" ", text)))]
    formula_numbers = [n for f in formulas if _formula_is_cited(f, evidence) for n in _formula_numbers(f)]
    formula_numbers += list(derived)
    traced = trace(steps, citations, lambda citation: evidence_quantities(citation, tables), tables)
    return [
        Problem(q.text, "not found in the cited passages")
        for q in stated
        if not any(_supported(reading, evidence, formula_numbers, traced) for reading in {q, _signed(q, text)})
        and not _quoted_verbatim(q, quotes)
    ]


# Arithmetic written out in an answer's text (`60.0 / 120.0 = 50.00 %`, one per counted row): each supports its
# result as the answer's formula does, when its operands are cited.
_INLINE_FORMULA = re.compile(r"-?\d[\d.,]*(?:\s*[-+−×*/]\s*\(?-?\d[\d.,]*\)?)+\s*=\s*-?\d[\d.,]*\s*%?")


def verify_answer(answer: Answer, tables: Callable[[str, str], Table | None] | None = None) -> list[Problem]:
    """`verify_numbers` for a grounded answer, which also knows its question and what it counted.

    Numbers the question states are the analyst's own (the threshold of `more than 50%`, either sign: `fell by more
    than 50%` is below -50 %; the zero a sign word states: `negative`), not claims of the reports.
    A count answer (`n of the N rows`) cites every row it tested: its n is supported when it is no more than the
    rows cited, and N when it is exactly that many; a count of named things (the tasks a unit leads, a task's units)
    when it is the number of names the answer lists (`spans`) and each is quoted. A count that carries its `count`
    steps (the rows counted and the rows of the set, `rag.answer.provenance`) is checked by those steps alone.
    """
    derived = [sign * q.value for q in stated_quantities(answer.question) for sign in (1, -1)]  # `fell by 50%`: -50
    derived += [0.0] if states_sign(answer.question) else []  # `in which years was X negative`: a threshold of zero
    counted = any(step.op == "count" for step in answer.steps)  # a count of rows with its steps is checked by them
    if answer.unit == "count" and answer.value is not None and not counted:
        rows = len({(c.table_id, c.row_label) for c in answer.citations if c.row_label})
        derived += [answer.value, float(rows)] if 0 <= answer.value <= rows and rows else []
        columns = len({(c.table_id, c.column) for c in answer.citations if c.column})  # years read along rows
        derived += [answer.value, float(columns)] if 0 <= answer.value <= columns and columns else []
        quotes = " ".join(c.quote for c in answer.citations)  # the names counted, each quoted (tasks, units)
        listed = answer.spans and len(answer.spans) == answer.value and all(span in quotes for span in answer.spans)
        derived += [answer.value] if listed else []
    return verify_numbers(answer.text, answer.citations, answer.formula, tables, derived, answer.steps)


def _signed(quantity: Quantity, text: str) -> Quantity:
    """A rate written after a word of falling (`fell 4.9%`, `同比下降4.9%`) may state a cell's -4.9 %."""
    if quantity.kind != "percent" or quantity.value < 0 or not falls_before(text, quantity):
        return quantity
    return replace(quantity, value=-quantity.value)


def _quoted_verbatim(quantity: Quantity, quotes: Sequence[str]) -> bool:
    """A figure copied character for character from a cited passage (garbled unit and all) is that passage's claim."""
    pattern = re.compile(rf"(?<![\d.,]){re.escape(quantity.text)}(?![\d])")
    return any(pattern.search(quote) for quote in quotes)


# The constants of a formula's shape, no operands: the 1 of `x / (1 + r %)`, the exponent and the 1 of a compound rate
# `(a / b)^(1/n) − 1`.
_SHAPE = re.compile(r"\(1 [+−-] |\^\(1/\d+\)(?: − 1)?")


# A mean written out, `(a + b + c) / 3 = m`: its divisor is the number of terms summed, part of its shape.
_MEAN = re.compile(r"^\s*\(([^()]+)\)\s*/\s*(\d+)(?=\s*=)")


def _without_mean_divisor(formula: str) -> str:
    """The formula with a mean's divisor dropped when it counts the terms summed (`(a + b + c) / 3`): no operand a
    passage must state."""
    match = _MEAN.match(formula)
    if match is None or len(re.split(r"\s[+]\s", match.group(1))) != int(match.group(2)):
        return formula
    return f"({match.group(1)}){formula[match.end() :]}"


def _formula_is_cited(formula: str, evidence: Sequence[Quantity]) -> bool:
    """A formula supports its result only when each of its operands is in a cited passage (a rate's sign may come
    from its words: `down 30.1%` is the -30.1 of `x / (1 + (-30.1) %)`; a mean's count of terms is no operand)."""
    numbers = _formula_numbers(_SHAPE.sub("(", _without_mean_divisor(formula)))
    if len(numbers) < 2:
        return False
    operands = numbers[:-1]  # operands are copied from cells as printed: they must match exactly
    return all(
        any(numbers_match(abs(op), abs(q.value), rel_tol=1e-9, scales=(1,)) for q in evidence) for op in operands
    )


def citations_for_markers(text: str, citations: Sequence[Citation]) -> list[Citation]:
    """The citations whose `[n]` markers appear in `text` (an LLM may cite only some of the passages)."""
    wanted = cited_markers(text)
    return [c for c in citations if c.n in wanted]


# --- does an answer say anything? ----------------------------------------------------------------------------------

# A list enumerator (`1.`, `2)`) standing alone: numbering, not a figure.
_ENUMERATOR = re.compile(r"(?<!\S)\d{1,2}[.)](?=\s|$)")
_ORDINAL = re.compile(
    r"\b\d{1,3}(?:st|nd|rd|th)\b|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b"
    r"|第\s*[\d一二三四五六七八九十]+",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# A sentence that answers a question in words has at least this many words (or Chinese characters).
MIN_ANSWER_WORDS = 4
MIN_ANSWER_CJK = 6
PERCENT_UNITS = ("%", "percentage points")


def substance_problem(text: str, value: float | None = None, unit: str = "") -> str:
    """Why `text` cannot stand as an answer ('' when it can): it must state what the question asks for.

    A question the grounded reader answers with a figure (`value`, `unit`) needs a figure of that kind (a
    percentage for a percentage, an ordinal or number for a rank, any figure but a year otherwise); any other
    question needs a sentence. Citation markers and list numbering (`1. [1] 2. [2]`) state nothing.
    """
    body = _ENUMERATOR.sub(" ", _MARKER.sub(" ", text))
    if value is not None:
        stated = stated_quantities(body)
        if unit in PERCENT_UNITS:
            if not any(q.kind in ("percent", "percentage_points") for q in stated):
                return "it states no percentage"
            return ""
        if unit == "rank" and _ORDINAL.search(body):
            return ""
        return "" if stated else "it states no figure"
    if len(_WORD.findall(body)) < MIN_ANSWER_WORDS and len(_CJK_CHAR.findall(body)) < MIN_ANSWER_CJK:
        return "it says nothing beyond its citations"
    return ""
