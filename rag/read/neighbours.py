"""The row next to a named row in a ranking: `which X ranked immediately ahead of A`, `just behind A`, `仅次于A`.

The neighbour words are data (`rank_ahead` / `rank_behind` in `rag/data/operations.tsv`). The named row's position
is read from the table's rank column, or from its place when the rows are sorted on the asked column (largest
first); the answer is the row one place ahead (a smaller position) or behind. Both rows are cited. A position the
table does not print (ahead of the first, behind the last) is refused, never filled with a near row.

The places between two rows a question names (`how many places below A does B rank`, `B比A低几位`; `rank_gap_*`
words) are their positions' difference, read the same way; a row on the other side of the one named is no answer.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rag.read.cells import NAMED_ROW, CellPick, cell_problems, is_total, names_row
from rag.read.compose import AnswerDraft, cell_citation
from rag.read.evidence import Evidence
from rag.read.matching import best_name_match, mentions, names_of
from rag.read.operations import operation_words
from rag.read.question import Question
from rag.read.rank_asks import asks_rank_move
from rag.read.ranks import rank_column, ranked_rows, sort_column
from rag.read.refusals import NO_OPERANDS, Refusal, Unmet
from rag.read.wording import english_ordinal, row_title
from rag.text.numbers import difference
from rag.text.tokens import find_word
from rag.types import Answer, Table, TableRow


def neighbour_step(text: str) -> int:
    """-1 when the question asks for the row one place ahead of a named one, +1 one place behind, 0 neither."""
    low = text.lower()
    words = operation_words()
    for step, group in ((-1, "rank_ahead"), (1, "rank_behind")):
        for word in words.get(group, ()):
            found = find_word(word, low) if word.isascii() else word in low
            if found:
                return step
    return 0


def ordered_rows(table: Table, question: Question, evidence: Evidence) -> tuple[list[TableRow], int] | None:
    """The table's item rows in order of rank, and the column that orders them: its rank column (every position
    printed once), else the asked column sorted largest first."""
    index = rank_column(table)
    if index is not None:
        rows = [r for r in table.rows if index < len(r.cells) and r.cells[index].value is not None]
        positions = [r.cells[index].value for r in rows]
        if len(set(positions)) != len(positions):
            return None
        return sorted(rows, key=lambda r: r.cells[index].value), index
    index = sort_column(table, question, evidence.glossary)
    if index is None:
        return None
    rows = [r for r in ranked_rows(table, index, question, evidence.glossary) if not is_total(r)]
    return sorted(rows, key=lambda r: -r.cells[index].value), index


def named_row(rows: list[TableRow], question: Question, evidence: Evidence) -> TableRow | None:
    """The one row the question names best (`China`, not `Hong Kong, China`); None when none or a tie."""
    glossary = evidence.glossary
    named = [(best_name_match(r.label, question, glossary), r) for r in rows if names_row(r, question, glossary)]
    if not named:
        return None
    best = max(score for score, _ in named)
    top = [r for score, r in named if score == best]
    return top[0] if len(top) == 1 and best >= NAMED_ROW else None


def section_text(evidence: Evidence, table: Table, heading: tuple[str, ...]) -> str:
    """The prose of the table's own section: the passage introducing a ranking names its publisher (`WIPO`)."""
    return " ".join(
        chunk.body
        for chunk in evidence.index.chunks
        if chunk.kind == "prose" and chunk.doc_name == table.doc_name and chunk.heading == heading
    )


def fits_table(pick: CellPick, question: Question, evidence: Evidence, row: TableRow) -> bool:
    """The named row's cell meets the question's constraints, an entity the table does not name allowed where the
    prose of its section names it (the publisher of a ranking); the named row's own name is no such entity."""
    for problem in cell_problems(pick, question, evidence, question.years[-1:]):
        if problem.unmet is not Unmet.ENTITY:
            return False
        entity = problem.entity
        if not mentions(entity, section_text(evidence, pick.table, pick.heading), evidence.glossary):
            return False
    return True


