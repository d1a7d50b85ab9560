"""Matching a question to the typed facts of its evidence (`rag.index.facts`): the figure a single-value question
asks for, chosen among facts instead of re-scanning chunks with rules.

Candidates are the facts of the retrieved tables, of the tables the evidence points to and of the retrieved prose
passages. A fact may answer only when it meets the hard constraints (`unmet`, checked in this order): every entity
of the question is named by its row, clause, table title, headings or document title; its period is the year asked
(a prose figure needs a known one); its kind fits the kind asked; it is of the topic and measure asked. Among
those, the score blends

* exact: the share of the question's terms its labels, statement, table title and headings hold;
* glossary: how fully the question names its row or subject, through the glossary's names of a Chinese label;
* measure: the question's measure words (flow, stock, share ...) in its row and column labels or clause;
* dense: embedding similarity of the passage holding it, read from retrieval (the dense rank of its row's or
  sentence's chunk), so nothing new is embedded at index or question time;
* minus the parts of a cell's row and column paths that the question does not ask for (a sub-row, a sub-column).

The weights were set on the dev set (`WEIGHTS`). An answer needs a clear winner: a rival of another value within
`TIE_MARGIN` leaves the question refused, since a near miss is worse than no answer. The reader uses it only where
its rules find no figure (`rag.read.reader.route`): as the primary lookup it was right less often than the rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rag.index.facts import row_path
from rag.read.alignment import fact_rate_kind, names_group
from rag.read.bound_measures import RATE_ASKED, text_binding
from rag.read.cell_measures import asks_named_measure, sentence_measure_fits
from rag.read.cells import CellPick
from rag.read.compose import AnswerDraft, answer_cell, answer_prose
from rag.read.evidence import Evidence
from rag.read.matching import best_name_match, coverage, mentions, missing_topic, other_measure
from rag.read.prose import ProsePick, earlier_sentence
from rag.read.question import Question, question_measures
from rag.read.refusals import NO_OPERANDS, OTHER_MEASURE, OTHER_YEAR, WEAK, Refusal, missing
from rag.text.numbers import extract_quantities, years_in
from rag.text.sentences import split_sentences
from rag.types import Answer, Chunk, Fact


@dataclass(frozen=True)
class MatchWeights:
    """How much each kind of match counts; set on the dev set."""

    exact: float = 1.0
    glossary: float = 1.0
    measure: float = 0.5
    dense: float = 1.0
    unasked: float = 0.5


WEIGHTS = MatchWeights()
MIN_MATCH = 1.0  # below this blended score the best fact is too weakly related to answer
TIE_MARGIN = 0.05  # a rival of another value this close to the best leaves the choice open: refuse
DENSE_SCALE = 5.0  # dense rank r counts 1 / (1 + (r - 1) / DENSE_SCALE)
NAMED = 0.5  # how fully the question must name a label for it to count as asked


@dataclass(frozen=True)
class Candidate:
    """A fact of the evidence with the chunk that holds it (its row or its passage) and that chunk's hit rank."""

    fact: Fact
    chunk: Chunk | None
    dense_rank: int | None
    heading: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactMatch:
    fact: Fact
    score: float
    chunk: Chunk | None
    heading: tuple[str, ...] = ()


def candidates(evidence: Evidence, question: Question) -> Iterator[Candidate]:
    """The facts of every retrieved table (each cell with its row's hit, if retrieved), of the tables the evidence
    points to (`Evidence.related_tables`: the table next to a retrieved passage, one whose title holds the question)
    and of every retrieved prose passage."""
    places = evidence.index.facts_by_place
    row_hits = {
        (hit.chunk.doc_name, hit.chunk.table_id, hit.chunk.start_line): hit
        for hit in evidence.hits
        if hit.chunk.kind == "table_row"
    }
    for table, _, heading in [*evidence.tables(), *evidence.related_tables(question)]:
        for row in table.rows:
            hit = row_hits.get((table.doc_name, table.table_id, row.line))
            for fact in places.get((table.doc_name, row.line), ()):
                if fact.source == "table" and fact.table_id == table.table_id:
                    yield Candidate(fact, hit.chunk if hit else None, hit.dense_rank if hit else None, heading)
    for hit in evidence.hits:
        chunk = hit.chunk
        if chunk.kind != "prose":
            continue
        for line in range(chunk.start_line, chunk.end_line + 1):
            for fact in places.get((chunk.doc_name, line), ()):
                if fact.source == "prose" and fact.clause and fact.clause in chunk.body:
                    yield Candidate(fact, chunk, hit.dense_rank, chunk.heading)


def labels(fact: Fact) -> str:
    """What a fact says it is about: a cell's row path and column path; a figure's clause."""
    return " ".join((*fact.row, *fact.column)) if fact.source == "table" else fact.clause


def doc_title(evidence: Evidence, doc_name: str) -> str:
    documents = evidence.index.manifest.documents
    info = documents.get(doc_name) if isinstance(documents, dict) else None
    return str(info.get("title", "")) if isinstance(info, dict) else ""


