"""A ratio of two values per item: `how many times A's average outlay per firm was B's` is
(amount_a / count_a) / (amount_b / count_b), never amount_a / amount_b.

Each side's amount is a figure the question's sides tell apart (one sentence or two clauses); its count is the
whole number of the same sentence that counts that side's items (`40 co-operative firms`, not the other side's
`310 private firms`). Each division is a step of its own, and the ratio of the two values per item the last step;
where either side's count is not stated, the question is refused rather than answered with the amounts' ratio.
"""

from __future__ import annotations

from rag.read.aggregates import counted_items, item_counts, per_count
from rag.read.clause_operands import clause_pair, question_sides
from rag.read.compose import AnswerDraft, prose_citation, say_derived_prose
from rag.read.derived import in_scale_of
from rag.read.evidence import Evidence
from rag.read.prose import ProsePick
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.sentence_pairs import sentence_operands
from rag.text.numbers import Quantity, plain
from rag.types import Answer


def side_count(pick: ProsePick, own: frozenset[str], other: frozenset[str]) -> Quantity | None:
    """The one count of the pick's sentence whose counted words (`counted_items`) name this side more than the
    other; None when no count, or two, fit equally."""
    scored = []
    for count in item_counts(pick.sentence, pick.quantity):
        items = counted_items(pick.sentence, count)
        fit = len(items & own) - len(items & other)
        if fit > 0:
            scored.append((fit, count))
    if not scored:
        return None
    best = max(fit for fit, _ in scored)
    top = {count.value for fit, count in scored if fit == best}
    return next(count for fit, count in scored if fit == best) if len(top) == 1 else None


def derive_item_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """Side a's value per item as a multiple of side b's, both amounts and both counts quoted."""
    sides = question_sides(question, evidence.glossary)
    pair = sentence_operands(question, evidence, "amount") or clause_pair(question, evidence, "amount")
    if sides is None or not pair:
        return NO_OPERANDS
    a, b = pair
    counts = (side_count(a, sides.a, sides.b), side_count(b, sides.b, sides.a))
    if counts[0] is None or counts[1] is None:
        return NO_OPERANDS  # a side's items are not counted: the amounts' own ratio would answer another question
    scale = a.quantity.scale
    each_a = per_count(float(a.quantity.value), counts[0].value)
    each_b = per_count(in_scale_of(b.quantity, scale), counts[1].value)
    times = per_count(each_a.result, each_b.result)  # kept to significant digits, as the values per item are
    for formula in (each_a, each_b, times):
        draft.record(formula)
    sentences = list(dict.fromkeys((a.sentence, b.sentence)))
    quoted = "; ".join(q.text for q in (a.quantity, counts[0], b.quantity, counts[1]))
    n = draft.cite(prose_citation(a.chunk, " … ".join(sentences), quoted))
    draft.value = draft.source_value = times.result
    draft.unit = draft.source_unit = draft.templates["times"]
    draft.formula = (
        f"({plain(each_a.operands[0])} / {plain(counts[0].value)}) / ({plain(each_b.operands[0])} / "
        f"{plain(counts[1].value)}) = {plain(each_a.result)} / {plain(each_b.result)} = {plain(times.result)}"
    )
    say_derived_prose(draft, f"{draft.formula} {draft.templates['times']}".strip(), n)
    draft.confidence = 0.5
    return draft.answer()
