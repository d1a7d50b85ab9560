"""Two figures of one passage, in two clauses or two sentences, bound to the two sides a question names.

`Exports grew 5.4% in the first four months. ... The export of gadgets rose 61% in the same months.`: a question
asking how many points faster gadget exports grew than exports overall has two sides (`rag/data/operand_sides.tsv`:
the words before `than`, and those after it). Each side is bound to the figure whose clause (the text between the
semicolons of its sentence) holds words of that side the other figure's clause lacks, and none of the other side's
own words; a side that names only the whole (`overall`, `全省`) is bound to the figure whose clause names no part
the other side names and no place the question does not name. The pair is used only when each side binds exactly
one figure of the passage (rivals of one value, such as a figure printed twice, are one); a stated share does not
stand in for a growth rate, nor the starting level of `from A to B` for the level asked. The operation is then the
question's: a difference (in percentage points for two percentages), or a ratio; both operands are cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rag.read.cell_measures import specific_measures
from rag.read.compose import AnswerDraft
from rag.read.derived import (
    COMPUTED_DECIMALS,
    STATED_CHANGE,
    amount_label,
    from_to_pairs,
    in_scale_of,
    same_unit,
    state_prose_formula,
    stated_share,
)
from rag.read.evidence import Evidence
from rag.read.matching import SPECIFIC_MEASURES, is_place, mentions, places_in, term_in
from rag.read.operations import asks_operation, asks_year_before
from rag.read.period_span import spans_named
from rag.read.prose import (
    ProsePick,
    bound_clause,
    figure_phrase,
    figures,
    nearest_year,
    other_rate,
    prose_candidates,
    quantity_kind,
)
from rag.read.question import QUESTION_WORDS, Question, question_measures, question_topics
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.read.sentence_pairs import segment_of
from rag.read.side_texts import SIDES_PATH, sides_text
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import change, difference, extract_quantities, ratio, share, total, years_in
from rag.text.sentences import COMMA_BREAK, clause_around
from rag.text.tokens import token_set, tokenize
from rag.text.wordlists import grouped_words
from rag.types import Answer

# the kind of figure each asked kind is computed from: points are the gap of two percentages
OPERAND_KINDS = {"points": "percent", "percent": "percent", "amount": "amount", "count": "count"}


@lru_cache(maxsize=2)
def side_words(path: Path = SIDES_PATH) -> dict[str, tuple[str, ...]]:
    return grouped_words(path, "operand side words")


@dataclass(frozen=True)
class Sides:
    """The words only side `a` names, the words only side `b` names, and the words both name (the measure)."""

    a: frozenset[str]
    b: frozenset[str]
    shared: frozenset[str]


def side_terms(text: str, glossary: Glossary) -> frozenset[str]:
    plain = re.sub(r"['’]s\b", "", text)
    return frozenset(t for t in tokenize(glossary.expand_query(plain)) if not t.isdigit())


def context_terms(question: Question, glossary: Glossary, split: str = "split") -> frozenset[str]:
    """Words that tell no side apart: the places the question names (`Guangdong's X than its Y`), the words asking
    for the operation (`how many points faster`) and, between two sides, the whole words (`overall`); a part and
    its whole are told apart by them (`across the province`)."""
    words = [e for e in question.entities if is_place(e, glossary)] + list(side_words().get("ask", ()))
    words += list(side_words().get("whole", ())) if split == "split" else []
    return frozenset().union(*(side_terms(w, glossary) for w in words)) if words else frozenset()


def question_sides(question: Question, glossary: Glossary, split: str = "split") -> Sides | None:
    """The question's two sides (`operand_sides.tsv`), or None when it names no two sides."""
    texts = sides_text(question, split)
    if texts is not None:
        a, b = side_terms(texts[0], glossary), side_terms(texts[1], glossary)
        context = context_terms(question, glossary, split)
        return Sides(a - b - context, b - a - context, (a & b) - context - subjectless_stems())
    return None


