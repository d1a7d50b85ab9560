"""Operations over the parts of a country a listing sentence states one by one (`how many times the eastern
region's investment was the central region's`): each operand is the best clean prose figure that its own listing
item binds to its part (`rag.read.parts.bound_part`), never a figure of the whole or of a neighbouring part."""

from __future__ import annotations

from dataclasses import replace

from rag.read.compose import AnswerDraft, say_derived, shown_formula
from rag.read.derived import amount_label, cite_prose_picks, in_scale_of, magnitude_order, same_figure, same_unit
from rag.read.evidence import Evidence
from rag.read.parts import asked_parts, bound_part
from rag.read.prose import ProsePick, prose_candidates, prose_kind_fits, quantity_kind
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.text.numbers import difference, ratio
from rag.types import Answer


def part_picks(question: Question, evidence: Evidence) -> list[ProsePick] | Refusal:
    """One figure per part the question names, in its order: of the clean candidates of the asked kind, the best
    one bound to that part. A refusal naming the first part with no such figure; NO_OPERANDS when the question
    names fewer than two parts or the figures are of different units."""
    parts = asked_parts(question.text, evidence.glossary)
    if len(parts) < 2:
        return NO_OPERANDS
    asked = "amount" if question.asked in ("times", "amount") else question.asked
    clean = [
        p
        for p in prose_candidates(replace(question, asked=asked), evidence)
        if not p.problems and prose_kind_fits(asked, quantity_kind(p.quantity))
    ]
    picks: list[ProsePick] = []
    for part, words in parts:
        bound = [p for p in clean if bound_part(p.sentence, p.quantity.start, evidence.glossary) == part]
        if not bound or any(same_figure(bound[0], other) for other in picks):
            return Refusal(Unmet.NEAR, words)
        picks.append(bound[0])
    if any(not same_unit(p.quantity, picks[0].quantity) for p in picks):
        return NO_OPERANDS
    return picks


def part_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many times the first part's figure was the second's`: first / second, both cited."""
    return _two_parts(draft, question, evidence, "ratio")


def part_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`By how much the first part's figure exceeded the second's`: first − second (the larger first when a gap is
    asked), both cited."""
    return _two_parts(draft, question, evidence, "difference")


def _two_parts(draft: AnswerDraft, question: Question, evidence: Evidence, operation: str) -> Answer | Refusal:
    picks = part_picks(question, evidence)
    if isinstance(picks, Refusal) or len(picks) != 2:
        return picks if isinstance(picks, Refusal) else NO_OPERANDS
    scale = picks[0].quantity.scale
    scaled = [replace(p.quantity, value=in_scale_of(p.quantity, scale), scale=scale) for p in picks]
    order = [0, 1]
    if operation == "difference":
        first, _ = magnitude_order(scaled[0], scaled[1], question)
        order = [0, 1] if first is scaled[0] else [1, 0]
    a, b = (scaled[i].value for i in order)
    formula = ratio(a, b) if operation == "ratio" else difference(a, b)
    refs = cite_prose_picks(draft, [picks[i] for i in order])
    kind = quantity_kind(picks[0].quantity)
    label = (
        draft.templates["times"]
        if operation == "ratio"
        else (amount_label(picks[0].quantity) if kind == "amount" else kind)
    )
    draft.formula = formula.render(label, question.lang)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = label
    names = [words for _, words in asked_parts(question.text, evidence.glossary)]
    joiner = draft.templates[f"pair_{operation}"]
    subject = joiner.join(names[i] for i in order)
    say_derived(draft, subject, shown_formula(draft, formula, label), "][".join(map(str, refs)), operation)
    draft.confidence = 0.5
    return draft.answer()
