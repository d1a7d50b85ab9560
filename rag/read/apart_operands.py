"""Operations whose two operands stand apart: one in a table and one in prose, or in two paragraphs.

`How many times was A's X B's?` or `what share of B's X went to A?` where no one table or sentence holds both: each
operand is found and cited on its own, as the question asked of its entity alone (the other entity left out, every
other constraint kept): a clean cell of the entity's own row (`entity_operands.entity_cells`), else a clean prose
figure of the asked kind from a sentence that names the entity and not the other (`prose.prose_candidates`). The
two must be amounts of one currency (or counts) of the question's one year; a prose figure is restated in the cell's
scale (`US$97.53 billion` is 975.3 in a table of USD 100 million) by a `rescale` step, so the verifier traces the
restated number to the printed one. The operation is from the closed set (`ratio`, `share`). When one side is found
and the other is not, the answer is a refusal naming the missing one: a near figure never stands in for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.read.alignment import industry_terms, names_group
from rag.read.cell_measures import measure_fits
from rag.read.cells import MIN_SCORE, CellPick, cell_context, cell_kind, destination, is_total
from rag.read.clause_operands import sides_text
from rag.read.compose import AnswerDraft, cell_citation, prose_citation, say_derived, zh_scale_label
from rag.read.derived import COMPUTED_DECIMALS, PART_PENALTY, in_scale_of, states_part, with_entity_passages
from rag.read.entity_operands import (
    asked_period,
    contrasted_pairs,
    entity_cells,
    nested,
    own_question,
    own_row,
)
from rag.read.evidence import Evidence
from rag.read.matching import display_name, mentions, places_in, term_in
from rag.read.prose import ProsePick, prose_candidates, prose_kind_fits, quantity_kind
from rag.read.question import Question
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.read.respective import respective_items
from rag.read.wording import possessive
from rag.text.glossary import Glossary
from rag.text.numbers import Formula, Quantity, extract_quantities, format_amount, plain, ratio, share
from rag.text.sentences import clause_around
from rag.text.tokens import token_set
from rag.types import Answer, Step


@dataclass(frozen=True)
class Side:
    """One operand: its entity, the cell or prose figure that states it, and its value in the formula's scale."""

    entity: str
    cell: CellPick | None
    prose: ProsePick | None
    value: float = 0.0

    @property
    def printed(self) -> float:
        return self.cell.value if self.cell is not None else self.prose.quantity.value

    @property
    def scale(self) -> float:
        if self.cell is not None:
            return self.cell.unit.scale if self.cell.unit is not None and self.cell.unit.scale else 1.0
        return self.prose.quantity.scale or 1.0

    @property
    def currency(self) -> str:
        if self.cell is not None:
            return self.cell.unit.currency if self.cell.unit is not None else ""
        return self.prose.quantity.currency


def own_cell(question: Question, evidence: Evidence, entity: str, other: str, whole: bool = False) -> CellPick | None:
    """The best clean amount cell of the entity's own row, of the question's one year, naming not the other; for the
    whole of a share (`whole`), also the total row of a table whose title names the entity (`合计` of a table of
    Ruritania's investment by destination is Ruritania's total)."""
    glossary = evidence.glossary
    for pick in entity_cells(question, evidence, entity, other, "amount"):
        unit = pick.unit
        totals = whole and is_total(pick.row) and mentions(entity, pick.table.title, glossary)
        if not (own_row(pick, entity, glossary) or totals) or cell_kind(pick.table, pick.row, pick.index) != "amount":
            continue
        if unit is None or (unit.kind == "currency" and not unit.scale):
            continue
        if asked_period(pick, question, evidence) != set(question.years):
            continue
        if not measure_fits(question, pick, glossary):
            continue
        return pick
    return None


def clean_amounts(question: Question, evidence: Evidence, entity: str) -> list[tuple[ProsePick, str]]:
    """The question's prose amounts with no problem, from the evidence and the entity's own passages, each with the
    clause around its figure (what names its place), best first."""
    own = replace(question, asked="amount")
    return [
        (p, figure_clause(p))
        for p in prose_candidates(own, with_entity_passages(own, evidence, entity))
        if not p.problems and prose_kind_fits("amount", quantity_kind(p.quantity))
    ]


