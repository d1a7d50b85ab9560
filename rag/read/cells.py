"""Table cells as candidate answers: each numeric cell scored by how well the question names its row, column, year
and measure, with the reasons it cannot answer (its problems)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.ingest.tables import cell_unit
from rag.read.evidence import Evidence, table_context
from rag.read.matching import (
    SPECIFIC_MEASURES,
    TOTAL_LABELS,
    best_name_match,
    coverage,
    extra_topic,
    is_place,
    known_place,
    mentions,
    missing_topic,
    names_of,
    names_part_of,
    overlap,
    same_place,
)
from rag.read.parts import asked_part, parts_in
from rag.read.periods import other_period
from rag.read.question import (
    MEASURE_WORDS,
    Question,
    question_measures,
)
from rag.read.refusals import (
    NO_ROW,
    OTHER_MEASURE,
    OTHER_YEAR,
    Refusal,
    Unmet,
    missing,
)
from rag.text.glossary import Glossary, has_cjk
from rag.text.numbers import (
    year_label,
    years_in,
)
from rag.text.units import COUNT_WORDS, RANK_WORDS
from rag.types import Chunk, Table, TableRow, Unit

# Below MIN_SCORE the best candidate is too weakly related to answer. Tuned on the dev set: every unanswerable
# question there is refused for a named entity, year or measure missing from the evidence, none for its score
# alone, while a higher floor refused answerable Chinese questions over English prose (few shared words).
MIN_SCORE = 0.5


NAMED_ROW = 0.6  # how fully the question must name a row for it to be an operand of a sum or difference


RELATED_COVER = 0.6  # share of the question's terms a row of a table outside the hits must account for


@dataclass(frozen=True)
class CellPick:
    """One table cell considered as the answer, with its score and the reasons it cannot answer (problems)."""

    table: Table
    row: TableRow
    index: int
    score: float
    problems: tuple[Refusal, ...] = ()
    chunk: Chunk | None = None
    heading: tuple[str, ...] = ()
    related: bool = False  # from a table no hit belongs to (`Evidence.related_tables`)

    @property
    def value(self) -> float | None:
        return self.row.cells[self.index].value

    @property
    def column(self) -> str:
        return self.table.columns[self.index].header

    @property
    def unit(self) -> Unit | None:
        return cell_unit(self.table, self.row, self.index, inferred=True)


def column_text(table: Table, index: int, glossary: Glossary) -> str:
    column = table.columns[index]
    parts = column.parts or (column.header,)
    return " ".join(f"{part} {glossary.gloss(part) or ''}" for part in parts)


def cell_kind(table: Table, row: TableRow, index: int) -> str:
    """rank, percent, count or amount: the kind of figure in a cell."""
    header = table.columns[index].header.lower() if index < len(table.columns) else ""
    if any(word in header for word in RANK_WORDS):
        return "rank"
    unit = cell_unit(table, row, index)
    if unit is not None and unit.kind in ("percent", "count"):
        return unit.kind
    if unit is None and table.unit is None and any(word in header for word in COUNT_WORDS):
        return "count"  # `Number of shares` in a table that states no unit: its figures count, they are no amounts
    return "amount"


def kind_fits(asked: str, kind: str) -> bool:
    if asked in ("text", "any"):
        return True
    if asked == "points":
        return kind == "percent"
    return asked == kind


def row_years(row: TableRow) -> set[int]:
    return years_in(row.label)


def period_years(row: TableRow) -> set[int]:
    """The years a row is of: its label's, else those of the section row over it (`As at 31 December 2019` above
    rows that name no year repeat for each date)."""
    return row_years(row) or years_in(row.section)


def cell_years(table: Table, row: TableRow, index: int) -> set[int]:
    """The years a cell is of: its column header's and its row label's; the section row's when neither names one."""
    own = years_in(table.columns[index].header) | row_years(row)
    return own or years_in(row.section)