def context(candidate: Candidate, evidence: Evidence) -> str:
    """The fact's labels with the headings above it and its document's title: where an entity may be named."""
    fact = candidate.fact
    parts = (labels(fact), fact.statement, fact.table_title, *candidate.heading, *fact.heading)
    return " ".join((*parts, doc_title(evidence, fact.doc_name)))


def asked_rate(question: Question) -> str:
    """growth or share when a percent question's words say which; "" otherwise (as `rag.read.alignment` reads)."""
    growth, share = names_group(question.text, "kind_growth"), names_group(question.text, "kind_share")
    return "growth" if growth and not share else "share" if share and not growth else ""


def kind_fits(question: Question, fact: Fact) -> bool:
    """The fact is of the kind of figure asked: an amount for an amount, a count for a count, a percentage (of the
    rate asked, where the question and the fact both say which) for a percent, a rank for a rank."""
    asked = question.asked
    if asked == "percent":
        rate, given = asked_rate(question), fact_rate_kind(fact)
        return fact.kind in ("percent", "growth") and not (rate and given and rate != given)
    if asked == "amount":
        return fact.kind == "amount"
    if asked == "count":  # a number of things the unit does not name as a count (`25 projects`, `347,000 workers`)
        return fact.kind == "count" or (fact.kind == "amount" and not (fact.unit and fact.unit.currency))
    return asked == fact.kind


def known_periods(candidate: Candidate, evidence: Evidence) -> set[int]:
    """The years a fact is of: its own (`Fact.periods`); for one that prints none, the years its table's title and
    headings name, or, for a prose figure, the year of the passage's lead-in or of its section."""
    fact = candidate.fact
    if fact.periods:
        return set(fact.periods)
    around = years_in(" ".join((fact.table_title, *candidate.heading)))
    if around or fact.source == "table" or candidate.chunk is None:
        return around
    return evidence.years_before(candidate.chunk) or evidence.section_year(candidate.chunk)


def period_fits(question: Question, candidate: Candidate, evidence: Evidence) -> bool:
    """The fact's period is the year asked. A cell whose period is not known at all fits (a table printing no year
    cannot contradict one); a prose figure must have a known period: its clause's, its passage's lead-in's or its
    section's (dev set: fewer near misses, one more right). A table whose title alone names another year fits
    when its section's prose names the year asked (the reports' garbled titles print `2012` for 2022)."""
    year, fact = question.year, candidate.fact
    if year is None:
        return True
    periods = known_periods(candidate, evidence)
    if year in periods or (not periods and fact.source == "table"):
        return True
    table = evidence.index.table(fact.table_id, fact.doc_name) if fact.source == "table" and not fact.periods else None
    return table is not None and evidence.section_mentions_year(table, candidate.heading, year)


def unmet(
    question: Question, candidate: Candidate, evidence: Evidence, closest: int = -1
) -> tuple[int, Refusal] | None:
    """The first hard constraint the fact leaves unmet, in the order entity, period, kind, topic and measure, with
    how many it met before it (the refusal of the candidate that came closest is the one said).

    The entity check reads the fact's whole context for other places, the costly step; a fact that fails the period
    or the kind cannot come closer than `closest`, the best so far, once that is past it, so it is skipped then."""
    fact = candidate.fact
    text = context(candidate, evidence)
    in_period = len(question.years) <= 1 and period_fits(question, candidate, evidence)
    bound = 1 if not in_period else 2 if not kind_fits(question, fact) else None
    if bound is not None and closest >= bound:
        return 0, OTHER_MEASURE  # no closer than the best so far, whatever its entity
    for entity in question.entities:
        if not mentions(entity, text, evidence.glossary):
            return 0, missing(entity)
    if not in_period:
        return 1, OTHER_YEAR
    if bound == 2:
        return 2, OTHER_MEASURE
    if missing_topic(question, text) or other_measure(question, labels(fact)) or other_bound_measure(question, fact):
        return 3, OTHER_MEASURE
    if fact.source == "prose" and asks_named_measure(question) and candidate.chunk is not None:
        sentence, earlier = fact_sentence(fact, candidate.chunk, evidence)
        if sentence is not None and not sentence_measure_fits(question, f"{earlier} {sentence}"):
            return 3, OTHER_MEASURE  # a stock asked: a sentence naming no stock gives a year's flow
    return None


def fact_sentence(fact: Fact, chunk: Chunk, evidence: Evidence) -> tuple[str | None, str]:
    """The sentence of the passage holding the prose fact's clause, and the sentence before it that it goes on about
    (`earlier_sentence`: `the number of trains ...` after the one naming the trains), "" for none."""
    sentences = split_sentences(chunk.body)
    at = next((i for i, s in enumerate(sentences) if fact.clause in s), None)
    if at is None:
        return None, ""
    previous = sentences[at - 1] if at else evidence.sentence_before(chunk)
    return sentences[at], earlier_sentence(sentences[at], previous, evidence.glossary)