def figure_clause(pick: ProsePick) -> str:
    """What names the figure's place: the item a `respectively` list pairs it with (`A, B and C, with flows of X, Y
    and Z respectively`: Y is B's, whatever its clause prints), else the clause around it."""
    paired = respective_items(pick.sentence, extract_quantities(pick.sentence), quantity_kind)
    if paired is not None:
        figures, items = paired
        place = next((i for q, i in zip(figures, items, strict=True) if q.start == pick.quantity.start), None)
        if place is not None:
            return place
    return clause_around(pick.sentence, pick.quantity.start, pick.quantity.end)


def own_figure(question: Question, evidence: Evidence, entity: str, other: str) -> ProsePick | None:
    """The best clean prose amount of the entity whose clause does not name the other, a whole before a part."""
    glossary = evidence.glossary
    found = [
        p
        for p, clause in clean_amounts(own_question(question, entity, other), evidence, entity)
        if mentions(entity, clause, glossary) and not mentions(other, clause, glossary)
    ]
    found.sort(key=lambda p: -(p.score - PART_PENALTY * states_part(p.sentence, p.quantity)))
    return found[0] if found and found[0].score >= MIN_SCORE / 2 else None


def find_side(question: Question, evidence: Evidence, entity: str, other: str, whole: bool = False) -> Side | None:
    cell = own_cell(question, evidence, entity, other, whole)
    if cell is not None:
        return Side(entity, cell, None)
    figure = own_figure(question, evidence, entity, other)
    return Side(entity, None, figure) if figure is not None else None


def one_unit(a: Side, b: Side) -> bool:
    """Two amounts of one currency (or two counts with no currency), whatever their scales."""
    kinds = {"currency" if s.currency else quantity_kind(s.prose.quantity) if s.prose else "count" for s in (a, b)}
    return a.currency == b.currency and len(kinds) == 1


def apart_sides(
    question: Question, evidence: Evidence, pair: tuple[str, str], share_of: bool = False
) -> list[Side] | Refusal:
    """Both sides of `pair`, at least one in prose (two cells are `entity_operands`' work), each valued in the scale
    of the side a table states; a refusal naming the side that is missing when the other is found. With `share_of`
    the second is the whole of a share, which a table's total row may state."""
    if len(question.years) != 1:
        return NO_OPERANDS
    a, b = pair
    sides = [find_side(question, evidence, a, b), find_side(question, evidence, b, a, whole=share_of)]
    if sides[0] is None and sides[1] is None:
        return NO_OPERANDS
    if sides[0] is None or sides[1] is None:
        missing = a if sides[0] is None else b
        return Refusal(Unmet.NEAR, display_name(missing, evidence.glossary))
    if all(s.cell is not None for s in sides) or not one_unit(*sides):
        return NO_OPERANDS
    if industry_unnamed(question, sides, evidence.glossary):
        return NO_OPERANDS
    lead = next((s for s in sides if s.cell is not None), sides[0])
    return [replace(s, value=restated(s.printed, s.scale, lead.scale)) for s in sides]


def industry_unnamed(question: Question, sides: Sequence[Side], glossary: Glossary) -> bool:
    """The question names an industry (`industry_terms`: `mining`) that a side's own words do not: a cell's row,
    column and title, a prose figure's sentence. Each side is found for its entity alone, so a figure of the
    entity's whole investment would stand in for its mining investment: a near figure, never an operand."""
    terms = industry_terms(question, glossary)
    if not terms:
        return False
    for side in sides:
        words = token_set(cell_context(side.cell, glossary) if side.cell is not None else side.prose.sentence)
        if not all(term_in(term, words) for term in terms):
            return True
    return False