def printed_year(table: Table, row: TableRow, index: int) -> str:
    """The year of a cell as its column header (or, in a table of year rows, its row label) prints it: `FY19`,
    `2018/2019`, `2019`; an answer naming a year gives it as the report does."""
    year = min(cell_years(table, row, index))
    header = table.columns[index].header
    return year_label(header if year in years_in(header) else row.label, year)


def is_total(row: TableRow) -> bool:
    return row.label.lower() in TOTAL_LABELS


def asks_total(question: Question) -> bool:
    low = question.text.lower()
    return any(word in low for word in ("total", "world", "global", "合计", "全球", "世界", "总"))


def row_match(row: TableRow, question: Question, glossary: Glossary) -> float:
    """How well the question names this row: its label, its section parts, or both."""
    if years_in(row.label):
        return 1.0 if years_in(row.label) & set(question.years) else 0.0
    label = best_name_match(row.label, question, glossary)
    # a section whose name the label already holds (`其他发达经济体` under `发达经济体`) names the row no better: its
    # words would be counted twice, above the row of the section's own name
    parts = [part for part in row.section.split(" / ") if part and part not in row.label]
    if not parts:
        return label
    section = sum(best_name_match(part, question, glossary) for part in parts) / len(parts)
    if measure_label(row.label, glossary):  # `金额` under `半导体`: the section names the row
        return section + 0.25 * label
    return label + 0.25 * section * label


def measure_label(label: str, glossary: Glossary) -> bool:
    """A row label that names a measure (`金额`, `Stock`, `Flow (USD)`), not a thing of its own: an English label
    keeping two words once its measure words are left out (`Stock-based compensation`) names a thing."""
    if not question_measures(" ".join(names_of(label, glossary))):
        return False
    if has_cjk(label):
        return True
    rest = label.lower()
    for words in MEASURE_WORDS.values():
        for word in words:
            rest = rest.replace(word, " ")
    return len(re.findall(r"[a-z]{3,}", rest)) < 2


def names_row(row: TableRow, question: Question, glossary: Glossary) -> bool:
    """The question names the row by its own label (not a year row, not a total, not a bare section)."""
    if years_in(row.label) or is_total(row):
        return False
    return best_name_match(row.label, question, glossary) >= NAMED_ROW


def related_row(table: Table, row: TableRow, heading: tuple[str, ...], question: Question, glossary: Glossary) -> bool:
    """A row of a table no hit belongs to may answer only when the question names it by its label and the table's
    title, heading, row and column names together hold most of the question's terms (its whole subject)."""
    if not names_row(row, question, glossary):
        return False
    columns = " ".join(column_text(table, i, glossary) for i in range(len(table.columns)))
    text = " ".join([table_context(table, heading), columns, *names_of(row.label, glossary), row.section])
    return coverage(question, text) >= RELATED_COVER


def column_name_score(table: Table, index: int, question: Question, glossary: Glossary) -> float:
    """+1 per column name part the question names (`当期收益再投资` reinvested earnings), -0.5 per part it does not.

    Year and measure parts (`2022`, `金额`, `比重`) are left to the year and measure scores.
    """
    column = table.columns[index]
    score = 0.0
    for part in column.parts or (column.header,):
        gloss = glossary.gloss(part) or ""
        if years_in(part) or question_measures(f"{part} {gloss}") or not part:
            continue
        score += 1.0 if best_name_match(part, question, glossary) >= 0.5 else -0.5
    return score


def measure_score(table: Table, row: TableRow, index: int, question: Question, glossary: Glossary) -> float:
    column = question_measures(column_text(table, index, glossary) + " " + row.label)
    asked = set(question.measures)
    score = 0.5 if asked & set(column) else 0.0
    score += 0.5 if asked & set(column) - {"amount", "growth"} else 0.0
    wanted = asked & set(SPECIFIC_MEASURES)
    # the column names the measure (存量 stock) or, when it names none, the table's title does (`OFDI flows`)
    offered = set(column) & set(SPECIFIC_MEASURES) or set(question_measures(table.toc_title)) & set(SPECIFIC_MEASURES)
    if wanted and offered and not wanted & offered:
        score -= 1.0
    return score


