"""Operands resolved one at a time: a difference, ratio, sum or comparison of two entities whose figures stand in
different tables (one province's table of industries against another's).

The question names two entities of one kind that it sets against each other (two places, or two industries) and
the qualifiers both share (an industry, a year, a measure). Each operand is the best clean cell of the question asked
of its own entity alone: the other entity left out, every other constraint kept (`cell_problems`: its table, heading
or row names the entity and the qualifiers, its year and measure are the question's), and a cell that names the
other entity is never taken for it. The two cells must be of one measure, kind, period and currency (a scale is
converted: 亿 against 万). When one operand is found and the other is not, the answer is a refusal that names the
missing one: a near figure (another province's, another year's) never stands in for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

from rag.read.cell_measures import column_measures
from rag.read.cells import CellPick, cell_candidates, cell_context, cell_kind, cell_years
from rag.read.compose import AnswerDraft, operands_subject, state_formula
from rag.read.derived import magnitude_order, ratio_order, say_compared
from rag.read.evidence import Evidence
from rag.read.matching import SPECIFIC_MEASURES, display_name, is_place, mention_position, mentions, names_of
from rag.read.question import Question, question_measures
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.read.wording import header_measure
from rag.text.glossary import Glossary
from rag.text.numbers import Formula, change, difference, ratio, total, years_in
from rag.types import Answer


def nested(a: str, b: str) -> bool:
    """One entity's name holds the other's (`零件贸易` in `机械零件贸易业`): two names of one thing."""
    return a in b or b in a


def contrasted_pairs(question: Question, glossary: Glossary) -> list[tuple[str, str]]:
    """The pairs of entities the question may set against each other, in the order it names them: two of one kind
    (two places or names, or two industries), neither a name of the other."""
    entities = sorted(question.entities, key=lambda e: mention_position(e, question, glossary))
    return [
        (a, b)
        for a, b in combinations(entities, 2)
        if is_place(a, glossary) == is_place(b, glossary) and not nested(a, b)
    ]


def own_question(question: Question, entity: str, other: str) -> Question:
    """The question asked of one operand: the other entity, and the names nested in it, left out."""
    kept = tuple(e for e in question.entities if e == entity or not nested(e, other))
    return replace(question, entities=kept)


OWN_CANDIDATES = 8  # the best clean cells of each operand's own question among which the pair is chosen


def entity_cells(question: Question, evidence: Evidence, entity: str, other: str, asked: str) -> list[CellPick]:
    """The best cells meeting every constraint of the question asked of `entity` alone that do not name `other`."""
    own = own_question(question, entity, other)
    found = []
    for pick in cell_candidates(own, evidence, asked):
        if not pick.problems and not mentions(other, cell_context(pick, evidence.glossary), evidence.glossary):
            found.append(pick)
            if len(found) == OWN_CANDIDATES:
                break
    return found


def own_row(pick: CellPick, entity: str, glossary: Glossary) -> bool:
    """The cell's row is the entity's own (its label names the entity)."""
    return any(mentions(entity, name, glossary) for name in names_of(pick.row.label, glossary))


def parallel(a: CellPick, b: CellPick, entities: tuple[str, str], glossary: Glossary) -> bool:
    """The two cells are the same figure of two entities: one row label in two tables (each table of its own
    entity: `制造业` of one province's table and of another's), or each its own entity's row. A row of one entity
    against an industry row of the other's table leaves the industry out of one side."""
    if a.row.label == b.row.label:
        return True
    return own_row(a, entities[0], glossary) and own_row(b, entities[1], glossary)


def period(pick: CellPick) -> frozenset[int]:
    """The years a cell is of: its column's or row's, else its table's title's."""
    table = pick.table
    return frozenset(cell_years(table, pick.row, pick.index) or years_in(table.toc_title) or years_in(table.title))


def asked_period(pick: CellPick, question: Question, evidence: Evidence) -> frozenset[int]:
    """`period(pick)`, where only the table's title dates the cell and prints a year garbled from the one year asked
    (`2012` for 2022) in a section whose prose names the year asked, read as the year asked: the rule the cell
    check applies (`Evidence.section_mentions_year`). A title of a year no garbling explains keeps its year."""
    found = period(pick)
    if len(question.years) != 1 or not found or question.years[0] in found:
        return found
    if cell_years(pick.table, pick.row, pick.index):
        return found
    year = question.years[0]
    return frozenset({year}) if evidence.section_mentions_year(pick.table, pick.heading, year) else found


def one_measure(a: CellPick, b: CellPick, glossary: Glossary) -> bool:
    """Two cells of one measure: their columns name it alike (`流量` and `流量`), or name the same measures; never
    cells of two tables whose titles name two specific measures (`flows by destination` and `turnover of contracted
    projects`: a `占比` of each is a share of another whole)."""
    titled = [set(question_measures(p.table.title)) & set(SPECIFIC_MEASURES) for p in (a, b)]
    if all(titled) and not titled[0] & titled[1]:
        return False
    if header_measure(a.column) == header_measure(b.column):
        return True
    named = [column_measures(p, glossary) for p in (a, b)]
    return bool(named[0]) and named[0] == named[1]


def scale_factor(a: CellPick, b: CellPick) -> float | None:
    """What b's figure is multiplied by to be in a's unit (1 for one unit; 10 when b is in 亿 and a in 千万); None
    when the two are not of one kind and currency, or a scale is not known."""
    ua, ub = a.unit, b.unit
    if ua is None or ub is None:
        return 1.0 if ua is None and ub is None else None
    if (ua.kind, ua.currency, ua.base) != (ub.kind, ub.currency, ub.base):
        return None
    if ua.scale == ub.scale:
        return 1.0
    return ub.scale / ua.scale if ua.scale and ub.scale else None