def restated(value: float, scale: float, to: float) -> float:
    """`value` at `scale` restated at `to` (97.53 at 1e9 is 975.3 at 1e8), rounded off binary noise."""
    return round(value * scale / to, 9)


def record_sides(draft: AnswerDraft, sides: Sequence[Side]) -> None:
    """A `rescale` step for each side restated in another scale than printed (its factor a power of ten)."""
    for side in sides:
        if side.value != side.printed:
            draft.steps.append(Step("rescale", side.value, (side.printed, side.scale / sides_scale(sides)), 9))


def sides_scale(sides: Sequence[Side]) -> float:
    lead = next((s for s in sides if s.cell is not None), sides[0])
    return lead.scale


def cite_side(draft: AnswerDraft, side: Side, evidence: Evidence) -> int:
    if side.cell is not None:
        return draft.cite(cell_citation(side.cell, evidence))
    return draft.cite(prose_citation(side.prose.chunk, side.prose.sentence, side.prose.quantity.text))


def unit_words(sides: Sequence[Side], lang: str) -> str:
    """The formula's unit in the question's language (`USD 100 million`, `亿美元`), "" for counts."""
    scale, currency = sides_scale(sides), sides[0].currency
    if not currency:
        return ""
    if lang == "zh":
        return zh_scale_label(scale, currency)
    return format_amount(scale, currency, "en").replace(" 1 ", " ")


def state_sides(draft: AnswerDraft, formula: Formula, sides: Sequence[Side], evidence: Evidence, joiner: str) -> Answer:
    """The answer: the two entities named, the formula over the sides in one scale, each side cited, and each figure
    restated from its printed scale said with its source (`US$97.53 billion [1] is 975.3 USD 100 million`)."""
    lang = draft.question.lang
    refs = [cite_side(draft, s, evidence) for s in sides]
    names = [display_name(s.entity, evidence.glossary) if lang == "en" else s.entity for s in sides]  # as asked
    year = draft.question.years[0]
    subject = f"{joiner.join(names)}, {year}" if lang == "en" else f"{year}年{joiner.join(names)}"
    op = formula.op
    if op == "share" and "share_sides" in draft.templates:  # `Asia's share of Ruritania's total in 2022 was …`
        part, whole = names
        owners = {"part_of": possessive(part), "of": possessive(whole)}
        subject, op = draft.templates["share_sides"].format(part=part, whole=whole, year=year, **owners), ""
    label = "%" if formula.op == "share" else draft.templates["times"]
    draft.formula = formula.render(label, lang)
    record_sides(draft, sides)
    draft.record(formula)
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = "%" if formula.op == "share" else "times"
    say_derived(draft, subject, draft.formula, "][".join(map(str, refs)), op=op)
    unit = unit_words(sides, lang)
    for side, name, n in zip(sides, names, refs, strict=True):
        if side.value != side.printed:
            in_unit = unit if lang == "zh" else draft.templates["formula_unit"].format(source_unit=unit)
            value = f"{plain(side.value)}{in_unit}"
            draft.say("restated", entity=name, printed=side.prose.quantity.text.strip(), value=value, n=n)
    draft.confidence = 0.5
    return draft.answer()