def asks_change(question: Question) -> bool:
    """A percent question about growth (`同比增长多少`), not about a share."""
    return question.asked == "percent" and "growth" in question.measures and "share" not in question.measures


# `甲国对乙地的投资`, `A's investment in B`: the place invested in (B), after 对 / in / into / to.
_DESTINATION_ZH = re.compile(r"对(.{1,12}?)的?(?:直接)?投资")


# A year after `in` is the period, not the place (`A's FDI in 2041 was what multiple of B's`: B's own, not FDI into B).
_DESTINATION_EN = re.compile(
    r"\b(?:invest\w*|ofdi|fdi|flows?)\s+(?:[a-z]+\s+){0,2}?(?:in|into|to)\s+(?!(?:19|20)\d\d\b)(.{1,40})"
)


_OUTFLOW_WORDS = ("流出", "outflow")


def destination(question: Question, glossary: Glossary) -> str:
    """The place the question's first-named entity invests in, when the question names both (else "")."""
    if len(question.entities) < 2:
        return ""
    for pattern, text in ((_DESTINATION_ZH, question.text), (_DESTINATION_EN, question.text.lower())):
        match = pattern.search(text)
        if not match:
            continue
        named = [e for e in question.entities[1:] if is_place(e, glossary) and mentions(e, match.group(1), glossary)]
        if named:
            return named[0]
    return ""


def outflow_of_destination(pick: CellPick, question: Question, glossary: Glossary) -> bool:
    """The cell is the outflow of the place invested in (`B / 流出流量` for `A对B的投资`): that
    place's own investment abroad, not the investment into it that the question asks about."""
    place = destination(question, glossary)
    if not place or not any(mentions(place, name, glossary) for name in names_of(pick.row.label, glossary)):
        return False
    column = column_text(pick.table, pick.index, glossary).lower()
    return any(word in column for word in _OUTFLOW_WORDS)


def cell_context(pick: CellPick, glossary: Glossary) -> str:
    """Everything that names what a cell is about: its table's title and heading, its row (label, section, their
    other names) and its column."""
    table, row = pick.table, pick.row
    return " ".join(
        [table_context(table, pick.heading), row.label, row.section, column_text(table, pick.index, glossary)]
        + names_of(row.label, glossary)
        + [name for part in row.section.split(" / ") if part for name in names_of(part, glossary)]
    )


def cell_problems(pick: CellPick, question: Question, evidence: Evidence, years: Sequence[int]) -> tuple[Refusal, ...]:
    """Why this cell cannot answer: the constraints of the question it leaves unmet."""
    table, row, index, glossary = pick.table, pick.row, pick.index, evidence.glossary
    problems: list[Refusal] = []
    context = cell_context(pick, glossary)
    # a publisher the question names (`in Lloyd's List's ranking`) may be named by the table's Source line; a
    # place may not (a bulletin of China's investment abroad is no table about China)
    sourced = f"{context} {table.source}"
    problems += [
        missing(e)
        for e in question.entities
        if not mentions(e, context if known_place(e, glossary) else sourced, glossary)
    ]
    # the row of the place invested in (中国香港) does not name the investor (中国) by holding its name: the table must
    problems += [
        missing(e)
        for e in question.entities
        if missing(e) not in problems
        and (place := destination(question, glossary))
        and not same_place(e, place, glossary)  # `拉丁美洲` of a question naming the destination `拉美` too
        and any(mentions(place, name, glossary) for name in names_of(row.label, glossary))
        and not mentions(e, " ".join([table_context(table, pick.heading), row.section]), glossary)
    ]
    problems += [
        missing(e)
        for e in question.entities
        if names_part_of(row.label, e) and not mentions(e, table_context(table, pick.heading), glossary)
    ]
    part = asked_part(question.text, glossary)  # `the western region`: a table of the whole country does not answer
    if part is not None and not any(found == part[0] for _, found in parts_in(f"{context} {row.label}", glossary)):
        problems.append(missing(part[1]))
    if other_period(question.text, f"{table.columns[index].header} {row.label}"):
        problems.append(OTHER_YEAR)  # another quarter or month-end of the year asked
    wanted = set(years)
    have = cell_years(table, row, index)
    if (
        wanted
        and have
        and not wanted & have
        or (
            wanted
            and not have
            and not any(
                year in years_in(table.title + table.toc_title)
                or evidence.section_mentions_year(table, pick.heading, year)
                for year in wanted
            )
        )
    ):
        problems.append(OTHER_YEAR)
    if measure_score(table, row, index, question, glossary) < 0:
        problems.append(OTHER_MEASURE)
    if missing_topic(question, context) or extra_topic(question, table_context(table, pick.heading)):
        problems.append(OTHER_MEASURE)
    if asks_change(question) and "share" in question_measures(column_text(table, index, glossary)):
        problems.append(OTHER_MEASURE)  # a share is not the growth asked about
    if pick.value is None or outflow_of_destination(pick, question, glossary):
        problems.append(OTHER_MEASURE)
    if row_match(row, question, glossary) < 0.5 and not (is_total(row) and asks_total(question)):
        problems.append(NO_ROW)
    return tuple(problems)


