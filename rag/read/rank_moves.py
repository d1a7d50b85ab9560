"""A move in rank between two years worked out from a table that prints no rank (`how many places did X slip from
2021 to 2022`, `排名上升了几位`): the named row's position when its section's rows (totals left out) are sorted on
the asked measure in each year, largest first, and the places between the two positions. The words asking a move
are data (`rank_move` in `rag/data/rank_asks.tsv`)."""

from __future__ import annotations

from dataclasses import replace

from rag.read.cells import names_row
from rag.read.compose import AnswerDraft
from rag.read.derived import falls, year_pair
from rag.read.evidence import Evidence
from rag.read.question import Question, question_measures
from rag.read.rank_asks import asks_rank_move, rank_words
from rag.read.ranks import position_of, rank_column, say_position
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.wording import english_ordinal
from rag.text.numbers import difference
from rag.types import Answer


def without_move_words(text: str) -> str:
    """The question less the words asking the move (`how many places`): they count places, not the measure ranked."""
    low = text.lower()
    for word in rank_words().get("rank_move", {}):
        low = low.replace(word, " ")
    return low


def derive_rank_move(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The places a named row moved between the two years asked, by the asked measure (an amount unless only a
    count is asked): the earlier position less the later one for a rise (or a move of no stated direction), the
    later less the earlier for a fall; each year's rows above the row are cited."""
    if not asks_rank_move(question.text) or len(set(question.years)) < 2:
        return NO_OPERANDS
    kind = "count" if "count" in question_measures(without_move_words(question.text)) else "amount"
    pair = year_pair(replace(question, asked=kind, operation="difference"), evidence)
    if pair is None or pair[0].row is not pair[1].row or rank_column(pair[0].table) is not None:
        return NO_OPERANDS
    if not names_row(pair[0].row, question, evidence.glossary):
        return NO_OPERANDS  # a total's pair (the question names no row): no row's rank moved
    new, old = pair
    before, after = position_of(old), position_of(new)
    for pick, position in ((old, before), (new, after)):
        say_position(draft, pick, position, question, evidence)
    formula = difference(after, before) if falls(question) else difference(before, after)
    draft.formula = formula.render("", question.lang)
    draft.record(formula)
    draft.say(
        "rank_moved",
        places=formula.shown_result(),
        before=before,
        after=after,
        before_ordinal=english_ordinal(before),
        after_ordinal=english_ordinal(after),
    )
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = "rank"
    draft.confidence = 0.6
    return draft.answer()