def apart_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many times was A's X B's?` with A and B stated apart: A / B in the scale of the side a table states (the
    numerator the one named first, as `entity_ratio` orders them)."""
    refusal: Refusal = NO_OPERANDS
    for pair in contrasted_pairs(question, evidence.glossary):
        sides = apart_sides(question, evidence, pair)
        if isinstance(sides, Refusal):
            refusal = sides if refusal is NO_OPERANDS else refusal
            continue
        return state_sides(draft, ratio(sides[0].value, sides[1].value), sides, evidence, " / ")
    return refusal


def wholes_and_part(question: Question, evidence: Evidence) -> tuple[list[str], str]:
    """The entities the share question's whole names (`what share of A's X in B went to C`: B then A, the last named
    the most specific) and the one entity its part names (C), by the `portion` sides of `operand_sides.tsv`; no
    part when it names none or several."""
    texts = sides_text(question, "portion")
    if texts is None:
        return [], ""
    whole, part = texts
    glossary = evidence.glossary
    parts = [e for e in question.entities if mentions(e, part, glossary) and not mentions(e, whole, glossary)]
    wholes = [e for e in question.entities if mentions(e, whole, glossary) and e not in parts]
    return wholes[::-1], parts[0] if len(parts) == 1 else ""


def apart_share(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What share of B's X went to A?` with A and B stated apart: A / B × 100, B the whole the question names (B's
    own figure for A where A is the place B's X goes to: `destination_sides`)."""
    pair = destination_pair(question, evidence.glossary)
    sides = destination_sides(question, evidence, *pair) if pair is not None else NO_OPERANDS
    if not isinstance(sides, Refusal) and not industry_unnamed(question, sides, evidence.glossary):
        return state_sides(draft, share(sides[0].value, sides[1].value, COMPUTED_DECIMALS), sides, evidence, " / ")
    wholes, part = wholes_and_part(question, evidence)
    refusal: Refusal = NO_OPERANDS
    for whole in wholes if part else ():
        if nested(part, whole):
            continue
        sides = apart_sides(question, evidence, (part, whole), share_of=True)
        if not isinstance(sides, Refusal) and not part_of(sides, pair, evidence.glossary):
            sides = Refusal(Unmet.NEAR, display_name(part, evidence.glossary))
        if isinstance(sides, Refusal):
            refusal = sides if refusal is NO_OPERANDS else refusal
            continue
        return state_sides(draft, share(sides[0].value, sides[1].value, COMPUTED_DECIMALS), sides, evidence, " / ")
    return refusal


def part_of(sides: Sequence[Side], pair: tuple[str, str] | None, glossary: Glossary) -> bool:
    """The part side can be a part of the whole side: no larger than it, and, where the part is the place the whole's
    flow goes to (`pair`: place, investor), the investor's own figure for it (its cell's table or row, or its
    passage up to its sentence, or its heading path, names the investor): A's figure of another investor, or of the
    world, is a near one."""
    part, whole = sides
    if not 0 < part.value <= whole.value:
        return False
    if pair is None:
        return part.cell is None or owned_cell(part.cell, part.entity, whole.entity, glossary)
    if part.cell is not None:
        return mentions(pair[1], cell_context(part.cell, glossary), glossary)
    chunk, sentence = part.prose.chunk, part.prose.sentence
    leading = chunk.text[: chunk.text.find(sentence)] if sentence in chunk.text else ""  # `Of this amount, ...`
    return mentions(pair[1], " ".join([leading, sentence, chunk.title, *chunk.heading]), glossary)


def owned_cell(pick: CellPick, part: str, whole: str, glossary: Glossary) -> bool:
    """A part's cell can be the whole's figure for the part: not a row of a table of the world's economies (its title
    names the world: `scope_world`) unless the whole is the world or the cell names the whole. A world table's row
    `Africa` is Africa's own outward investment, never the investment of another investor located there."""
    if not names_group(pick.table.title, "scope_world") or names_group(whole, "scope_world"):
        return True
    return nested(part, whole) or mentions(whole, cell_context(pick, glossary), glossary)


# --- a whole's flow to a place: `what share of B's X went to A` where A is where B's X goes -------------------------


def destination_pair(question: Question, glossary: Glossary) -> tuple[str, str] | None:
    """(A, B) for a share question of two entities whose part names the place A that B's X goes to (`what share of
    B's X went to A`, `B对A的投资占其X的比重`: `cells.destination`) and whose whole names no entity but B (`其`,
    `全省` refer back to B); None otherwise (`B对A的投资占A吸收外资的比重` asks another whole)."""
    texts = sides_text(question, "portion") or sides_text(question, "part_first")
    place = destination(question, glossary)
    if texts is None or not place or len(question.entities) != 2:
        return None
    whole_text, part_text = texts
    investor = next(e for e in question.entities if e != place)
    if nested(place, investor) or not mentions(place, part_text, glossary) or mentions(place, whole_text, glossary):
        return None
    return place, investor