def score_cell(
    table: Table,
    row_index: int,
    index: int,
    rank: int,
    heading: tuple[str, ...],
    question: Question,
    evidence: Evidence,
) -> float:
    row = table.rows[row_index]
    glossary = evidence.glossary
    score = 2.0 * row_match(row, question, glossary)
    score += measure_score(table, row, index, question, glossary)
    score += column_name_score(table, index, question, glossary)
    have = cell_years(table, row, index)
    if question.years and have & set(question.years):
        score += 0.5
    elif not question.years and have:
        latest = max((y for i in range(len(table.columns)) for y in cell_years(table, row, i)), default=0)
        score += 0.3 if latest in have else 0.0
    score += 1.5 * overlap(question, table_context(table, heading))
    row_rank = evidence.row_rank(table, row_index)
    score += 0.6 / (1 + row_rank) if row_rank is not None else 0.0
    score += 0.3 / (1 + rank)
    kind = cell_kind(table, row, index)
    if kind == question.asked or (question.asked == "points" and kind == "percent"):  # points compare percentages
        score += 0.3
    return score


def cell_candidates(question: Question, evidence: Evidence, asked: str, years: Sequence[int] | None = None) -> list:
    """Every numeric cell of every hit table, scored, best first (kind must fit `asked`).

    When no hit table has a clean cell in a row the question names, the rows of the tables the evidence points
    to (`Evidence.related_tables`) that the question names join them (`related_row`).
    """
    years = question.years[-1:] if years is None else years
    picks = table_picks(question, evidence, asked, years, evidence.tables())
    if not any(not p.problems and names_row(p.row, question, evidence.glossary) for p in picks):
        picks += table_picks(question, evidence, asked, years, evidence.related_tables(question), related=True)
    return sorted(picks, key=lambda p: -p.score)


def table_picks(
    question: Question,
    evidence: Evidence,
    asked: str,
    years: Sequence[int],
    tables: Sequence[tuple[Table, int, tuple[str, ...]]],
    related: bool = False,
) -> list[CellPick]:
    picks: list[CellPick] = []
    for table, rank, heading in tables:
        for row_index, row in enumerate(table.rows):
            if related and not related_row(table, row, heading, question, evidence.glossary):
                continue
            for index, cell in enumerate(row.cells[: len(table.columns)]):
                if cell.value is None or not kind_fits(asked, cell_kind(table, row, index)):
                    continue
                score = score_cell(table, row_index, index, rank, heading, question, evidence)
                pick = CellPick(table, row, index, score, heading=heading, related=related)
                picks.append(replace(pick, problems=cell_problems(pick, question, evidence, years)))
    return picks


def first_clean(picks: Sequence) -> object | None:
    return next((pick for pick in picks if not pick.problems), None)


def only_entity(pick: CellPick) -> bool:
    return all(problem.unmet is Unmet.ENTITY for problem in pick.problems)
