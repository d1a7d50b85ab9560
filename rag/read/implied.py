"""Values a stated rate or share implies.

* The value of the year before, from a figure and the growth or fall stated for it (`derive_before_growth`):
  later / (1 + rate %), a fall being a negative rate whatever its words (`rate_up` / `rate_down` of
  `rag/data/operations.tsv`, `rag/data/change_words.tsv`). The two operands are a table row's figure and its growth
  column, or a sentence's figure and the percentage stated as its change, after it (`$17.5 billion, down 11.6%`),
  before it (`fell 4.1% to $19.0 billion`) or in the next sentence (`This was a decrease of 4.1%.`). Both must be
  of the entity, measure and year the question binds; a rate the question itself states (`given the 12.5% drop`)
  must be the one found.
* The whole a part implies by the share a sentence states for it: `42.5 billion yuan, accounting for 1/5 of the
  country's` gives the country's 42.5 / (1/5). Asked by an amount question that names a share and a whole
  (`whole` trigger words: `as a whole`, `全国`). Shares are read as printed: percentages, `1/7`, `七分之一`, and the
  words of `rag/data/fractions.tsv` (`one seventh`).
* The part a whole implies by the share stated for the part (`derive_part_from_share`): whole × share %, the share
  read from a list of shares `respectively` (`mainly in A and B, accounting for 56% and 26.6% respectively`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.read.cells import MIN_SCORE, CellPick, cell_candidates, cell_years, first_clean
from rag.read.clause_operands import state_pair
from rag.read.compose import AnswerDraft, prose_citation, say_derived, shown_formula, state_formula, subject_of
from rag.read.derived import RATE_REACH, amount_label, from_to_pairs, growth_cell, same_unit, state_prose_formula
from rag.read.evidence import Evidence
from rag.read.increments import base_of, increment_sign
from rag.read.matching import display_name, mentions, names_of, overlap, places_in
from rag.read.operations import asks_operation, asks_year_before, change_direction, fraction_words, operation_words
from rag.read.prose import ProsePick, asked_measures, figures, names_measure, prose_candidates, quantity_kind
from rag.read.question import Question, question_measures, question_years, works_from_growth, works_from_multiple
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.retrieve.operands import operand_passages
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import (
    Quantity,
    before_growth,
    before_multiple,
    extract_quantities,
    part_from_share,
    whole_from_share,
    years_in,
)
from rag.text.sentences import split_sentences
from rag.text.tokens import find_word, holds_any
from rag.types import Answer


@dataclass(frozen=True)
class StatedShare:
    """A share as printed, `numerator / denominator` of a whole, at `start:end` of the text it was read from."""

    start: int
    end: int
    numerator: float
    denominator: float
    text: str


_NUMERIC = re.compile(r"(?<![\d.,/])(\d{1,2})\s*/\s*(\d{1,3})(?![\d.,/])")
_ZH_DIGITS = "一二三四五六七八九十"
_CHINESE = re.compile(rf"([{_ZH_DIGITS}])分之([{_ZH_DIGITS}])")


def shares_in(text: str) -> list[StatedShare]:
    """Every share `text` prints, in order: `25.1%`, `1/7`, `one seventh`, `七分之一`."""
    found = [
        StatedShare(q.start, q.end, float(q.value), 100.0, q.text)
        for q in extract_quantities(text)
        if q.kind == "percent"
    ]
    found += [StatedShare(m.start(), m.end(), float(m[1]), float(m[2]), m[0]) for m in _NUMERIC.finditer(text)]
    found += [
        StatedShare(m.start(), m.end(), _ZH_DIGITS.index(m[2]) + 1.0, _ZH_DIGITS.index(m[1]) + 1.0, m[0])
        for m in _CHINESE.finditer(text)
    ]
    low = text.lower()
    for word, (numerator, denominator) in fraction_words().items():
        match = find_word(word, low)
        if match is not None:
            found.append(
                StatedShare(match.start(), match.end(), numerator, denominator, text[match.start() : match.end()])
            )
    return sorted(found, key=lambda s: s.start)


_BREAK = re.compile(r"[,;，；]")


def share_of(sentence: str, amount: Quantity) -> StatedShare | None:
    """The share a sentence states for `amount`: the first share after it and before the next amount whose own
    clause names a share (`accounting for`, `占`)."""
    later = [q.start for q in extract_quantities(sentence) if q.start >= amount.end and quantity_kind(q) == "amount"]
    end = min(later, default=len(sentence))
    for stated in shares_in(sentence[amount.end : end]):
        before = sentence[amount.end : amount.end + stated.start]
        clause = _BREAK.split(before)[-1]
        if "share" in question_measures(clause):
            return replace(stated, start=stated.start + amount.end, end=stated.end + amount.end)
    return None


def asks_whole_from_share(question: Question) -> bool:
    """An amount question naming a share and a whole (`going by X's share, how much did the country as a whole
    ...?`)."""
    low = question.text.lower()
    return question.asked == "amount" and "share" in question.measures and asks_operation(low, "whole")


def part_with_share(question: Question, evidence: Evidence) -> tuple[ProsePick, StatedShare] | None:
    """The best clean figure of the asked measure for one of the question's entities (the part; the others may be
    the whole) and the share its sentence states for it; None when that figure has no stated share."""
    floor = MIN_SCORE * (0.5 if question.lang == "zh" else 1.0)
    best: tuple[ProsePick, StatedShare] | None = None
    for entity in question.entities or ("",):
        own = replace(question, entities=(entity,) if entity else ())
        clean = [p for p in prose_candidates(own, evidence) if not p.problems and quantity_kind(p.quantity) == "amount"]
        clean = reached_levels(clean)
        if not clean or clean[0].score < floor:
            continue
        stated = share_of(clean[0].sentence, clean[0].quantity)
        if stated is not None and (best is None or clean[0].score > best[0].score):
            best = (clean[0], stated)
    return best


def reached_levels(picks: list[ProsePick]) -> list[ProsePick]:
    """`X expanded from 96.2 billion to 121.7 billion`: the level reached (121.7) is the figure of the period, with
    the words of the whole phrase (the better score of the two); the starting level is dropped."""
    by_position = {(p.sentence, p.quantity.start): p for p in picks}
    starts: set[tuple[str, int]] = set()
    partners: dict[tuple[str, int], ProsePick] = {}
    for sentence in {p.sentence for p in picks}:
        for new, old in from_to_pairs(sentence, figures(sentence, "amount")):
            starts.add((sentence, old.start))
            if (sentence, old.start) in by_position:
                partners[(sentence, new.start)] = by_position[(sentence, old.start)]
    kept = []
    for pick in picks:
        key = (pick.sentence, pick.quantity.start)
        if key in starts:
            continue
        partner = partners.get(key)
        kept.append(replace(pick, score=max(pick.score, partner.score)) if partner is not None else pick)
    return sorted(kept, key=lambda p: -p.score)


def derive_whole_from_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The whole a part's stated share implies: part / share, the part and its share cited with their sentence."""
    found = part_with_share(question, evidence)
    if found is None:
        return NO_OPERANDS
    pick, stated = found
    formula = whole_from_share(pick.quantity.value, stated.numerator, stated.denominator)
    share_text = Quantity(stated.numerator, kind="percent", text=stated.text)
    return state_prose_formula(draft, formula, pick, (pick.quantity, share_text), amount_label(pick.quantity), 0.5)