def comparable(a: CellPick, b: CellPick, glossary: Glossary) -> bool:
    """Two operands one formula may join: distinct cells of one kind, measure, period and convertible unit."""
    if a.table is b.table and a.row is b.row:
        return False
    if cell_kind(a.table, a.row, a.index) != cell_kind(b.table, b.row, b.index):
        return False
    if period(a) and period(b) and period(a) != period(b):
        return False
    return one_measure(a, b, glossary) and scale_factor(a, b) is not None


def entity_operands(question: Question, evidence: Evidence) -> tuple[tuple[str, str], list[CellPick]] | Refusal:
    """The two contrasted entities and one cell for each, found on its own; a refusal naming the entity whose
    figure is missing when the other's is found in a row the question names beside it (`qualified`; NO_OPERANDS
    when neither is, or when the found one is its entity's own row: the other's may be stated in prose)."""
    glossary = evidence.glossary
    asked = question.asked if question.asked in ("percent", "count", "points") else "amount"
    asked = "percent" if asked == "points" else asked
    refusal: Refusal = NO_OPERANDS
    for pair in contrasted_pairs(question, glossary):
        a, b = pair
        firsts = entity_cells(question, evidence, a, b, asked)
        seconds = entity_cells(question, evidence, b, a, asked)
        joined = [
            (x.score + y.score, x, y)
            for x in firsts
            for y in seconds
            if parallel(x, y, pair, glossary) and comparable(x, y, glossary)
        ]
        if joined:
            _, first, second = max(joined, key=lambda item: item[0])
            return pair, [first, second]
        found = firsts or seconds
        if refusal is NO_OPERANDS and bool(firsts) != bool(seconds) and qualified(found[0], pair, glossary):
            refusal = Refusal(Unmet.NEAR, display_name(b if not seconds else a, glossary))
    return refusal


def qualified(pick: CellPick, pair: tuple[str, str], glossary: Glossary) -> bool:
    """The cell is a row the question names beside its entity (an industry of the entity's table), not the entity's
    own row: the other entity's figure must be of that row too, which a sentence about the other entity alone does
    not show, so the operand is missing rather than to be looked for in prose."""
    return not any(own_row(pick, entity, glossary) for entity in pair)


def in_first_unit(picks: list[CellPick]) -> tuple[float, float]:
    """The two operands' values, the second converted to the first's scale."""
    first, second = picks
    return first.value, second.value * (scale_factor(first, second) or 1.0)


def state_entities(
    draft: AnswerDraft, formula: Formula, names: list[str], picks: list[CellPick], evidence: Evidence, joiner: str
) -> Answer:
    """The answer: the entities and the shared figure named, the formula, both cells cited."""
    shared = operands_subject(picks[:1], evidence.glossary, draft.question.lang)
    subject = f"{joiner.join(names)}, {shared}" if draft.question.lang == "en" else f"{joiner.join(names)}（{shared}）"
    state_formula(draft, formula, picks, evidence, subject, named=True)
    draft.confidence = 0.6
    return draft.answer()


def entity_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How much more did A invest in X than B?` with A's and B's figures in different tables: A − B (the larger
    first where a gap or a shortfall is asked, `magnitude_order`)."""
    found = entity_operands(question, evidence)
    if isinstance(found, Refusal):
        return found
    entities, picks = found
    operands = [Operand(e, p, v) for e, p, v in zip(entities, picks, in_first_unit(picks), strict=True)]
    first, second = magnitude_order(operands[0], operands[1], question)
    percent = cell_kind(first.pick.table, first.pick.row, first.pick.index) == "percent"
    formula = (change if percent else difference)(first.value, second.value)
    names = [display_name(o.entity, evidence.glossary) for o in (first, second)]
    return state_entities(draft, formula, names, [first.pick, second.pick], evidence, " − ")


def entity_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many times A's figure was B's` with the two in different tables: numerator and denominator as the
    question names the entities (`ratio_order`)."""
    found = entity_operands(question, evidence)
    if isinstance(found, Refusal):
        return found
    entities, picks = found
    positions = [mention_position(e, question, evidence.glossary) for e in entities]
    ordered = ratio_order(picks, question, evidence.glossary, positions)
    if ordered[0] is not picks[0]:
        entities, picks = (entities[1], entities[0]), [picks[1], picks[0]]
    formula = ratio(*in_first_unit(picks))
    names = [display_name(e, evidence.glossary) for e in entities]
    return state_entities(draft, formula, names, picks, evidence, " / ")


def entity_sum(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What did A and B invest in X together?` with the two in different tables: A + B in the first one's unit."""
    found = entity_operands(question, evidence)
    if isinstance(found, Refusal):
        return found
    entities, picks = found
    names = [display_name(e, evidence.glossary) for e in entities]
    return state_entities(draft, total(list(in_first_unit(picks))), names, picks, evidence, " + ")


def entity_compare(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`Which invested more in X, A or B?` with the two in different tables: the entity of the larger figure (the
    smaller when the question asks for the lower), both cells cited in the ordering."""
    found = entity_operands(question, evidence)
    if isinstance(found, Refusal):
        return found
    entities, picks = found
    names = [display_name(e, evidence.glossary) for e in entities]
    return say_compared(draft, question, evidence, list(picks), names, list(in_first_unit(picks)))


@dataclass(frozen=True)
class Operand:
    """One entity's cell with its value in the formula's unit (the order rules read `.value`)."""

    entity: str
    pick: CellPick
    value: float
