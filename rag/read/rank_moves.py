"""A move in rank between two years worked out from a table that prints no rank (`how many places did X slip from
2021 to 2022`, `排名上升了几位`): the named row's position when its section's rows (totals left out) are sorted on
the asked measure in each year, largest first, and the places between the two positions. The words asking a move
are data (`rank_move` in `rag/data/rank_asks.tsv`)."""

from __future__ import annotations

import re
from dataclasses import replace

from rag.read.cells import names_row
from rag.read.compose import AnswerDraft, prose_citation
from rag.read.derived import falls, year_pair
from rag.read.evidence import Evidence
from rag.read.matching import overlap
from rag.read.prose import prose_problems
from rag.read.question import Question, question_measures
from rag.read.rank_asks import asks_rank_move, rank_words
from rag.read.ranks import position_of, rank_column, say_position
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.read.wording import english_ordinal
from rag.text.numbers import Formula, difference, years_in
from rag.text.sentences import split_sentences
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
    formula = places_moved(question, before, after)
    draft.formula = formula.render("", question.lang)
    draft.record(formula)
    return _moved(draft, formula, before, after, confidence=0.6)


def places_moved(question: Question, before: int, after: int) -> Formula:
    """The places a rank moved, counted in the direction the question asks (a fall: later minus earlier)."""
    return difference(after, before) if falls(question) else difference(before, after)


def _moved(
    draft: AnswerDraft,
    formula: Formula,
    before: int,
    after: int,
    confidence: float,
    quoted: tuple[int, str] | None = None,
) -> Answer:
    """The answer stating the places a rank moved from `before` to `after` (`formula`, already recorded); `quoted`:
    the citation number and sentence that state both ranks, said in the same sentence (`rank_moved_quoted`), not as
    a second account of the same move."""
    quote = {"n": quoted[0], "quote": quoted[1]} if quoted else {}
    draft.say(
        "rank_moved_quoted" if quoted else "rank_moved",
        **quote,
        places=formula.shown_result(),
        moved=draft.templates[move_word(formula, before, after)],
        before=before,
        after=after,
        before_ordinal=english_ordinal(before),
        after_ordinal=english_ordinal(after),
    )
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = "rank"
    draft.confidence = confidence
    return draft.answer()


def move_word(formula: Formula, before: int, after: int) -> str:
    """The template naming the move's direction: a rise where the later rank is nearer the top (`rose 3 places`), a
    fall where it is further down; no direction where the places counted are not a positive count."""
    if formula.result <= 0 or before == after:
        return "rank_moved_by"
    return "rank_rose" if after < before else "rank_fell"


# a rank as a sentence prints it: `12th`, `第12位` / `第12名`
_RANK = r"(?:(\d{1,3})(?:st|nd|rd|th)\b|第\s*(\d{1,3})\s*(?:位|名))"
# the earlier rank after `up from` may be printed bare, after the year it was held in
# (`up from 2010, 31`), but not an amount's figure (`up from 2.1 billion`, `up from 31%`)
_BARE_RANK = (
    r"(?:(?:in\s+)?(?:19|20)\d\d\s*[,，]?\s*)?(\d{1,3})(?!\d|[.,]\d)(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:%|percent|per cent|thousand|million|billion|trillion|亿|万))"
)


def _words(group: str) -> str:
    return "|".join(re.escape(word) for word in sorted(rank_words().get(group, {}), key=len, reverse=True))


def stated_ranks(sentence: str) -> tuple[int, int] | None:
    """(earlier rank, later rank) one sentence states: `12th, up from 31st` (the later rank, then the earlier after
    `rank_up_from` / `rank_down_from`), or `from 31st to 12th` / `从第31位升至第12位` (`rank_from` ... `rank_to`);
    None when it states no such pair."""
    low = sentence.lower()
    after = re.search(
        rf"{_RANK}[^.;。；]{{0,12}}?(?:{_words('rank_up_from')}|{_words('rank_down_from')})\s*{_BARE_RANK}", low
    )
    if after:
        return int(after.group(3)), int(after.group(1) or after.group(2))
    moved = re.search(
        rf"(?:{_words('rank_from')})\s*[^.;。；]{{0,12}}?{_RANK}[^.;。；]{{0,16}}?(?:{_words('rank_to')})\s*{_RANK}",
        low,
    )
    if moved:
        return int(moved.group(1) or moved.group(2)), int(moved.group(3) or moved.group(4))
    return None


def prose_rank_move(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The places a rank moved between the two years asked, from one sentence naming the question's entities and
    both years that states the earlier and the later rank (`stated_ranks`): their difference, in the direction asked
    (a rise asked of a fall stated is no answer); the sentence cited."""
    if not asks_rank_move(question.text) or len(set(question.years)) < 2:
        return NO_OPERANDS
    found = []
    for rank, chunk in evidence.prose():
        for sentence in split_sentences(chunk.body):
            if not set(question.years) <= years_in(sentence) or prose_problems(
                chunk, sentence, question, evidence.glossary
            ):
                continue
            ranks = stated_ranks(sentence)
            if ranks is not None:
                found.append((overlap(question, sentence) + 0.6 / (1 + rank), chunk, sentence, ranks))
    if not found:
        return NO_OPERANDS
    _, chunk, sentence, (before, after) = max(found, key=lambda item: item[0])
    formula = places_moved(question, before, after)
    if formula.result <= 0:
        return NO_OPERANDS  # the sentence states a move the other way than asked
    n = draft.cite(prose_citation(chunk, sentence, f"{before}; {after}"))
    draft.formula = formula.render("", question.lang)
    draft.record(formula)
    return _moved(draft, formula, before, after, confidence=0.5, quoted=(n, sentence))