# --- the value of the year before, implied by a stated growth or fall ---------------------------------------------


FIGURE_YEAR = 0  # the later year of a question naming none: the year of the figure a table prints with its growth


def implied_later_year(question: Question, estimate: bool = False) -> int | None:
    """The later year whose figure and growth imply the value asked: the year after the one asked, when the question
    asks for the implied value (`the year before Y`, `implied`, a growth or fall given to work from:
    `works_from_growth`) or for a rough figure (`estimate`); None otherwise: a year the report prints no figure for
    is not answered by arithmetic unasked."""
    low = question.text.lower()
    years = sorted(set(question.years))
    if question.asked not in ("amount", "count"):
        return None
    if not years:
        # `X the year before, going by its growth`: no year named, so the later year is that of the figure printed
        # beside its growth (`table_operands` takes any year); only a year-before word asks it, not a rough figure
        return FIGURE_YEAR if asks_year_before(low) and not estimate else None
    asked = asks_year_before(low) or asks_operation(low, "implied") or works_from_growth(low) or estimate
    if asked and (len(years) == 1 or years[-1] - years[0] == 1):
        return years[0] + 1  # `the Y-1 value that X's growth in Y implies`, `X in the year before Y`
    return None


def rate_fits(question: Question, rate: float) -> bool:
    """A rate the question states (`given the 12.5% drop`) is the one the operands must have; any rate fits a
    question stating none."""
    return not question.numbers or any(abs(abs(rate) - n) < 1e-9 for n in question.numbers)


