"""Ranks: the row at an asked position (by a rank column or by sorting a column), and a named row's position."""

from __future__ import annotations

import re
from dataclasses import replace

from rag.read.cells import (
    NAMED_ROW,
    CellPick,
    cell_candidates,
    cell_kind,
    column_text,
    is_total,
    names_row,
    row_match,
    row_years,
)
from rag.read.classes import COUNTRY, member_classes
from rag.read.compose import AnswerDraft, cell_citation, natural_text, when_text
from rag.read.derived import listed_items
from rag.read.evidence import Evidence, table_context
from rag.read.matching import best_name_match, mentions, names_of, overlap, spelled_out
from rag.read.operations import asks_operation, operation_words
from rag.read.question import (
    Question,
    question_measures,
)
from rag.read.rank_asks import rank_basis
from rag.read.refusals import (
    NO_OPERANDS,
    Refusal,
)
from rag.read.wording import (
    cell_words,
    english_ordinal,
    ranking_basis,
    ranking_within,
    row_title,
    superlative,
)
from rag.text.glossary import Glossary
from rag.text.numbers import (
    years_in,
)
from rag.text.tokens import holds_any
from rag.text.units import RANK_WORDS
from rag.types import Answer, Table, TableRow

ECONOMY_ROWS = "row_kind_economy"  # the row kind (`rag/data/operations.tsv`) whose rows are countries


def rank_column(table: Table) -> int | None:
    return next((i for i, c in enumerate(table.columns) if any(w in c.header.lower() for w in RANK_WORDS)), None)


