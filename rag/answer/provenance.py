"""Trace an answer's derived numbers through the typed steps its reader attached (`rag.types.Step`).

A derived number (a per-row difference in a ranked listing, a mean and its divisor, `7 of the 10 rows`, a result
restated in another unit, the scale a table is read at) is in no cited passage. The reader records how it made it:
an operation from a closed set over operands. A step is traced when every operand is in a cited passage (or is the
result of an earlier traced step) and recomputing the operation gives its result; a count when every row it names
is a row of a cited table (a count of a list's items: every item it names is quoted); a unit when a cited sentence
states a figure at that scale. Only a traced step supports the numbers it made: an answer stating a figure no step
makes, or a step whose arithmetic or operands do not hold, still fails verification.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.read.compose import row_key
from rag.text.numbers import Quantity, numbers_match
from rag.types import Citation, Step, Table

# The operations of `rag.text.numbers.Formula`, unrounded: the closed set a step may name.
_OPERATIONS: dict[str, Callable[[Sequence[float]], float]] = {
    "sum": lambda xs: math.fsum(xs),
    "difference": lambda xs: xs[0] - math.fsum(xs[1:]),
    "change": lambda xs: xs[0] - xs[1],
    "ratio": lambda xs: xs[0] / xs[1],
    "share": lambda xs: xs[0] / xs[1] * 100,
    "growth_rate": lambda xs: (xs[0] - xs[1]) / xs[1] * 100,
    "annual_growth_rate": lambda xs: ((xs[0] / xs[1]) ** (1 / xs[2]) - 1) * 100,
    "mean": lambda xs: math.fsum(xs) / len(xs),
    "before_growth": lambda xs: xs[0] / (1 + xs[1] / 100),
    "before_multiple": lambda xs: xs[0] / xs[1],
    "part_from_share": lambda xs: xs[0] * xs[1] / 100,
    "whole_from_share": lambda xs: xs[0] * xs[2] / xs[1],
    "rescale": lambda xs: xs[0] * xs[1],
    "magnitude": lambda xs: abs(xs[0]),  # a fall stated by its size (`fell by 13.8 %`) after its signed result
}
_ARITY = {"change": 2, "ratio": 2, "share": 2, "growth_rate": 2, "annual_growth_rate": 3, "before_growth": 2}
_ARITY |= {"part_from_share": 2, "whole_from_share": 3, "rescale": 2, "magnitude": 1, "before_multiple": 2}
# Operands that are the shape of an operation, no figure a passage states: the years of a compound rate, the
# fraction a share is written as (`one seventh`: 1/7), the power of ten a figure is restated by in another scale of
# its unit (`97.53` billion is 975.3 hundred million: × 10).
_SHAPE_OPERANDS = {"annual_growth_rate": (2,), "whole_from_share": (1, 2), "rescale": (1,)}
# A rounded result may differ from the exact one by half its last decimal; a result rounded to significant digits
# (a value per item) by this share of itself.
_SIGNIFICANT_TOLERANCE = 5e-4


@dataclass(frozen=True)
class Traced:
    """What the traced steps support: bare numbers (results, counts, divisors) and sizes in base units (a result
    restated in another unit, a unit's scale)."""

    numbers: tuple[float, ...] = ()
    counts: tuple[float, ...] = ()
    sizes: tuple[float, ...] = ()

    def supports(self, quantity: Quantity) -> bool:
        if any(numbers_match(quantity.value, n, rel_tol=0.005) for n in self.numbers):
            return True
        counted = quantity.is_bare or (quantity.kind == "count" and quantity.scale == 1)  # `10项`, `7 rows`
        if counted and any(numbers_match(quantity.value, n, rel_tol=1e-9, scales=(1,)) for n in self.counts):
            return True
        size = quantity.value * quantity.scale
        return quantity.scale != 1 and any(math.isclose(size, s, rel_tol=0.005) for s in self.sizes)


def recomputes(step: Step) -> bool:
    """Whether the step's operation over its operands gives its result, to the decimals it was rounded to."""
    operation = _OPERATIONS.get(step.op)
    if operation is None or len(step.operands) < _ARITY.get(step.op, 2):
        return False
    if step.op == "rescale" and not _power_of_ten(step.operands[1]):
        return False  # a scale word multiplies by a power of ten, nothing else
    try:
        exact = operation(step.operands)
    except (ZeroDivisionError, ValueError, OverflowError):
        return False
    if isinstance(exact, complex):
        return False
    tolerance = max(0.5 * 10**-step.decimals, _SIGNIFICANT_TOLERANCE * abs(exact)) + 1e-9
    return abs(exact - step.result) <= tolerance


def _power_of_ten(factor: float) -> bool:
    return factor > 0 and math.isclose(10 ** round(math.log10(factor)), factor, rel_tol=1e-9)


def _in_evidence(operand: float, evidence: Sequence[Quantity], made: Sequence[float]) -> bool:
    """An operand as printed in a cited passage (its sign may come from words: `fell 4.9%`), or a traced result."""
    if any(numbers_match(operand, n, rel_tol=1e-9, scales=(1,)) for n in made):
        return True
    return any(numbers_match(abs(operand), abs(q.value), rel_tol=1e-9, scales=(1,)) for q in evidence)


def _operands_cited(step: Step, evidence: Sequence[Quantity], made: Sequence[float]) -> bool:
    shape = _SHAPE_OPERANDS.get(step.op, ())
    return all(_in_evidence(x, evidence, made) for i, x in enumerate(step.operands) if i not in shape)


def _count_traced(step: Step, citations: Sequence[Citation], tables: Callable[[str, str], Table | None] | None) -> bool:
    """A count of distinct rows of a cited table: every row named is a row of it (each cited, without a resolver);
    a count of a list's items (no table): every item is quoted by a citation."""
    if len(set(step.rows)) != len(step.rows) or step.result != len(step.rows):
        return False
    if not step.table_id:
        return all(any(item in c.quote for c in citations) for item in step.rows)
    cited = [c for c in citations if c.table_id and (c.table_id, c.doc_name) == (step.table_id, step.doc_name)]
    if not cited:
        return False
    table = tables(step.table_id, step.doc_name) if tables else None
    if table is not None:
        known = {row_key(row) for row in table.rows}
    else:
        known = {c.row_label for c in cited}
        return all(any(key == label or key.endswith(f" / {label}") for label in known) for key in step.rows)
    return all(key in known for key in step.rows)


def _unit_traced(step: Step, citations: Sequence[Citation], evidence_of: Callable[[Citation], list[Quantity]]) -> bool:
    """A scale a cited sentence (no table row) states a figure at: `USD 97 billion` for a table read at 1e9."""
    return any(
        not c.row_label and any(q.scale != 1 and math.isclose(q.scale, step.result) for q in evidence_of(c))
        for c in citations
    )


def trace(
    steps: Sequence[Step],
    citations: Sequence[Citation],
    evidence_of: Callable[[Citation], list[Quantity]],
    tables: Callable[[str, str], Table | None] | None = None,
) -> Traced:
    """The numbers the answer's traced steps support, in order (a step may use an earlier step's result)."""
    evidence = [q for c in citations for q in evidence_of(c)]
    numbers: list[float] = []
    counts: list[float] = []
    sizes: list[float] = []
    for step in steps:
        if step.op == "count":
            if _count_traced(step, citations, tables):
                counts.append(step.result)
        elif step.op == "unit":
            if _unit_traced(step, citations, evidence_of):
                sizes.append(step.result)
        elif recomputes(step) and _operands_cited(step, evidence, numbers):
            numbers.append(step.result)
            if step.op == "mean":
                counts.append(float(len(step.operands)))  # the divisor: how many operands were averaged
            if step.scale != 1:
                sizes.append(step.result * step.scale)
    return Traced(tuple(numbers), tuple(counts), tuple(sizes))
