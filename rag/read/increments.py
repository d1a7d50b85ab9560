"""The growth rate a level and its stated change imply (`dispatched 1,622 workers, 687 more than in 2021`).

A question asking how much a count grew, in percent, where the report prints no rate but the level and, right
after it, the change against an earlier period (`rag/data/increments.tsv`: `more than`, `fewer than`): the rate is
change / (level − change), both figures cited. The level must count what the question counts (`rag.read.counted`),
and the change follow it within its sentence, in its unit, with no other figure between them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from rag.read.compose import AnswerDraft
from rag.read.counted import counted_noun, counts_it, subject_counted
from rag.read.derived import same_unit, state_prose_formula
from rag.read.evidence import Evidence
from rag.read.prose import ProsePick, figures, prose_candidates, quantity_kind
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal
from rag.text.numbers import Formula, difference, growth_rate, total
from rag.text.wordlists import grouped_words
from rag.types import Answer

INCREMENTS_PATH = Path(__file__).resolve().parents[1] / "data" / "increments.tsv"
REACH = 12  # characters between the level and its change (`1,622 workers, 687`)
WORD_REACH = 16  # characters between the change and its `more than`


@lru_cache(maxsize=2)
def increment_words(path: Path = INCREMENTS_PATH) -> dict[str, tuple[str, ...]]:
    return grouped_words(path, "increment words")


def stated_change(pick: ProsePick):
    """(the change, +1 or −1) printed right after the figure as its change over an earlier period, else None."""
    sentence, level = pick.sentence, pick.quantity
    after = [q for q in figures(sentence, quantity_kind(level)) if q.start >= level.end]
    if not after or after[0].start - level.end > REACH or not same_unit(after[0], level):
        return None
    sign = increment_sign(sentence, after[0])
    return (after[0], sign) if sign else None


def increment_sign(sentence: str, change) -> int:
    """+1 when an `up` word of `rag/data/increments.tsv` follows the figure `change` within WORD_REACH characters
    (`687 more than`), −1 a `down` word, 0 neither."""
    tail = sentence[change.end : change.end + WORD_REACH + 12].lower()
    for sign, key in ((1, "up"), (-1, "down")):
        for word in increment_words().get(key, ()):
            at = tail.find(word)
            if 0 <= at <= WORD_REACH:
                return sign
    return 0


def asks_growth_percent(question: Question) -> bool:
    return question.asked == "percent" and "growth" in question.measures and question.operation == "lookup"


def earlier_year(question: Question) -> int | None:
    """The earlier of the two years a growth-rate question compares (`2023年...比2022年增长了几成`: 2022), or None."""
    years = sorted(set(question.years))
    if question.operation != "growth_rate" or question.asked != "percent" or len(years) != 2:
        return None
    return years[0]


def base_of(pick: ProsePick, change, sign: int) -> Formula:
    """The level of the earlier period: the printed level less its stated rise (plus its fall), the change read in
    the level's unit."""
    level = float(pick.quantity.value)
    amount = float(change.value) * change.scale / pick.quantity.scale
    return difference(level, amount) if sign > 0 else total((level, amount))


def derive_increment_growth(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """change / (level − change) for the best clean count of what the question counts (`rag.read.counted`) that is
    printed with its change."""
    against = earlier_year(question)
    if not asks_growth_percent(question) and against is None:
        return NO_OPERANDS
    counting = replace(question, asked="count", operation="lookup", years=question.years[:1])
    counted = counted_noun(counting, evidence.glossary) or subject_counted(question, evidence.glossary)
    if counted is None:
        return amount_increment_growth(draft, question, evidence, against)
    for pick in prose_candidates(counting, evidence):
        if pick.problems or quantity_kind(pick.quantity) != "count":
            continue
        if not counts_it(pick.sentence, pick.quantity, counted):
            continue  # a count of other things than the question's (`workers` for a flow of investment)
        found = changed_against(pick, against)
        if found is not None:
            return state_increment_growth(draft, pick, *found)
    return NO_OPERANDS


def changed_against(pick: ProsePick, against: int | None):
    """(the change, its sign) stated right after the level of `pick` against the year `against` (any earlier period
    when None), else None."""
    found = stated_change(pick)
    if found is None:
        return None
    change, _ = found
    if against is not None and str(against) not in pick.sentence[change.end : change.end + WORD_REACH + 24]:
        return None  # the change is against another period than the one the question compares with
    return found


def amount_increment_growth(
    draft: AnswerDraft, question: Question, evidence: Evidence, against: int | None
) -> Answer | Refusal:
    """The growth of an amount (`exports of $5.2 billion, $1.3 billion more than in 2030`) from the best clean
    amount the question matches, where its sentence states that change against the year compared: one figure bound
    to the question, never a neighbour's."""
    if against is None:
        return NO_OPERANDS  # no earlier year named: a change against an unnamed period is not bound to the question
    asking = replace(question, asked="amount", operation="lookup", years=(max(question.years),))
    picks = [p for p in prose_candidates(asking, evidence) if not p.problems and quantity_kind(p.quantity) == "amount"]
    found = changed_against(picks[0], against) if picks else None
    return state_increment_growth(draft, picks[0], *found) if found is not None else NO_OPERANDS


def state_increment_growth(draft: AnswerDraft, pick: ProsePick, change, sign: int) -> Answer:
    """change / (level − change) in percent: the earlier level a step from the two cited figures, then the growth."""
    before = base_of(pick, change, sign)
    formula = growth_rate(float(pick.quantity.value), before.result)
    draft.record(before)  # the base is in no passage: a step from the two cited figures
    return state_prose_formula(draft, formula, pick, (pick.quantity, change), "%")


def level_before(
    draft: AnswerDraft, question: Question, evidence: Evidence, found: float, unit: str = ""
) -> Answer | Refusal:
    """The figure of the one year a question asks, when the figure `found` for it is a later year's level printed
    with its change against the asked year (`1,622 workers in 2022, 687 more than in 2021` asked for 2021): the level
    less (or plus) the change, both figures cited; NO_OPERANDS when `found` is no such level."""
    if question.operation != "lookup" or len(question.years) != 1:
        return NO_OPERANDS
    year = str(question.years[0])
    for pick in prose_candidates(question, evidence):
        if float(pick.quantity.value) != found:
            continue
        changed = stated_change(pick)
        if changed is None:
            continue
        change, sign = changed
        tail = pick.sentence[change.end : change.end + WORD_REACH + 24]
        if year not in tail or year in pick.sentence[: pick.quantity.start]:
            continue  # the change is not against the asked year, or the level is of the asked year itself
        return state_prose_formula(draft, base_of(pick, change, sign), pick, (pick.quantity, change), "", unit=unit)
    return NO_OPERANDS