def other_bound_measure(question: Question, fact: Fact) -> bool:
    """A prose figure whose own clause names another measure of a contrast the question asks one of
    (`rag.read.bound_measures`: the workers dispatched for those abroad, a fall for a share)."""
    at = fact.clause.find(fact.text) if fact.source == "prose" else -1
    rates = question.asked in RATE_ASKED
    return at >= 0 and bool(text_binding(question.text, fact.clause, at, at + len(fact.text), rates)[1])


def dense_score(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / (1.0 + (rank - 1) / DENSE_SCALE)


def score(question: Question, candidate: Candidate, evidence: Evidence, weights: MatchWeights = WEIGHTS) -> float:
    """The blended match of a fact that meets every hard constraint."""
    fact = candidate.fact
    glossary = evidence.glossary
    exact = coverage(question, context(candidate, evidence))
    names = fact.row[-1:] if fact.source == "table" else (fact.subject,)
    named = max((min(1.0, best_name_match(name, question, glossary)) for name in names if name), default=0.0)
    wanted = set(question.measures)
    measured = len(wanted & set(question_measures(labels(fact)))) / len(wanted) if wanted else 0.0
    return (
        weights.exact * exact
        + weights.glossary * named
        + weights.measure * measured
        + weights.dense * dense_score(candidate.dense_rank)
        - weights.unasked * unasked_parts(question, fact, evidence)
    )


def unasked_parts(question: Question, fact: Fact, evidence: Evidence) -> int:
    """How many parts of a cell's row and column paths the question does not ask for: neither named by it (through
    the glossary), nor a measure, nor a year. A cell of a sub-row or sub-column is a part of what was asked."""
    if fact.source != "table":
        return 0
    return sum(
        1
        for part in (*fact.row, *fact.column)
        if not years_in(part)
        and not question_measures(part)
        and best_name_match(part, question, evidence.glossary) < NAMED
    )


def match_facts(
    question: Question, evidence: Evidence, weights: MatchWeights = WEIGHTS
) -> tuple[list[FactMatch], Refusal | None]:
    """The facts that meet every hard constraint, best first; and, when none does, the constraint that the
    candidate that came closest left unmet."""
    matches: list[FactMatch] = []
    closest: tuple[int, Refusal] = (-1, OTHER_MEASURE)
    seen: set[str] = set()
    for candidate in candidates(evidence, question):
        if candidate.fact.id in seen:  # a figure of two overlapping passages: its better-ranked one counts
            continue
        seen.add(candidate.fact.id)
        problem = unmet(question, candidate, evidence, closest[0])
        if problem is not None:
            closest = max(closest, problem, key=lambda found: found[0])
            continue
        matches.append(
            FactMatch(candidate.fact, score(question, candidate, evidence, weights), candidate.chunk, candidate.heading)
        )
    matches.sort(key=lambda match: -match.score)
    return matches, (None if matches else closest[1])


def clear_winner(matches: list[FactMatch]) -> FactMatch | Refusal:
    """The best match, unless it is too weak or a fact of another value scores within `TIE_MARGIN` of it."""
    best = matches[0]
    if best.score < MIN_MATCH:
        return WEAK
    rivals = [m for m in matches[1:] if m.fact.value != best.fact.value and best.score - m.score < TIE_MARGIN]
    return WEAK if rivals else best


def fact_lookup(
    draft: AnswerDraft, question: Question, evidence: Evidence, weights: MatchWeights = WEIGHTS
) -> Answer | Refusal:
    """The single figure the question asks for, as the best matching fact states it; the constraint left unmet
    (or WEAK, for no clear winner) otherwise."""
    if question.operation != "lookup" or question.asked in ("text", "year"):
        return NO_OPERANDS
    matches, refusal = match_facts(question, evidence, weights)
    if refusal is not None:
        return refusal
    best = clear_winner(matches)
    if isinstance(best, Refusal):
        return best
    if not state(draft, best, evidence):
        return WEAK
    draft.confidence = min(1.0, best.score / 4)
    return draft.answer()


def state(draft: AnswerDraft, match: FactMatch, evidence: Evidence) -> bool:
    """Write the answer from the fact through the reader's usual sentences (a cell's, a prose figure's)."""
    fact = match.fact
    if fact.source == "table":
        table = evidence.index.table(fact.table_id, fact.doc_name)
        # a table printed in two panels holds two rows on one line: the fact's row is the one of its row path
        rows = table.rows if table else ()
        row = next((row for row in rows if (row.line, row_path(row)) == (fact.line, fact.row)), None)
        if table is None or row is None:
            return False
        answer_cell(draft, CellPick(table, row, fact.column_index, match.score, heading=match.heading), evidence)
        return True
    chunk = match.chunk
    if chunk is None:
        return False
    sentence, earlier = fact_sentence(fact, chunk, evidence)
    quantity = next((q for q in extract_quantities(sentence or "") if q.text == fact.text), None)
    if sentence is None or quantity is None:
        return False
    # a sentence that goes on about what the one before named (`the number of trains ...`) is cited with it
    answer_prose(draft, ProsePick(chunk, sentence, quantity, match.score, earlier=earlier), evidence.glossary)
    return True
