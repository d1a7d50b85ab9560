"""A part as a percentage of its whole, computed from two rows of one table column: `A as a percentage of B`,
`what percentage of B was A`, `the percentage of A in / among / out of B`.

The question is split into the part's words and the whole's words (`portion_phrases`); each names one row of the
table the question's best clean cell belongs to, in that cell's column. A table that prints a share column answers
by lookup instead: a share the report prints is read, not recomputed from rounded amounts."""

from __future__ import annotations

import re
from dataclasses import replace

from rag.read.cell_measures import measure_fits
from rag.read.cells import CellPick, column_text, first_clean, is_total
from rag.read.compose import AnswerDraft, state_formula, subject_of
from rag.read.derived import COMPUTED_DECIMALS, share_candidates
from rag.read.evidence import Evidence
from rag.read.matching import names_of
from rag.read.question import Question, question_measures
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.text.numbers import share, years_in
from rag.text.tokens import tokenize
from rag.types import Answer, Table

_PERCENT = r"(?:percentage|percent|%|proportion|fraction|share)"
# (part, whole) by the order the question names them in; the verb that ends a whole named first is a small set.
_AS_PERCENT_OF = re.compile(
    rf"\b(?:what (?:is|was|were|are) )?(?:the )?(?:value of )?(?P<part>.+?)\s+(?:expressed )?as an? {_PERCENT}"
    rf"\s+(?:of|to)\s+(?P<whole>.+)",
    re.IGNORECASE,
)
_WHAT_PERCENT_OF = re.compile(
    rf"\bwhat {_PERCENT} of (?P<whole>.+?)\s+"
    rf"(?:is|was|were|are|does|do|did|(?:has|have|had)(?= been\b)|(?:comes?|came) from|consists? of|constitutes?)"
    rf"\s+(?P<part>.+)",
    re.IGNORECASE,
)
_PART_WHAT_PERCENT = re.compile(
    rf"\b(?:the )?(?P<part>.+?)\s+(?:equall?ed|was|were|is|are|represented|amounted to|made up)\s+(?:about |roughly )?"
    rf"what {_PERCENT} of (?P<whole>.+)",
    re.IGNORECASE,
)
_PERCENT_OF_IN = re.compile(
    rf"\b{_PERCENT}(?: constitution| constituent)? of (?P<part>.+?)\s+(?:in|among|out of|within|from|to)\s+"
    rf"(?P<whole>(?:the )?(?:total|all)\b.+)",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\s*(?:\b(?:in|for|during|at|as of|of) (?:fiscal |the )?(?:year )?\d{4}\b.*|\?.*)$", re.IGNORECASE)


def portion_phrases(text: str) -> tuple[str, str] | None:
    """(part words, whole words) of a question asking for a part as a percentage of a whole, else None."""
    for pattern in (_AS_PERCENT_OF, _WHAT_PERCENT_OF, _PART_WHAT_PERCENT, _PERCENT_OF_IN):
        match = pattern.search(text)
        if match:
            part, whole = (_TAIL.sub("", match.group(name)).strip(" ,\"'“”") for name in ("part", "whole"))
            if part and whole:
                return part, whole
    return None


def _words(text: str) -> set[str]:
    return {word for word in tokenize(text) if not years_in(word)}


def phrase_match(pick: CellPick, phrase: set[str], glossary) -> float:
    """How well a row stands for a phrase: the share of its label's words the phrase holds, and of the phrase's
    words the label (with its section) holds."""
    names = [words for words in (_words(name) for name in names_of(pick.row.label, glossary)) if words]
    if not names or not phrase:
        return 0.0
    # the name the phrase holds best (`制造业` is also `manufacturing`), and how much of the phrase all names hold
    label = max(len(words & phrase) / len(words) for words in names)
    named = set().union(*names) | _words(pick.row.section)
    score = label + len(named & phrase) / len(phrase)
    return score + (0.5 if is_total(pick.row) and "total" in phrase else 0.0)


def prints_shares(pick: CellPick, glossary) -> bool:
    """The pick's table has a column of shares (`% of total`, `比重`)."""
    table = pick.table
    return any("share" in question_measures(column_text(table, i, glossary)) for i in range(len(table.columns)))


def derive_portion(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`A as a percentage of B`: A / B × 100 from the rows naming A and B best in one table column."""
    phrases = portion_phrases(question.text)
    if phrases is None:
        return NO_OPERANDS
    glossary = evidence.glossary
    part_words, whole_words = (_words(phrase) for phrase in phrases)
    # `what share of all projects`: of their number
    amounts = replace(question, measures=tuple(m for m in question.measures if m != "share"))
    picks = share_candidates(amounts, evidence, typed=True)
    # a column of changes (`Change`, `Increase`) holds no part of a whole
    picks = [p for p in picks if "growth" not in question_measures(column_text(p.table, p.index, glossary))]
    anchor = first_clean(picks) or next((p for p in picks if only_rows(p)), None)
    if anchor is None or prints_shares(anchor, glossary):
        return NO_OPERANDS
    if not measure_fits(question, anchor, glossary):
        return NO_OPERANDS  # a stock's share from a table of a year's flows is a near miss
    # the cells of the anchor's column: its year is the one asked, whatever other rows the question names
    column = [p for p in picks if p.table is anchor.table and p.index == anchor.index]
    part = best_row(column, part_words, glossary)
    if part is None:
        return NO_OPERANDS
    whole = best_row([p for p in column if p.row.line != part.row.line], whole_words, glossary)
    whole = whole or total_of(part, evidence)  # `what fraction of X was in A`: X names the table, its total row
    if whole is None or not whole.value or part.value is None:
        return NO_OPERANDS
    part = part_of_whole(part, column, whole, part_words, glossary)
    # a part printed in brackets (a cost deducted) of a positive whole is taken at its size
    sized = abs(part.value) if part.value < 0 < whole.value else part.value
    formula = share(sized, whole.value, COMPUTED_DECIMALS)
    state_formula(draft, formula, [part, whole], evidence, subject_of(part, glossary, question.lang))
    draft.confidence = 0.6
    return draft.answer()


def part_of_whole(part: CellPick, column: list[CellPick], whole: CellPick, phrase: set[str], glossary) -> CellPick:
    """Of rows naming the part equally well (one label in two blocks of a table: net additions, then totals), the
    one in the block of rows that adds up to the whole."""
    tied = [p for p in column if phrase_match(p, phrase, glossary) == phrase_match(part, phrase, glossary)]
    adding_up = [p for p in tied if p.table is whole.table and _block_sum(p, whole.row.line) == whole.value]
    return adding_up[0] if len(adding_up) == 1 else part


def _block_sum(pick: CellPick, whole_line: int) -> float | None:
    """The sum of the pick's column over its block: the run of rows around it up to the whole's row or a total
    row."""
    rows = list(pick.table.rows)
    at = next((n for n, row in enumerate(rows) if row.line == pick.row.line), None)
    if at is None:
        return None

    def bound(row) -> bool:
        return is_total(row) or row.line == whole_line

    start, end = at, at
    while start > 0 and not bound(rows[start - 1]):
        start -= 1
    while end + 1 < len(rows) and not bound(rows[end + 1]):
        end += 1
    values = [row.cells[pick.index].value if pick.index < len(row.cells) else None for row in rows[start : end + 1]]
    return None if any(v is None for v in values) else round(sum(values), 6)


def only_rows(pick: CellPick) -> bool:
    """Every problem of the pick is its row (the question names two rows, the pick's score counts one)."""
    return all(problem.unmet is Unmet.ROW for problem in pick.problems)


def best_row(picks: list[CellPick], phrase: set[str], glossary) -> CellPick | None:
    """The pick whose row names the phrase best, when it names most of it (one word of a long label is not it)."""
    # equal matches (`developed` and `developing` share a stem): the row the question's scoring ranks higher
    scored = sorted(((phrase_match(p, phrase, glossary), p.score, i) for i, p in enumerate(picks)), reverse=True)
    if not scored or scored[0][0] < 1.0:
        return None
    return picks[scored[0][2]]


def total_of(part: CellPick, evidence: Evidence) -> CellPick | None:
    """The total row in the part's column: of its own table, else of a table of the evidence printing the same
    columns in the same unit (one breakdown by economy, another by industry, the total printed in one of them)."""
    if is_total(part.row):
        return None
    tables = [(part.table, part.heading)] + [(t, heading) for t, _, heading in evidence.tables() if t is not part.table]
    for table, heading in tables:
        if table is not part.table and not same_columns(table, part.table):
            continue
        for row in table.rows:
            if is_total(row) and part.index < len(row.cells) and row.cells[part.index].value:
                return replace(part, table=table, row=row, problems=(), heading=heading)
    return None


def same_columns(one: Table, other: Table) -> bool:
    """Two tables print the same columns (headers and units): a figure of one and of the other measure alike."""
    if len(one.columns) != len(other.columns):
        return False
    return all(a.header == b.header and a.unit == b.unit for a, b in zip(one.columns, other.columns, strict=True))