def derive_rank(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """The row at the asked position: by a rank column, or by sorting rows on the best-matching column."""
    tables = evidence.tables()
    if not tables:
        return NO_OPERANDS
    scored = sorted(tables, key=lambda t: -overlap(question, table_context(t[0], t[2])) + 0.05 * t[1])
    table, _, heading = scored[0]
    position = question.ordinal
    index = rank_column(table)
    if position is not None and index is not None:
        row = next((r for r in table.rows if r.cells[index].value == position), None)
        if row is None:
            return NO_OPERANDS
        return state_rank_row(draft, CellPick(table, row, index, 0.0, heading=heading), evidence, position)
    return sort_rank(draft, question, evidence, table, heading)


def names_row_kind(table: Table, question: Question, glossary: Glossary) -> bool:
    """The question names the kind of thing the table's rows are (`which continent` over 洲别, `which of the
    economies` over 区域 / 经济体): a row of that table can be the answer to `which` (as it can when the table's
    title holds most of the question's terms)."""
    parts = [part for part in re.split(r"\s*/\s*", table.label_header) if part]
    if not parts:
        return country_rows_asked(table, question, glossary)
    return any(
        best_name_match(part, question, glossary) >= 0.5 or same_row_kind(part, question, glossary) for part in parts
    )


def country_rows_asked(table: Table, question: Question, glossary: Glossary) -> bool:
    """A table whose label column has no header (`\t2023 年\t2024 年`) is a table of economies when most of its rows
    are countries (the glossary's `country` labels; groups such as 欧元区 may stand among them): a question naming
    that kind of row (`row_kind_economy` words: `哪个经济体`, `which country`) names its rows."""
    if not holds_any(operation_words().get(ECONOMY_ROWS, ()), question.text.lower()):
        return False
    countries = sum(COUNTRY in (member_classes(row.label, glossary) or ()) for row in table.rows)
    return 2 * countries > len(table.rows)


def economy_rows(rows: list[TableRow], table: Table, question: Question, glossary: Glossary) -> list[TableRow]:
    """`哪个经济体…最低` over a table of economies (`country_rows_asked`): the single countries are ranked, not the
    world or group rows (发达经济体, 欧元区) printed among them."""
    if table.label_header.strip() or not country_rows_asked(table, question, glossary):
        return rows
    return [row for row in rows if COUNTRY in (member_classes(row.label, glossary) or ())]


def same_row_kind(header: str, question: Question, glossary: Glossary) -> bool:
    """The question names the header's kind of row by another word of its group (`sector` for `行业`, `industry`;
    the `row_kind_*` words of `rag/data/operations.tsv`)."""
    low = question.text.lower()
    names = {name.lower() for name in names_of(header, glossary)}
    for kind, words in operation_words().items():
        if kind.startswith("row_kind_") and names & set(words):
            return holds_any(words, low)
    return False


def rate_columns(table: Table, glossary: Glossary) -> list[int]:
    """The percent columns that state a growth (增长率, 年增长, 同比 year on year), not a share; a year column whose
    unit line names the growth (`annual percentage change` over `2024 年`, `2025 年`) states one too."""
    return [
        i
        for i in range(len(table.columns))
        if table.columns[i].unit is not None
        and table.columns[i].unit.kind == "percent"
        and "growth" in question_measures(f"{column_text(table, i, glossary)} {table.columns[i].unit.raw}")
    ]


def sort_column(table: Table, question: Question, glossary: Glossary) -> int | None:
    """The column to rank rows on: a growth-rate column when the question ranks by growth (`fastest`), else an
    amount column (a count column for `how many`); the year asked about, then the measure asked, then the first. A
    ranking basis the question names (`rag.read.rank_asks.rank_basis`) keeps the columns of its measure alone."""
    columns = [i for i in range(len(table.columns)) if table.columns[i].unit and cell_kind_of_column(table, i)]
    if question.by_rate or growth_only_as_rate(table, columns, question, glossary):
        columns = rate_columns(table, glossary)
    elif question.asked == "count" or "count" in question.measures:
        columns = [i for i in range(len(table.columns)) if cell_kind(table, table.rows[0], i) == "count"] or columns
    basis = set(question_measures(rank_basis(question.text)))
    if basis:  # `按存量计算…排第二`, `re-ranked by stock`: that measure's column only, or no ranking at all
        columns = [i for i in columns if basis & set(question_measures(column_text(table, i, glossary)))]
    if question.years:  # `lowest in 2035` over columns of 2030-2032: a column of another year ranks nothing asked
        columns = [i for i in columns if not years_in(table.columns[i].header) or asked_year_column(table, i, question)]

    def fit(i: int) -> float:
        header = column_text(table, i, glossary)
        year = 1.0 if asked_year_column(table, i, question) else 0.0
        return year + 0.5 * len(set(question.measures) & set(question_measures(header)))

    return max(columns, key=lambda i: (fit(i), -i), default=None)


def asked_year_column(table: Table, index: int, question: Question) -> bool:
    """The column's header names a year the question asks about."""
    return bool(years_in(table.columns[index].header) & set(question.years))


def growth_only_as_rate(table: Table, columns: list[int], question: Question, glossary: Glossary) -> bool:
    """`which widget maker grew least` over a table whose only growth figures are a rate column (no two
    years of an amount to take a change from): the rows are ranked by that rate."""
    years = {y for i in columns for y in years_in(table.columns[i].header)}
    return "growth" in question.measures and len(years) < 2 and bool(rate_columns(table, glossary))


def ranked_rows(table: Table, index: int, question: Question, glossary: Glossary) -> list[TableRow]:
    """The rows to rank: those of a section the question names (`the developed-economy groups`), or else every
    row but totals and the rows that head a section."""
    rows = [r for r in table.rows if r.cells[index].value is not None and not is_total(r)]
    sections = {r.section for r in rows if r.section}
    named = [sec for sec in sections if best_name_match(sec.split(" / ")[-1], question, glossary) >= NAMED_ROW]
    if named:
        # word stems join `developed` and `developing`: a section the question spells out goes first
        best = max(
            named,
            key=lambda sec: (
                spelled_out(sec.split(" / ")[-1], question.text, glossary),
                best_name_match(sec.split(" / ")[-1], question, glossary),
            ),
        )
        return [r for r in rows if r.section == best]
    parents = {r.section.split(" / ")[-1] for r in rows if r.section}
    rows = [r for r in rows if r.label not in parents]  # a section's own row sums its members: not one of them
    return asked_measure_rows(rows, question) if measure_rows(rows) else rows


def listed_rows(table: Table, index: int, question: Question, glossary: Glossary) -> list[TableRow] | None:
    """The rows of the items the question lists (`which of A, B and C grew fastest`), one per item (a measure row by
    its section: `ranked_name`): the rows ranked. None when the table names fewer than two of the items (the question
    lists none of its rows, or leaves them out); [] when it names some but not each of them once."""
    items = listed_items(question)
    low = question.text.lower()
    if len(items) < 2 or asks_operation(low, "exclude") or asks_operation(low, "exclude_open"):
        return None  # `besides A and B, which ...`: the items named are left out of the ranking, not ranked
    rows = [r for r in table.rows if r.cells[index].value is not None and not is_total(r)]
    by_section = measure_rows(rows)
    rows = asked_measure_rows(rows, question) if by_section else rows
    found = [[r for r in rows if mentions(item, ranked_name(r, by_section), glossary)] for item in items]
    if sum(bool(matched) for matched in found) < 2:
        return None
    return [matched[0] for matched in found] if all(len(matched) == 1 for matched in found) else []


def measure_rows(rows: list[TableRow]) -> bool:
    """The rows are measures of the sections above them (`金额` and `项目数量` under each industry): every label
    names a measure and repeats under another section, so a row is named by its section, not its label."""
    labels = [r.label for r in rows]
    return len(set(labels)) < len(labels) and all(r.section and question_measures(r.label) for r in rows)


def asked_measure_rows(rows: list[TableRow], question: Question) -> list[TableRow]:
    """Of measure rows (`measure_rows`), those of the measure asked: the count rows for `the number of projects`,
    else the others (an amount); none where the question asks a count and no row holds one."""
    counted = question.asked == "count" or "count" in question.measures
    return [r for r in rows if ("count" in question_measures(r.label)) == counted]


def ranked_name(row: TableRow, rows_are_measures: bool) -> str:
    """What a ranked row is called: its label, or the last part of its section for a measure row."""
    return row.section.split(" / ")[-1] if rows_are_measures and row.section else row.label


def sort_rank(
    draft: AnswerDraft, question: Question, evidence: Evidence, table: Table, heading: tuple
) -> Answer | Refusal:
    glossary = evidence.glossary
    index = sort_column(table, question, glossary)
    if index is None:
        return NO_OPERANDS
    listed = listed_rows(table, index, question, glossary)
    if listed == []:
        return NO_OPERANDS  # the table prints some of the items listed, not all: no ranking of part of the list
    # the table is the one asked about when the question names its kind of row, most of its subject, or its rows
    related = names_row_kind(table, question, glossary) or overlap(question, table_context(table, heading)) >= 0.5
    if not (related or listed):
        return NO_OPERANDS
    candidates = listed or economy_rows(ranked_rows(table, index, question, glossary), table, question, glossary)
    excluded = [] if listed else [r for r in candidates if row_match(r, question, glossary) >= 0.99]
    rows = [r for r in candidates if r not in excluded]
    rows.sort(key=lambda r: r.cells[index].value if question.lowest else -r.cells[index].value)
    by_section = measure_rows(candidates)
    position = (question.ordinal or 1) - (len(excluded) if question.ordinal else 0)
    if not rows or position < 1 or position > len(rows):
        return NO_OPERANDS
    shown = len(rows) if listed else position + 1  # every item listed is an operand of its ranking
    picks = [CellPick(table, r, index, 0.0, heading=heading) for r in rows[:shown]]
    refs = [draft.cite(cell_citation(p, evidence)) for p in picks]
    chosen = picks[position - 1]
    ordering = (" < " if question.lowest else " > ").join(
        f"{row_title(ranked_name(p.row, by_section), glossary, question)} {p.row.cells[index].text} [{n}]"
        for p, n in zip(picks, refs, strict=True)
    )
    if not excluded:
        say_superlative(draft, chosen, position, refs[position - 1], ordering, glossary, by_section)
    else:
        draft.say(
            "rank_sorted_excluding" + ("_bottom" if question.lowest else ""),
            basis=ranking_basis(chosen, glossary, question),
            row_name=row_title(ranked_name(chosen.row, by_section), glossary, question, first=True),
            position=position + len(excluded),
            ordinal=english_ordinal(position + len(excluded)),
            excluded=("、" if question.lang == "zh" else ", ").join(
                row_title(r.label, glossary, question) for r in excluded
            ),
            ordering=ordering,
        )
    draft.spans = (ranked_name(chosen.row, by_section),)
    draft.confidence = 0.6
    return draft.answer()


def say_superlative(
    draft: AnswerDraft, chosen: CellPick, position: int, n: int, ordering: str, glossary: Glossary, by_section: bool
) -> None:
    """`2031年预测增速最低的是甲国（0.7%）[1]`, `Ruritania had the lowest forecast growth in 2031, 0.7% [1]`: the
    row a which-question asks for, with the measure it is ranked on, its place and its figure, then the ordering."""
    question = draft.question
    basis = ranking_basis(chosen, glossary, question)
    extreme = superlative(position, question.lowest, draft.templates)
    what = basis[4:] if basis.startswith("the ") else basis
    placed = draft.templates["rank_placed_had" if what != basis else "rank_placed_by"] if question.lang == "en" else ""
    draft.say(
        "rank_superlative",
        basis=basis,
        extreme=extreme,
        placed=placed.format(extreme=extreme, what=what),
        row_name=row_title(ranked_name(chosen.row, by_section), glossary, question, first=True),
        value=ranked_value(chosen, question.lang),
        n=n,
        ordering=ordering,
    )


def ranked_value(pick: CellPick, lang: str) -> str:
    """The ranked row's figure as the answer states it: a rate with its `%`, an amount in its natural unit, else as
    printed."""
    text, unit = pick.row.cells[pick.index].text, pick.unit
    if unit is not None and unit.kind == "percent":
        return text if text.endswith("%") else f"{text}%"
    if unit is not None and unit.scale and pick.value:
        return natural_text(pick.value, unit, lang)
    return text


def cell_kind_of_column(table: Table, index: int) -> bool:
    unit = table.columns[index].unit
    return unit is not None and unit.kind in ("currency", "quantity", "unknown")


def state_rank_row(draft: AnswerDraft, pick: CellPick, evidence: Evidence, position: int) -> Answer | Refusal:
    """`Sweden ranked 10th by FDI outflows in 2022 [1], with USD 62.25 billion of FDI outflow in 2022`: the row at a
    printed rank, subject first, with the first figure its row prints beside the rank."""
    glossary, question = evidence.glossary, draft.question
    n = draft.cite(cell_citation(pick, evidence))
    values = [
        i for i, c in enumerate(pick.row.cells[: len(pick.table.columns)]) if i != pick.index and c.value is not None
    ]
    clause = ""
    if values:
        figure = replace(pick, index=values[0])
        unit, text = figure.unit, pick.row.cells[values[0]].text
        shown = natural_text(figure.value, unit, question.lang) if unit and unit.scale and figure.value else text
        what = ranking_basis(figure, glossary, question)
        clause = draft.templates["rank_value_clause"].format(value_text=shown, what=what)
    words = cell_words(pick, glossary, question)
    draft.say(
        "rank_row",
        row_name=row_title(pick.row.label, glossary, question, first=True),
        position=position,
        ordinal=english_ordinal(position),
        within=ranking_within(words),
        when=when_text(words, question.lang),
        n=n,
        value_clause=clause,
    )
    draft.confidence = 0.7
    return draft.answer()


def rank_by_value(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """`Where did Sweden rank by stock?` over a table with no rank column: the named row's position when the rows
    of its section (totals left out) are sorted on the asked column, largest first; the rows above it are cited."""
    glossary = evidence.glossary
    kind = "count" if "count" in question.measures else "amount"  # `counting deals`: ranked on the count column
    if question.by_rate or "growth" in question.measures:
        kind = "percent"  # `ranked by growth`: on the row's growth rate, the fastest first
    picks = [
        p
        for p in cell_candidates(question, evidence, kind)
        if not p.problems and names_row(p.row, question, glossary) and rank_column(p.table) is None
    ]
    if kind == "percent":
        picks = [p for p in picks if p.index in rate_columns(p.table, glossary)]
    basis = set(question_measures(rank_basis(question.text)))
    if basis:  # `ordered by flow; re-ranked by stock`: on the column of the basis asked, or no rank
        picks = [p for p in picks if basis & set(question_measures(column_text(p.table, p.index, glossary)))]
    if not picks:
        return NO_OPERANDS
    pick = picks[0]
    position = position_of(pick)
    say_position(draft, pick, position, question, evidence)
    draft.value = draft.source_value = float(position)
    draft.unit = draft.source_unit = "rank"
    draft.confidence = 0.6
    return draft.answer()


def peers_of(pick: CellPick) -> list[TableRow]:
    """The rows ranked with the pick's row on its column: those of its section with a figure there, totals and
    year rows left out, largest first."""
    rows = [
        row
        for row in pick.table.rows
        if row.section == pick.row.section
        and not is_total(row)
        and not row_years(row)
        and pick.index < len(row.cells)
        and row.cells[pick.index].value is not None
    ]
    return sorted(rows, key=lambda row: -row.cells[pick.index].value)


def position_of(pick: CellPick) -> int:
    """The pick's row's place among its peers (1 for the largest)."""
    return next(i for i, row in enumerate(peers_of(pick), 1) if row is pick.row)


def say_position(draft: AnswerDraft, pick: CellPick, position: int, question: Question, evidence: Evidence) -> None:
    """`X ranked Nth by Y: A a [1] > B b [2] > X x [3]`, every row down to the pick's cited."""
    glossary = evidence.glossary
    shown = [replace(pick, row=row) for row in peers_of(pick)[:position]]
    ordering = " > ".join(
        f"{row_title(p.row.label, glossary, question)} {p.row.cells[p.index].text} "
        f"[{draft.cite(cell_citation(p, evidence))}]"
        for p in shown
    )
    draft.say(
        "rank_computed",
        row_name=row_title(pick.row.label, glossary, question, first=True),
        position=position,
        ordinal=english_ordinal(position),
        basis=ranking_basis(pick, glossary, question),
        ordering=ordering,
    )


def table_years(draft: AnswerDraft, question: Question, evidence: Evidence) -> Answer | Refusal:
    """A question asking which years a table covers: the years the best retrieved table's columns name,
    in the table's order, with its first row cited."""
    tables = evidence.tables()
    if not tables:
        return NO_OPERANDS
    table, _, heading = tables[0]
    years: list[str] = []
    for column in table.columns:
        for year in sorted(years_in(column.header), reverse=True):
            if str(year) not in years:
                years.append(str(year))
    if not years or not table.rows:
        return NO_OPERANDS
    n = draft.cite(cell_citation(CellPick(table, table.rows[0], 0, 0.0, heading=heading), evidence))
    draft.say("table_years", years=draft.templates["years_joiner"].join(years), n=n)
    draft.spans = tuple(years)
    draft.confidence = 0.6
    return draft.answer()