@lru_cache(maxsize=1)
def subjectless_stems() -> frozenset[str]:
    """The stems of the pronouns (`they`, `its`: group `pronouns` of `rag/data/question_words.tsv`): both sides
    holding one (`how many dollars of A did they make for each dollar of B they drove`) name no measure they share.
    Only pronouns: a shared `each year` is the measure both sides' rates share."""
    return frozenset(stem for word in QUESTION_WORDS["pronouns"] for stem in tokenize(word))


def own(terms: frozenset[str], mine: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    """The `terms` that the tokens `mine` hold and `other` lack (word stems compared as `term_in`)."""
    return frozenset(t for t in terms if term_in(t, mine) and not term_in(t, other))


def starting_level(pick: ProsePick, question: Question) -> bool:
    """The `A` of `from A to B`, unless the year asked is printed right after it (`from 6.8 in 2017`)."""
    for _, old in from_to_pairs(pick.sentence, figures(pick.sentence, quantity_kind(pick.quantity))):
        if old.start == pick.quantity.start:
            after = _YEAR_AFTER.match(pick.sentence, old.end)
            return not (question.year and after and int(after.group(1)) == question.year)
    return False


_YEAR_AFTER = re.compile(r"\s*(?:in\s+|年)?((?:19|20)\d\d)")


def dated_level(pick: ProsePick, question: Question) -> bool:
    """The `B` of `from A to B` in a sentence whose first `from ... to` pair ends in the year asked (`from 6.8 in 2017
    to 8.3 in 2022; ... expanded from 3.7 to 4.5`: 4.5 is the 2022 level too)."""
    if not question.year:
        return False
    pairs = from_to_pairs(pick.sentence, figures(pick.sentence, quantity_kind(pick.quantity)))
    if not any(new.start == pick.quantity.start for new, _ in pairs):
        return False
    return any(nearest_year(pick.sentence, new) == question.year for new, _ in pairs)


def entity_gaps(pick: ProsePick, question: Question) -> frozenset[str] | None:
    """The question's entities a figure's context lacks, when that is its only kind of problem; None otherwise."""
    if any(p.unmet is not Unmet.ENTITY or p.entity not in question.entities for p in pick.problems):
        return None
    return frozenset(p.entity for p in pick.problems)


def operand_candidates(question: Question, evidence: Evidence, kind: str) -> list[ProsePick]:
    """The figures of `kind` whose only problems are entities not named (a side's), of the rate asked (no stated
    share for a growth question), not the starting level of `from A to B`."""
    found = []
    for pick in prose_candidates(replace(question, asked=kind), evidence):
        if entity_gaps(pick, question) is None or quantity_kind(pick.quantity) != kind:
            continue
        if kind == "percent" and other_rate(question, pick.sentence, pick.quantity):
            continue
        if kind != "percent" and stated_as_change(pick):
            continue  # `an increase of 5 billion` is no level
        if starting_level(pick, question):
            continue
        found.append(pick)
    return found


_AFTER_CHANGE = re.compile(r"\s*(?:more|fewer|less|higher|lower)\b|\s*(?:以上)?(?:增加|减少)")


def stated_as_change(pick: ProsePick) -> bool:
    """A figure printed as a change (`an increase of 5 billion`, `687 more than a year earlier`), not a level: a
    change word among the few words right before it, or `more` / `fewer` right after it."""
    before = pick.sentence[max(0, pick.quantity.start - CHANGE_REACH) : pick.quantity.start].lower()
    return bool(STATED_CHANGE.search(before) or _AFTER_CHANGE.match(pick.sentence, pick.quantity.end))


CHANGE_REACH = 16  # characters before a figure in which a change word makes it a change


def foreign_places(question: Question, text: str, glossary: Glossary) -> bool:
    """The text names a place the question does not (a side naming the whole is bound to no such clause)."""
    for quantity in extract_quantities(text):
        text = text.replace(quantity.text, " ")  # `US$` names a currency, not a place
    return bool(set(places_in(text, glossary)) - set(places_in(question.text, glossary)))


def held(terms: frozenset[str], tokens: frozenset[str]) -> int:
    return sum(term_in(t, tokens) for t in terms)


def near(a: ProsePick, b: ProsePick) -> bool:
    """Two figures of one passage: one retrieved window, or two windows of one document a line or two apart."""
    if a.chunk.id == b.chunk.id:
        return True
    if a.chunk.doc_name != b.chunk.doc_name:
        return False
    return (
        a.chunk.start_line <= b.chunk.end_line + PASSAGE_LINES
        and b.chunk.start_line <= a.chunk.end_line + PASSAGE_LINES
    )


PASSAGE_LINES = 2


def value_of(pick: ProsePick) -> float:
    return float(pick.quantity.value) * pick.quantity.scale


def entity_sides(question: Question, texts: tuple[str, str], glossary: Glossary) -> tuple[frozenset, frozenset]:
    """The question's entities each side names alone."""
    named = [frozenset(e for e in question.entities if mentions(e, text, glossary)) for text in texts]
    return named[0] - named[1], named[1] - named[0]


def pair_rank(sides: Sides, x: frozenset[str], y: frozenset[str]) -> tuple[int, int] | None:
    """How well clause tokens `x` (side a) and `y` (side b) bind the sides (smaller is better: the sides' words each
    holds, then the other side's words it holds), or None when they do not tell the sides apart: x holds a word of
    side a that y lacks, y none that x lacks, and the same for side b (a side naming only the whole needs no word of
    its own)."""
    if own(sides.a, y, x) or own(sides.b, x, y) or not own(sides.a, x, y):
        return None
    if sides.b and not own(sides.b, y, x):
        return None
    shared = frozenset(t for t in sides.shared if has_cjk(t) == any(has_cjk(w) for w in x | y))
    if shared and not (held(shared, x) and held(shared, y)):
        return None  # a clause that does not name the measure both sides share
    return -(held(sides.a, x) + held(sides.b, y)), held(sides.a, y) + held(sides.b, x)


def pair_tokens(x: ProsePick, y: ProsePick) -> tuple[frozenset[str], frozenset[str]]:
    """The words of each figure's segment (between semicolons), or of its comma clause when both share one."""
    texts = [segment_of(p.sentence, p.quantity) for p in (x, y)]
    if x.sentence == y.sentence and texts[0] == texts[1]:
        texts = [clause_around(p.sentence, p.quantity.start, p.quantity.end, COMMA_BREAK, widen=False) for p in (x, y)]
    return token_set(texts[0]), token_set(texts[1])


def whole_and_part(x: ProsePick, y: ProsePick) -> bool:
    """`x` may be the whole `y` is a part of: one segment of one sentence (`segment_of`: a part word such as `of
    which` ends it) states both, the whole first, and the whole is larger."""
    if x.sentence != y.sentence or segment_of(x.sentence, x.quantity) != segment_of(y.sentence, y.quantity):
        return share_implies_whole(x, y)
    return x.quantity.start < y.quantity.start and value_of(x) > value_of(y)


def whole_part_tokens(whole: ProsePick, part: ProsePick) -> tuple[frozenset[str], frozenset[str]]:
    """`pair_tokens`, but a part of another sentence than its whole's is named by its words before the share it is
    stated as (`1,094 interns to Japan,` of `..., accounting for 67.4% of the total labour`): the words naming the
    whole after that share tell no side apart."""
    if whole.sentence == part.sentence:
        return pair_tokens(whole, part)
    printed = stated_share(part.sentence, part.quantity)
    own_words = part.sentence[: printed.start] if printed is not None else segment_of(part.sentence, part.quantity)
    return token_set(segment_of(whole.sentence, whole.quantity)), token_set(own_words)


def share_implies_whole(whole: ProsePick, part: ProsePick) -> bool:
    """`part`'s sentence states it as a share of a whole (`1,094 interns, accounting for 67.4% of the total`) and
    `whole`, another sentence's figure of that passage, is the whole the share implies: part / whole, as a
    percentage, rounds to the share as printed. Two sentences are bound as whole and part by nothing less."""
    printed = stated_share(part.sentence, part.quantity)
    if printed is None or whole.sentence == part.sentence or value_of(whole) <= value_of(part):
        return False
    decimals = len(re.search(r"\.(\d+)", printed.text).group(1)) if "." in printed.text else 0
    implied = 100 * value_of(part) / value_of(whole)
    return abs(implied - float(printed.value)) <= 0.5 * 10**-decimals + 1e-9


def clause_pair(
    question: Question, evidence: Evidence, kind: str, split: str = "split"
) -> tuple[ProsePick, ProsePick] | None:
    """(side a's figure, side b's figure) of the first passage in which a figure binds each side, when each binds
    one value there and the two clauses tell the sides apart; None otherwise. For a part and its whole (`rest`,
    `portion`), the whole is stated first in one sentence with the part, and is the larger."""
    texts = sides_text(question, split)
    sides = question_sides(question, evidence.glossary, split)
    if split == "sum" and texts is not None and sides is not None and not sides.a:
        texts, sides = (texts[1], texts[0]), Sides(sides.b, sides.a, sides.shared)  # the items of a sum: either order
    if texts is None or sides is None or not sides.a or asks_year_before(question.text.lower()):
        return None
    if len(set(question.years)) > 1 and years_in(texts[0]) and years_in(texts[1]):
        return None  # two periods, one a side: a change over time, not two sides of one period
    only_a, only_b = entity_sides(question, texts, evidence.glossary)
    picks = operand_candidates(question, evidence, kind)
    for anchor in picks:  # candidates come best first: the passage of the best one that binds a pair
        found = best_pair(question, evidence, [p for p in picks if near(anchor, p)], sides, (only_a, only_b), split)
        if found is not None:
            return found or None  # () when the passage reads two ways: refused, not guessed
    if kind == "percent" and split == "split" and sides.b:
        own_picks = [p for text in texts for p in operand_candidates(side_question(question, text), evidence, kind)]
        return document_pair(question, evidence, list(dict.fromkeys(own_picks)), sides, (only_a, only_b), texts)
    return None


def side_question(question: Question, side: str) -> Question:
    """The question as one side asks it: the specific measure and topic that side names (`service outsourcing` on
    one side of `than`, `foreign trade` on the other), so that each side's figure is judged by its own."""
    kept = tuple(m for m in question.measures if m not in SPECIFIC_MEASURES)
    own_measures = tuple(m for m in question_measures(side) if m in SPECIFIC_MEASURES)
    return replace(question, measures=kept + own_measures, topics=question_topics(side))


def document_pair(
    question: Question,
    evidence: Evidence,
    picks: Sequence[ProsePick],
    sides: Sides,
    entities: tuple[frozenset[str], frozenset[str]],
    texts: tuple[str, str],
) -> tuple[ProsePick, ProsePick] | None:
    """Two rates of one span (`average annual growth`, `period_spans.tsv`) in two paragraphs of one document, each
    naming its own side: a rate names its span and what it measures in its own clause, so unlike a level it is
    bound across paragraphs. Used only when no passage binds both, the document gives each side one value, and the
    question names no other span. Else two figures of two named measures (`measure_pair`)."""
    for doc in dict.fromkeys(p.chunk.doc_name for p in picks):
        in_doc = [p for p in picks if p.chunk.doc_name == doc]
        found = best_pair(question, evidence, [p for p in in_doc if own_span(p)], sides, entities, "split")
        if found is None:
            found = measure_pair(question, evidence, in_doc, sides, entities, texts)
            if found is None:
                continue
            return found or None
        if not found or own_span(found[0]) != own_span(found[1]) or spans_named(question.text) - own_span(found[0]):
            return None
        return found
    return None


def side_measures(texts: tuple[str, str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """The specific measures (`stock`, `flow`, `turnover`: `SPECIFIC_MEASURES`) each side names and the other does
    not; None unless each side names one of its own."""
    a, b = (specific_measures(t) for t in texts)
    return (a - b, b - a) if a - b and b - a else None


def measure_pair(
    question: Question,
    evidence: Evidence,
    picks: Sequence[ProsePick],
    sides: Sides,
    entities: tuple[frozenset[str], frozenset[str]],
    texts: tuple[str, str],
) -> tuple[ProsePick, ...] | None:
    """Two percentages of two measures the sides name (a flow's share of the world against a stock's) in two
    paragraphs of one document: a figure whose sentence states the question's one year and, ahead of it, its own
    side's measure is bound to that side across paragraphs, as a rate is by its span. () when the best pair leaves
    a side's figure without that side's measure (refused, not guessed); None when no pair binds. Amounts are not
    paired so: a part of a flow (`the non-public sector's investment flow`) names the measure as its whole does."""
    measures = side_measures(texts)
    if measures is None or len(set(question.years)) != 1:
        return None
    year = question.years[0]
    named = measures[0] | measures[1]
    dated = [p for p in picks if year in years_in(p.sentence) and named & measures_before(p)]
    found = best_pair(question, evidence, dated, sides, entities, "split")
    if not found:
        return found
    if any(not own & measures_before(p) for own, p in zip(measures, found, strict=True)):
        return ()
    return found


def measures_before(pick: ProsePick) -> frozenset[str]:
    """The specific measures its sentence names ahead of the figure (`a flow of 16 billion, 9% of the world's`): a
    measure named only after it (`reaching 8 billion, 61% of the flow`) is another figure's whole."""
    return specific_measures(pick.sentence[: pick.quantity.start])


def own_span(pick: ProsePick) -> frozenset[str]:
    """The spans of time (`average_years`: `an average annual growth of 4%`) a figure's comma clause names."""
    return spans_named(clause_around(pick.sentence, pick.quantity.start, pick.quantity.end, COMMA_BREAK, widen=False))


def best_pair(
    question: Question,
    evidence: Evidence,
    group: Sequence[ProsePick],
    sides: Sides,
    entities: tuple[frozenset[str], frozenset[str]],
    split: str,
) -> tuple[ProsePick, ...] | None:
    """The best-ranked pair of `group` (`pair_order`); () when the best rank holds two pairs of other values; None
    when no pair binds."""
    ranked = []
    for x in group:
        for y in group:
            if not entity_gaps(x, question) <= entities[1] or not entity_gaps(y, question) <= entities[0]:
                continue  # each figure lacks no entity but those the other side names
            if value_of(x) == value_of(y) or not same_unit(x.quantity, y.quantity):
                continue
            if split in PART_SPLITS and not whole_and_part(x, y):
                continue
            if not sides.b and foreign_places(question, segment_of(y.sentence, y.quantity), evidence.glossary):
                continue  # the whole is no figure of a place the question does not name
            rank = pair_rank(sides, *whole_part_tokens(x, y) if split in PART_SPLITS else pair_tokens(x, y))
            if rank is not None:
                ranked.append((pair_order(question, rank, x, y), x, y))
    if not ranked:
        return None
    best = min(rank for rank, _, _ in ranked)
    top = [(x, y) for rank, x, y in ranked if rank == best]
    if len({(value_of(x), value_of(y)) for x, y in top}) != 1:
        return ()
    return top[0]


PART_SPLITS = ("rest", "portion")  # the splits whose sides are a whole and a part of it


def pair_order(question: Question, rank: tuple[int, int], x: ProsePick, y: ProsePick) -> tuple[int, ...]:
    """Pairs best first: by the sides' words their clauses hold (`pair_rank`), then by the figures that are levels of
    the year asked (`dated_level`), then, for counts, by the question's words in the figures' own phrases (`for 37
    consecutive years`, not `in the past five years`)."""
    dated = sum(dated_level(p, question) for p in (x, y))
    if quantity_kind(x.quantity) != "count":
        return rank[0], rank[1], -dated, 0  # two levels of one amount (`reached 4, rising from 3.5 to 4.6`) tie
    return rank[0], rank[1], -dated, -phrase_hits(question, x) - phrase_hits(question, y)


def phrase_hits(question: Question, pick: ProsePick) -> int:
    """The question's words in the figure's own phrase (`for 37 consecutive years` beside `in the past five years`)."""
    phrase = figure_phrase(bound_clause(pick.sentence, pick.quantity), pick.quantity)
    return len(question.terms & token_set(phrase))


def state_pair(draft: AnswerDraft, formula, pair: tuple[ProsePick, ProsePick], label: str, unit: str = "") -> Answer:
    """The formula's answer, both operands cited: one sentence once, two sentences of one passage quoted together."""
    a, b = pair
    operands = (a.quantity, b.quantity)
    if a.sentence == b.sentence:
        return state_prose_formula(draft, formula, a, operands, label, unit=unit)
    quote = " … ".join(
        p.sentence for p in sorted(pair, key=lambda p: (p.chunk.start_line, p.chunk.body.find(p.sentence)))
    )
    joined = replace(a, sentence=quote)
    return state_prose_formula(draft, formula, joined, operands, label, unit=unit)


def derive_clause_difference(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """Side a's figure less side b's (the larger first when a gap is asked), in percentage points for two
    percentages, in side a's scale for amounts."""
    kind = OPERAND_KINDS.get(question.asked)
    pair = clause_pair(question, evidence, kind) if kind else None
    if pair is None:
        return NO_OPERANDS
    a, b = pair[0].quantity, pair[1].quantity
    if asks_operation(question.text.lower(), "gap") and value_of(pair[0]) < value_of(pair[1]):
        a, b = b, a
    if kind == "percent":
        formula = change(float(a.value), float(b.value))
        label = draft.templates["points"].format(value="").strip()
        return state_pair(draft, formula, pair, label, unit="percentage points")
    formula = difference(float(a.value), in_scale_of(b, a.scale))
    if kind == "amount":
        return state_pair(draft, formula, pair, amount_label(a))
    return state_pair(draft, formula, pair, a.base, unit="count")


def derive_clause_ratio(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """Side a's figure as a multiple of side b's (`A是B的多少倍`, `A was how many times B`), scales aligned."""
    pair = None
    for kind in ("amount", "count"):
        pair = clause_pair(question, evidence, kind)
        if pair is not None:
            break
    if pair is None:
        return NO_OPERANDS
    a, b = pair[0].quantity, pair[1].quantity
    formula = ratio(float(a.value), in_scale_of(b, a.scale))
    return state_pair(draft, formula, pair, draft.templates["times"])


def derive_clause_sum(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`the combined X of the A and B sectors`: the two items a sum joins (`sum` of `operand_sides.tsv`), each bound
    to the figure whose clause names it alone in one passage, added in the first one's scale. An item whose words the
    other holds too (`public` beside `non-public`) is bound to the clause lacking the other's own words."""
    kind = OPERAND_KINDS.get(question.asked)
    pair = clause_pair(question, evidence, kind, "sum") if kind in ("amount", "count") else None
    if pair is None:
        return NO_OPERANDS
    a, b = pair[0].quantity, pair[1].quantity
    formula = total([float(a.value), in_scale_of(b, a.scale)])
    if kind == "amount":
        return state_pair(draft, formula, pair, amount_label(a))
    return state_pair(draft, formula, pair, a.base, unit="count")


def part_pair(question: Question, evidence: Evidence, split: str) -> tuple[ProsePick, ProsePick] | None:
    """(the whole, the part) the question's `rest` or `portion` sides bind, of counts first, else of amounts."""
    if sides_text(question, split) is None:
        return None
    for kind in ("count", "amount"):
        pair = clause_pair(question, evidence, kind, split)
        if pair is not None:
            return pair
    return None


def derive_clause_rest(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`How many of X have not been Y?`, `X中有多少没有Y`: the whole X less its part Y, both stated in one sentence."""
    pair = part_pair(question, evidence, "rest")
    if pair is None:
        return NO_OPERANDS
    a, b = pair[0].quantity, pair[1].quantity
    formula = difference(float(a.value), in_scale_of(b, a.scale))
    if quantity_kind(a) == "amount":
        return state_pair(draft, formula, pair, amount_label(a))
    return state_pair(draft, formula, pair, a.base, unit="count")


def derive_clause_portion(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`What share of X was Y?`, `X中，Y的占多大比例`: the part Y as a percentage of the whole X."""
    pair = part_pair(question, evidence, "portion")
    if pair is None:
        return NO_OPERANDS
    whole, part = pair[0].quantity, pair[1].quantity
    formula = share(in_scale_of(part, whole.scale), float(whole.value), COMPUTED_DECIMALS)
    return state_pair(draft, formula, (pair[1], pair[0]), "%")


__all__ = [
    "derive_clause_difference",
    "derive_clause_portion",
    "derive_clause_ratio",
    "derive_clause_rest",
    "derive_clause_sum",
    "question_sides",
]