def derive_neighbour(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The row one place ahead of (behind) the row the question names, in the first retrieved ranking that holds
    it; NO_OPERANDS unless the question asks for a neighbour and a ranking holds the named row."""
    step = neighbour_step(question.text)
    if not step:
        return NO_OPERANDS
    for table, _, heading in evidence.tables():
        ordered = ordered_rows(table, question, evidence)
        if ordered is None:
            continue
        rows, index = ordered
        row = named_row(rows, question, evidence)
        if row is None:
            continue
        anchor = CellPick(table, row, index, 0.0, heading=heading)
        if not fits_table(anchor, question, evidence, row):
            continue
        at = rows.index(row) + step
        if not 0 <= at < len(rows):
            return NO_OPERANDS  # ahead of the first or behind the last: no row to give
        return state_neighbour(draft, anchor, CellPick(table, rows[at], index, 0.0, heading=heading), evidence)
    return NO_OPERANDS


def state_neighbour(draft: AnswerDraft, anchor: CellPick, other: CellPick, evidence: Evidence) -> Answer:
    """`France ranked 11th [1], one place ahead of China (12th) [2].`"""
    question, glossary = draft.question, evidence.glossary
    ranked = rank_column(anchor.table) is not None
    positions = []
    for pick in (other, anchor):
        if ranked:
            positions.append(int(pick.row.cells[pick.index].value))
        else:
            order = sorted(
                (r for r in anchor.table.rows if r.cells[pick.index].value is not None and not is_total(r)),
                key=lambda r: -r.cells[pick.index].value,
            )
            positions.append(order.index(pick.row) + 1)
    key = "rank_neighbour_ahead" if positions[0] < positions[1] else "rank_neighbour_behind"
    draft.say(
        key,
        row_name=row_title(other.row.label, glossary, question, first=True),
        ordinal=english_ordinal(positions[0]),
        position=positions[0],
        n=draft.cite(cell_citation(other, evidence)),
        named=row_title(anchor.row.label, glossary, question),
        named_ordinal=english_ordinal(positions[1]),
        named_position=positions[1],
        m=draft.cite(cell_citation(anchor, evidence)),
    )
    draft.spans = (other.row.label,)
    draft.confidence = 0.6
    return draft.answer()


__all__ = ["derive_neighbour", "neighbour_step"]


def gap_side(text: str) -> tuple[int, int]:
    """(side, at): +1 when the question asks how many places one row ranks behind (below) another, -1 ahead
    (above), 0 neither (`rank_gap_behind` / `rank_gap_ahead` words); `at` is where the other row's name is looked
    for: after the gap word, or after a `rank_gap_than` word before it (`A比B低几位`)."""
    low = text.lower()
    words = operation_words()
    for side, group in ((1, "rank_gap_behind"), (-1, "rank_gap_ahead")):
        for word in sorted(words.get(group, ()), key=len, reverse=True):
            found = find_word(word, low) if word.isascii() else re.search(re.escape(word), low)
            if found is None:
                continue
            than = [low.rfind(w, 0, found.start()) for w in words.get("rank_gap_than", ())]
            return side, max((t for t in than if t >= 0), default=found.end())
    return 0, -1


def first_named_at(row: TableRow, low: str, at: int, evidence: Evidence) -> int | None:
    """Where the question first names the row at or after `at` (any of its names), or None."""
    spots = []
    for name in names_of(row.label, evidence.glossary):
        name, rest = name.lower(), low[at:]
        found = find_word(name, rest) if name.isascii() else None
        spot = (found.start() if found else -1) if name.isascii() else rest.find(name)
        if spot >= 0:
            spots.append(spot)
    return min(spots, default=None)


def derive_rank_gap(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The places between two rows a question names in one ranking (`how many places below A does B rank`,
    `B比A低几位`): the other row (`A`) is the one named first after the gap word (or after `比`); the answer is
    B's position less A's (A's less B's for `above`). NO_OPERANDS unless a ranking holds exactly the two named rows
    and B sits on the side asked: a gap on the other side is no answer."""
    side, at = gap_side(question.text)
    if not side or not asks_rank_move(question.text):
        return NO_OPERANDS
    low = question.text.lower()
    for table, _, heading in evidence.tables():
        ordered = ordered_rows(table, question, evidence)
        if ordered is None:
            continue
        rows, index = ordered
        named = [r for r in rows if names_row(r, question, evidence.glossary)]
        if len(named) != 2:
            continue
        spots = [first_named_at(r, low, at, evidence) for r in named]
        if spots[0] == spots[1]:
            continue  # neither (or both at once) named after the gap word: which is the other row is unclear
        other, row = named if spots[1] is None or (spots[0] is not None and spots[0] < spots[1]) else named[::-1]
        picks = [CellPick(table, r, index, 0.0, heading=heading) for r in (row, other)]
        if not all(
            fits_table(p, besides(question, q.row, evidence), evidence, p.row)
            for p, q in zip(picks, picks[::-1], strict=True)
        ):
            continue
        return state_gap(draft, picks[0], picks[1], side, evidence)
    return NO_OPERANDS


def besides(question: Question, other: TableRow, evidence: Evidence) -> Question:
    """The question less the entities the other row of a pair names: one row's cell is not asked to name both."""
    names = " ".join(names_of(other.label, evidence.glossary))
    kept = tuple(e for e in question.entities if not mentions(e, names, evidence.glossary))
    return replace(question, entities=kept)


def state_gap(draft: AnswerDraft, row: CellPick, other: CellPick, side: int, evidence: Evidence) -> Answer | Refusal:
    """`B ranked 17th [1], 5 places below A (12th) [2].`; NO_OPERANDS when B is not on the side asked."""
    question, glossary = draft.question, evidence.glossary
    ranked = rank_column(row.table) is not None
    rows = ordered_rows(row.table, question, evidence)[0]
    here, there = ((int(p.row.cells[p.index].value) if ranked else rows.index(p.row) + 1) for p in (row, other))
    formula = difference(here, there) if side > 0 else difference(there, here)
    if formula.result <= 0:
        return NO_OPERANDS
    draft.formula = formula.render("", question.lang)
    draft.record(formula)
    draft.say(
        "rank_gap_behind" if side > 0 else "rank_gap_ahead",
        row_name=row_title(row.row.label, glossary, question, first=True),
        ordinal=english_ordinal(here),
        position=here,
        n=draft.cite(cell_citation(row, evidence)),
        places=formula.shown_result(),
        named=row_title(other.row.label, glossary, question),
        named_ordinal=english_ordinal(there),
        named_position=there,
        m=draft.cite(cell_citation(other, evidence)),
    )
    draft.value = draft.source_value = formula.result
    draft.unit = draft.source_unit = "rank"
    draft.confidence = 0.6
    return draft.answer()