def of_year(pick: CellPick, year: int) -> bool:
    """The cell is of `year`: its column or row names it, or, naming none, its table's title names it or no year."""
    own = cell_years(pick.table, pick.row, pick.index)
    if own:
        return year in own
    titled = years_in(pick.table.title + pick.table.toc_title)
    return not titled or year in titled


def row_named(pick: CellPick, question: Question, glossary: Glossary | None = None) -> bool:
    """One of the question's entities is the pick's row label (`一般建筑项目`), or, in English, whole words of an
    English name the glossary gives that label (`Gadget Bay` of `Port of Gadget Bay`), not a word it holds in part."""
    label = pick.row.label
    english = [name for name in names_of(label, glossary) if not has_cjk(name)] if glossary is not None else []
    return any(
        entity == label or not has_cjk(entity) and any(find_word(entity.lower(), name.lower()) for name in english)
        for entity in question.entities
    )


def table_operands(question: Question, evidence: Evidence, later_year: int) -> tuple[CellPick, CellPick] | None:
    """The best clean cell of the asked kind for `later_year` whose row prints a growth rate for it (a growth
    column: `growth_cell`), and that rate. A row of another entity or year is never taken; a cell whose row and
    column name no year, in a table whose title dates it otherwise, is taken where the prose of the table's section
    names the year (a garbled title: `2012` for 2022), as `cell_candidates` takes it, and the question states the
    rate the row prints, or names the row, its figure's column and its growth column in the table's own words
    (`quotes_row`): without that, a table of another year is a near figure."""
    years = [] if later_year == FIGURE_YEAR else [later_year]
    for pick in cell_candidates(question, evidence, question.asked, years):
        if pick.problems or pick.score < MIN_SCORE:
            continue
        rate = growth_cell(pick, evidence.glossary)
        if rate is None or rate.value is None or rate.value <= -100 or not rate_fits(question, rate.value):
            continue
        if later_year == FIGURE_YEAR:
            return (pick, rate) if row_named(pick, question) else None
        # a garbled title's year gives way only to a rate the question states and the row prints, or to a question
        # that asks to work from the row's figure of the later year it names itself and its change (`根据2031年出口额
        # 和同比变化推算，2030年...`); a question naming only the earlier year does not date the table
        low = question.text.lower()
        named = (
            later_year in question_years(low)
            and works_from_growth(low)
            and row_named(pick, question, evidence.glossary)
        )
        told = bool(question.numbers) or named or quotes_row(question, pick, rate)  # or quoting the table
        undated = told and not cell_years(pick.table, pick.row, pick.index)
        if (
            of_year(pick, later_year)
            or undated
            and evidence.section_mentions_year(pick.table, pick.heading, later_year)
        ):
            return pick, rate
    return None


def quotes_row(question: Question, pick: CellPick, rate: CellPick) -> bool:
    """The question holds, as printed, the row's label, the header of the figure's column and that of its growth
    column (`石油化工项目`, `营业额`, `同比`): it reads that row of that table, not a figure a translation matched."""
    low = question.text.lower()
    printed = (pick.row.label, pick.column, rate.column)
    return all(len(text.strip()) >= 2 and text.strip().lower() in low for text in printed)


def change_sign(words: str) -> int:
    """+1 when `words` state a rise (`up`, `grew`, `增长`), -1 a fall (`down`, `a decline of`, `下降`, `降幅`), 0 when
    they state neither or both."""
    low = words.lower()
    fall = holds_any(operation_words().get("rate_down", ()), low) or change_direction(low) == "fall"
    rise = holds_any(operation_words().get("rate_up", ()), low) or change_direction(low) == "rise"
    return 0 if fall == rise else (-1 if fall else 1)