def destination_sides(question: Question, evidence: Evidence, place: str, investor: str) -> list[Side] | Refusal:
    """The two sides of `what share of B's X went to A` where A is the place B's X goes to (`cells.destination`): A's
    side is B's own figure for A (a sentence about B's X that names A in the figure's clause; not A's figure of
    another investor, as a table of the world's regions gives), B's side B's figure naming no other place. A
    sentence whose clause names no place is B's when the heading path or title of its passage names B
    (`Chapter 3 Ruritania's investment abroad` over `The flow in 2022 was USD 1.6 billion`). Both sides are stated
    in prose of one document; a part larger than its whole is no part of it."""
    if len(question.years) != 1:
        return NO_OPERANDS
    part = scoped_figure(question, evidence, place, investor)
    if part is None:
        return NO_OPERANDS
    whole = whole_figure(question, evidence, investor, place, part.quantity)
    if whole is None:
        return NO_OPERANDS  # no whole in prose: a table's total row may state it (`apart_sides`)
    sides = [Side(place, None, part), Side(investor, None, whole)]
    if part.chunk.doc_name != whole.chunk.doc_name or not one_unit(*sides):
        return NO_OPERANDS
    valued = [replace(s, value=restated(s.printed, s.scale, sides[1].scale)) for s in sides]
    return valued if 0 < valued[0].value <= valued[1].value else NO_OPERANDS


def scoped_figure(question: Question, evidence: Evidence, place: str, investor: str) -> ProsePick | None:
    """The investor's own amount for `place`: a clean figure whose clause names the place, the investor named by its
    sentence or heading path (`prose_candidates` checks every entity of the question)."""
    found = [
        p for p, clause in clean_amounts(question, evidence, investor) if mentions(place, clause, evidence.glossary)
    ]
    return found[0] if found and found[0].score >= MIN_SCORE / 2 else None


def whole_figure(
    question: Question, evidence: Evidence, investor: str, place: str, least: Quantity
) -> ProsePick | None:
    """The investor's own amount in all: a clean figure whose clause names no place but the investor, the investor
    named by the clause or, where the clause names no place, by the passage's heading path or title; no item of a
    `respectively` list, and no less than the part `least` (of the same currency: a whole holds its part)."""
    own = replace(own_question(question, investor, place), asked="amount")
    glossary = evidence.glossary
    found = [
        p
        for p in prose_candidates(own, with_entity_passages(own, evidence, investor))
        if not p.problems
        and prose_kind_fits("amount", quantity_kind(p.quantity))
        and headed_by(investor, p, glossary)
        and not listed_figure(p)
        and p.quantity.currency == least.currency
        and in_scale_of(p.quantity, 1.0) >= in_scale_of(least, 1.0)
    ]
    found.sort(key=lambda p: -(p.score - PART_PENALTY * states_part(p.sentence, p.quantity)))
    return found[0] if found and found[0].score >= MIN_SCORE / 2 else None


def listed_figure(pick: ProsePick) -> bool:
    """The figure is one of a list paired with named items by `respectively`: an item's figure, no whole's."""
    paired = respective_items(pick.sentence, extract_quantities(pick.sentence), quantity_kind)
    return paired is not None and any(q.start == pick.quantity.start for q in paired[0])


def headed_by(entity: str, pick: ProsePick, glossary: Glossary) -> bool:
    """The figure's clause names `entity` and no other place; or names no place at all under a heading path or
    title that names `entity` (the chapter of a province's own figures)."""
    clause = clause_around(pick.sentence, pick.quantity.start, pick.quantity.end, widen=False)
    for figure in extract_quantities(clause):  # `US $1.6 billion`: a currency's country is no place named
        clause = clause.replace(figure.text, " ")
    named = places_in(clause, glossary)
    if named:
        return all(mentions(entity, place, glossary) for place in named)
    return mentions(entity, " ".join([pick.chunk.title, *pick.chunk.heading]), glossary)
