"""A difference or a sum of two figures one sentence states, each named by words of the question only its own part
of the sentence holds (`rag.read.sentence_pairs.sentence_operands`): `exports grew 70% and imports 55%` answers how
many points faster exports grew; `8 measures for A and 5 measures for B` how many measures in all.

Used where no table holds the operands and no sentence about each entity alone gives them. Two percentages give a
difference in percentage points; amounts are put in the scale of the first; figures of two units are never
combined."""

from __future__ import annotations

from dataclasses import replace

from rag.read.compose import AnswerDraft
from rag.read.computed import stated_against
from rag.read.derived import amount_label, from_to_pairs, in_scale_of, magnitude_order, state_prose_formula
from rag.read.evidence import Evidence
from rag.read.operations import asks_operation, asks_year_before
from rag.read.prose import ProsePick, figures, prose_candidates, quantity_kind
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.sentence_pairs import figure_stretch, segment_of, sentence_operands, told_apart
from rag.text.numbers import Quantity, change, difference, total
from rag.types import Answer

# the kind of figure each asked kind is computed from: points are the gap of two percentages
OPERAND_KINDS = {"points": "percent", "percent": "percent", "amount": "amount", "count": "count"}


def operand_pair(question: Question, evidence: Evidence, kind: str) -> tuple[ProsePick, ProsePick] | None:
    """The two figures one sentence states for the question's two sides (`sentence_operands`), unless another figure
    of that kind in the segment of one of them (`segment_of`: between semicolons) is told apart from it no better
    (`reached 4 trillion, expanding from 3.7 trillion to 4.5 trillion`: 4 or 4.5?); a starting level (`from A to B`)
    is no rival of the level reached."""
    if len(set(question.years)) > 1 or asks_year_before(question.text.lower()):
        return None  # two periods of one item: a change over time, not two sides of one sentence
    pair = sentence_operands(question, evidence, kind)
    if pair is None or any(stated_against(figure_stretch(p.sentence, p.quantity)) for p in pair):
        return None
    sentence = pair[0].sentence
    starts = {old.start for _, old in from_to_pairs(sentence, figures(sentence, kind))}
    chosen = {p.quantity.start for p in pair}
    segments = {segment_of(sentence, p.quantity) for p in pair}
    rivals = {
        p.quantity.start: p
        for p in prose_candidates(replace(question, asked=kind), evidence)
        if p.sentence == sentence
        and segment_of(sentence, p.quantity) in segments
        and not p.problems
        and quantity_kind(p.quantity) == kind
        and p.quantity.start not in chosen | starts
    }
    if any(told_apart(question, rival, operand) is None for rival in rivals.values() for operand in pair):
        return None
    return pair


def derive_sentence_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The first-named figure less the other (the larger first when a gap or a shortfall is asked), in percentage
    points for two percentages."""
    kind = OPERAND_KINDS.get(question.asked)
    pair = operand_pair(question, evidence, kind) if kind else None
    if pair is None:
        return NO_OPERANDS
    first = pair[0]  # both of one sentence: cited once
    a, b = magnitude_order(pair[0].quantity, pair[1].quantity, question)
    if kind == "percent":
        formula = change(float(a.value), float(b.value))
        label = draft.templates["points"].format(value="").strip()
        return state_prose_formula(draft, formula, first, (a, b), label, unit="percentage points")
    formula = difference(float(a.value), in_scale_of(b, a.scale))
    return state_prose_formula(draft, formula, first, (a, b), *labels(a, kind))


def derive_sentence_sum(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The two figures added, in the first one's scale."""
    kind = OPERAND_KINDS.get(question.asked)
    pair = operand_pair(question, evidence, kind) if kind in ("amount", "count") else None
    if pair is None:
        return NO_OPERANDS
    a, b = pair[0].quantity, pair[1].quantity
    formula = total([float(a.value), in_scale_of(b, a.scale)])
    return state_prose_formula(draft, formula, pair[0], (a, b), *labels(a, kind))


def paired_total(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A lookup asking a figure `in total` (a `paired_total` word) of two sides the question names, where one
    sentence states a figure for each (`7 gizmos for A and 4 for B`): their sum. Anything else is left to the
    lookup (NO_OPERANDS): one item's total is the figure the report states."""
    low = question.text.lower()
    if question.operation != "lookup" or not all(asks_operation(low, w) for w in ("paired_total", "paired_joiner")):
        return NO_OPERANDS
    return derive_sentence_sum(draft, replace(question, operation="sum"), evidence)


def labels(quantity: Quantity, kind: str) -> tuple[str, float, str]:
    """(the formula's label, the confidence, the answer's unit): an amount's unit, or a count's noun."""
    if kind == "amount":
        return amount_label(quantity), 0.6, ""
    return quantity.base, 0.6, "count"