_NEW_CLAUSE = re.compile(r"\b(?:and|while|whereas|but)\b|[;；和而]")
# what may stand between a stated change and the level it reached: `fell 4.1% to $19.0 billion`, `下降4.1%，至190亿`
_REACHED = re.compile(r"^[\s,，]*(?:to|at|reaching|(?:and )?reached|至|达到|达|为)?[\s,，]*(?:us|usd|rmb)?[\s$\\]*$")


def stated_rate_of(sentence: str, amount: Quantity) -> Quantity | None:
    """The percentage a sentence states as `amount`'s change, signed (a fall is negative): the first figure after
    it, within RATE_REACH characters, a percentage with a rise or fall word between (`$6.9 billion, down 11.6%`);
    else the figure right before it, a percentage a rise or fall word precedes, joined to it by no more than `to`
    (`fell 4.1% to $19.0 billion`). None when another figure or another subject's clause comes between."""
    found = [q for q in extract_quantities(sentence) if q.kind != "year"]
    after = [q for q in found if q.start >= amount.end]
    if after and quantity_kind(after[0]) == "percent" and after[0].start - amount.end <= RATE_REACH:
        rate, between = after[0], sentence[amount.end : after[0].start]
        if not _NEW_CLAUSE.search(between.lower()):  # `$6.3 billion and its orders grew 5%`: another subject's rate
            return signed(rate, between)
    before = [q for q in found if q.end <= amount.start]
    joined = before and _REACHED.match(sentence[before[-1].end : amount.start].lower())
    if joined and quantity_kind(before[-1]) == "percent":
        rate = before[-1]
        return signed(rate, sentence[max(0, rate.start - RATE_REACH // 2) : rate.start])
    return None


def signed(rate: Quantity, words: str) -> Quantity | None:
    """`rate` with the sign its change words give it (a printed minus kept); None when they state no change."""
    if rate.value < 0:
        return rate
    sign = change_sign(words)
    return replace(rate, value=sign * rate.value) if sign else None


def next_sentence_rate(pick: ProsePick) -> Quantity | None:
    """The change the next sentence states for the figure its sentence ends with: it opens with a back reference
    (`back_reference` data: `This was a decrease of 5%.`, `同比下降5%。`) and its first figure is a percentage with
    a rise or fall word before it; signed as `stated_rate_of` signs."""
    later = [q for q in extract_quantities(pick.sentence) if q.kind != "year" and q.start > pick.quantity.start]
    sentences = split_sentences(pick.chunk.body)
    if later or pick.sentence not in sentences:
        return None
    at = sentences.index(pick.sentence)
    following = sentences[at + 1].lstrip() if at + 1 < len(sentences) else ""
    if not following.lower().startswith(operation_words().get("back_reference", ())):
        return None
    first = next((q for q in extract_quantities(following) if q.kind != "year"), None)
    if first is None or quantity_kind(first) != "percent":
        return None
    return signed(first, following[: first.start])


INCREMENT_REACH = 100  # characters between a level and the change in its unit stated later in its clause chain


def stated_increment(pick: ProsePick, year: int) -> tuple[Quantity, int] | None:
    """`347 gadget fitters, up 34%, or 88 more than the previous year`: the change in the level's own unit its
    sentence states against the year before (`year`: a year-before word or that year after the `more than`), the
    next figure of its kind after it, within INCREMENT_REACH characters and no other subject's clause between:
    exact where a rate is rounded."""
    level = pick.quantity
    kind = quantity_kind(level)
    after = [q for q in figures(pick.sentence, kind) if q.start >= level.end and quantity_kind(q) == kind]
    if not after or after[0].start - level.end > INCREMENT_REACH or not same_unit(after[0], level):
        return None
    change, sign = after[0], increment_sign(pick.sentence, after[0])
    between = pick.sentence[level.end : change.start].lower()
    tail = pick.sentence[change.end : change.end + INCREMENT_REACH // 2].lower()
    against = holds_any(operation_words().get("year_before", ()), tail) or str(year) in tail
    if not sign or _NEW_CLAUSE.search(between) or not against:
        return None
    return change, sign


def with_year_passages(question: Question, evidence: Evidence, year: int) -> Evidence:
    """The evidence with the few indexed passages that name `year` and most of the question's words added after the
    hits (`rag.retrieve.operands`): the figure of the later year is not what the question asks, so retrieval may
    not have ranked its passage."""

    def rated(chunk) -> float:
        return overlap(question, chunk.text) if str(year) in chunk.text else 0.0

    return replace(evidence, hits=operand_passages(evidence.hits, evidence.index.chunks, rated))


def prose_operands(question: Question, evidence: Evidence, later_year: int) -> tuple[ProsePick, Quantity] | None:
    """The best clean prose figure of the asked kind for `later_year` and the change its sentence states for it; a
    figure whose own sentence states no change is never worked back from a neighbouring figure's rate. Where the
    question states the rate, the best figure stated with that rate. The retrieved passages first, then those
    naming the later year (`with_year_passages`)."""
    later = replace(question, years=(later_year,))
    floor = MIN_SCORE * (0.5 if question.lang == "zh" else 1.0)
    for source, scale in ((evidence, 1.0), (with_year_passages(later, evidence, later_year), 0.5)):
        picks = [
            p
            for p in prose_candidates(later, source)
            if not p.problems and quantity_kind(p.quantity) == question.asked and p.score >= floor * scale
        ]
        for pick in picks if question.numbers else picks[:1]:
            rate = stated_rate_of(pick.sentence, pick.quantity) or next_sentence_rate(pick)
            if rate is not None and rate.value > -100 and rate_fits(question, rate.value):
                return pick, rate
        if picks:
            return None
    return None


def derive_before_growth(
    draft: AnswerDraft, question: Question, evidence: Evidence, estimate: bool = False
) -> Answer | Refusal:
    """`What was X the year before Y?`, `Based on the stated fall, what was X in Y-1?`: where a table (else a
    sentence) prints X's figure for the later year and its growth or fall, the earlier value they imply,
    later / (1 + rate %), both operands cited."""
    later_year = implied_later_year(question, estimate)
    if later_year is None:
        return NO_OPERANDS
    cells = table_operands(question, evidence, later_year)
    if cells is not None:
        pick, rate = cells
        formula = before_growth(pick.value, rate.value)
        state_formula(draft, formula, [pick, rate], evidence, subject_of(pick, evidence.glossary, question.lang))
        draft.confidence = 0.5
        return draft.answer()
    found = None if later_year == FIGURE_YEAR else prose_operands(question, evidence, later_year)
    if found is None:
        return NO_OPERANDS
    pick, stated = found
    increment = stated_increment(pick, later_year - 1)
    if increment is not None and not question.numbers:
        # the change in the level's own unit, stated beside its (rounded) rate: the earlier level exactly
        change, sign = increment
        unit = "count" if question.asked == "count" else ""
        label = pick.quantity.base if question.asked == "count" else amount_label(pick.quantity)
        return state_prose_formula(draft, base_of(pick, change, sign), pick, (pick.quantity, change), label, 0.5, unit)
    formula = before_growth(pick.quantity.value, stated.value)
    if question.asked == "count":  # `25,121 people, down 29.2%`: a number of people, written with its noun
        return state_prose_formula(draft, formula, pick, (pick.quantity, stated), pick.quantity.base, 0.5, "count")
    return state_prose_formula(draft, formula, pick, (pick.quantity, stated), amount_label(pick.quantity), 0.5)


def only_year_unmet(pick: ProsePick) -> bool:
    return bool(pick.problems) and all(problem.unmet is Unmet.YEAR for problem in pick.problems)


def derive_level_before(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`X in Y?` where the best match of the question, but for its year, is X's level of Y+1 stated with its change
    against the year before in X's own unit (`347 fitters in 2025, 88 more than the previous year`): the report
    states Y's level as that difference, exact, both figures cited. Not where a figure of Y itself (cell or sentence)
    matches as well, nor from a rate (a rounded rate gives an estimate, asked only by `derive_before_growth`)."""
    if question.operation != "lookup" or question.asked not in ("amount", "count") or len(question.years) != 1:
        return NO_OPERANDS
    year = question.years[0]
    picks = prose_candidates(question, evidence)
    if not picks or not only_year_unmet(picks[0]) or quantity_kind(picks[0].quantity) != question.asked:
        return NO_OPERANDS
    pick = picks[0]
    if set(years_in(pick.sentence)) != {year + 1}:
        return NO_OPERANDS  # the sentence is not of the year after the asked one alone
    cell = first_clean(cell_candidates(question, evidence, question.asked))
    if cell is not None and cell.score >= pick.score:
        return NO_OPERANDS  # a table prints the asked year's figure
    increment = stated_increment(pick, year)
    if increment is None:
        return NO_OPERANDS
    change, sign = increment
    unit = "count" if question.asked == "count" else ""
    label = pick.quantity.base if question.asked == "count" else amount_label(pick.quantity)
    return state_prose_formula(draft, base_of(pick, change, sign), pick, (pick.quantity, change), label, 0.5, unit)


# --- the value of an earlier year, implied by a stated multiple -----------------------------------------------------

MULTIPLE_REACH = 40  # characters between a stated multiple (`60 times`) and the earlier year it is of (`2002`)


def stated_multiple(body: str, earlier: int, multiples: tuple[float, ...]) -> tuple[str, Quantity] | None:
    """The sentence of `body` that states one of `multiples` (the figures the question states) as a multiple of the
    `earlier` year's level (`sales were 40 times as high as in 2011`, `是2011年的40倍`), and that figure: a figure
    with a `multiple` word right after it and the earlier year within MULTIPLE_REACH characters of it."""
    words = operation_words().get("multiple", ())
    for sentence in split_sentences(body):
        for q in extract_quantities(sentence):
            if q.kind == "year" or not any(abs(q.value - m) < 1e-9 for m in multiples):
                continue
            after = sentence[q.end :].lower().lstrip()
            near = sentence[max(0, q.start - MULTIPLE_REACH) : q.end + MULTIPLE_REACH]
            if after.startswith(words) and str(earlier) in near:
                return sentence, q
    return None


def derive_before_multiple(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`X in 2031 was 40 times its 2011 level; going by that, what was it in 2011?`: the later year's figure of the
    asked measure over the multiple the same passage states against the earlier year (the multiple the question
    states), both sentences cited; refused when the passage of the later figure states no such multiple."""
    if question.asked != "amount" or not works_from_multiple(question.text.lower()):
        return NO_OPERANDS
    earlier, later = min(question.years), max(question.years)
    at_later = replace(question, years=(later,))
    floor = MIN_SCORE * (0.5 if question.lang == "zh" else 1.0)
    picks = [
        p
        for p in prose_candidates(at_later, evidence)
        if not p.problems and quantity_kind(p.quantity) == "amount" and p.score >= floor
    ]
    if not picks:
        return NO_OPERANDS
    pick = picks[0]
    found = stated_multiple(pick.chunk.body, earlier, question.numbers_all)
    if found is None:
        return NO_OPERANDS
    sentence, times = found
    formula = before_multiple(float(pick.quantity.value), float(times.value))
    stated = replace(pick, sentence=sentence, quantity=times)
    return state_pair(draft, formula, (pick, stated), amount_label(pick.quantity))


# --- a part implied by its whole and its stated share --------------------------------------------------------------

_RESPECTIVE = re.compile(r"\brespectively\b|分别")
_SEPARATOR = re.compile(r"^\s*(?:,|，|、|and|和|及|与|以及|as well as)?\s*(?:and\s*)?$")


def name_span(label: str, text: str, glossary: Glossary) -> tuple[int, int] | None:
    """Where `text` first names `label` (by any of its names), as (start, end)."""
    low = text.lower()
    spans = []
    for name in names_of(label, glossary):
        at = text.find(name) if has_cjk(name) else low.find(name.lower())
        if at >= 0:
            spans.append((at, at + len(name)))
    return min(spans, default=None)


def joined_runs(items: list[tuple[int, int, object]], text: str) -> list[list[tuple[int, int, object]]]:
    """Items of `text` (start, end, what) in runs joined by list separators only (`A and B`, `56% and 26.6%`)."""
    runs: list[list[tuple[int, int, object]]] = []
    for item in sorted(items, key=lambda i: i[0]):
        if runs and item[0] >= runs[-1][-1][1] and _SEPARATOR.match(text[runs[-1][-1][1] : item[0]].lower()):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def respective_share(sentence: str, entity: str, question: Question, glossary: Glossary) -> Quantity | None:
    """`mainly in A and B, ..., new orders accounted for 56% and 26.6%, respectively, and turnover for 53% and 24%
    respectively`: the share stated for `entity` (A: 56%) in the list of shares, as long as the list of names, that
    `respectively` marks and whose clause names the measure asked (when the question names one) and holds most of the
    question's words. None when no list fits or two tie."""
    if not _RESPECTIVE.search(sentence):
        return None
    spans = [
        (s[0], s[1], label) for label in places_in(sentence, glossary) if (s := name_span(label, sentence, glossary))
    ]
    names = next(
        (
            run
            for run in joined_runs(spans, sentence)
            if len(run) >= 2 and any(mentions(entity, sentence[start:end], glossary) for start, end, _ in run)
        ),
        None,
    )
    if names is None:
        return None
    percents = [
        (q.start, q.end, q) for q in extract_quantities(sentence) if q.kind == "percent" and q.start > names[-1][1]
    ]
    groups = []
    specific = asked_measures(question, topics=True)
    for run in joined_runs(percents, sentence):
        near = sentence[max(names[-1][1], run[0][0] - 12) : run[-1][1] + 16]
        clause = clause_before(sentence, names[-1][1], run[0][0])
        if specific and not names_measure(question, clause, topics=True):
            continue  # the shares of another measure (`turnover accounted for ...` when new contracts are asked)
        if len(run) == len(names) and _RESPECTIVE.search(near):
            groups.append((overlap(question, clause), run))
    best = max((score for score, _ in groups), default=0.0)
    fitting = [run for score, run in groups if score == best]
    if len(fitting) != 1 or (len(groups) > 1 and best == 0):
        return None
    position = next(i for i, (start, end, _) in enumerate(names) if mentions(entity, sentence[start:end], glossary))
    return fitting[0][position][2]


def clause_before(sentence: str, start: int, at: int) -> str:
    """The words of the clause that ends at `at`, from `start` on at most (`, new orders accounted for` before `56%
    and 26.6%`; not the list of names before it)."""
    return _BREAK.split(sentence[start:at])[-1]


def asks_part_from_share(question: Question) -> bool:
    """`Roughly how much of X's Y was in A?`: an amount of a part asked (`part_share` words), not the rest
    beside a part (`complement` words), of a question naming the part and its whole."""
    low = question.text.lower()
    asked = question.asked == "amount" and asks_operation(low, "part_share")
    return asked and not asks_operation(low, "complement") and len(question.entities) >= 2


def derive_part_from_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The part a whole and the part's stated share imply: whole × share %. The share is the one a sentence
    states for the part (the question's last entity) in a list of shares `respectively` (`respective_share`) of
    the asked measure; the whole the best clean figure of the asked measure for the other entities, in a sentence
    that does not name the part. Both cited; without either, refused."""
    part = question.entities[-1]
    glossary = evidence.glossary
    shares = [
        (hit.chunk, sentence, found)
        for hit in evidence.hits
        if hit.chunk.kind == "prose" and mentions(part, hit.chunk.text, glossary)
        for sentence in split_sentences(hit.chunk.body)
        if years_fit(sentence, question) and (found := respective_share(sentence, part, question, glossary))
    ]
    if not shares:
        return NO_OPERANDS
    whole_question = replace(question, entities=question.entities[:-1])
    wholes = [
        p
        for p in prose_candidates(whole_question, evidence)
        if not p.problems and quantity_kind(p.quantity) == "amount" and not mentions(part, p.sentence, glossary)
    ]
    if not wholes:
        return NO_OPERANDS
    whole, (chunk, sentence, stated) = wholes[0], shares[0]
    formula = part_from_share(float(whole.quantity.value), float(stated.value))
    refs = [
        draft.cite(prose_citation(whole.chunk, whole.sentence, whole.quantity.text)),
        draft.cite(prose_citation(chunk, sentence, stated.text)),
    ]
    label = amount_label(whole.quantity)
    draft.formula = formula.render(label, question.lang)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = label
    refs = list(dict.fromkeys(refs))  # the whole and the share of one passage are cited once
    stated = shown_formula(draft, formula, label)
    say_derived(draft, display_name(part, glossary), stated, "][".join(map(str, refs)))
    draft.confidence = 0.5
    return draft.answer()


def years_fit(sentence: str, question: Question) -> bool:
    """The sentence names the question's year, or no year."""
    named = years_in(sentence)
    return not named or not question.years or bool(named & set(question.years))
