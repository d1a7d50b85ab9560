"""A table printing, for each year, an amount column beside a `% of total` column (made-up table): the year's only
amount column holds the year's amount, so a change between two years pairs the two amount columns."""

from __future__ import annotations

from rag.ingest.tables import parse_tables
from rag.read.derived import sole_year_column
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Document
from tests.builders import hits, row_chunks, stored_index

LINES = [
    "Widget Corp annual report",
    "",
    "Table 7-9: Cost of revenues by line",
    "\tYear ended 31 December\t\t\t",
    "\t2031\t\t2030\t",
    "\t\t% of total\t\t% of total",
    "\tAmount\trevenues\tAmount\trevenues",
    "\t(USD in millions)\t\t(Restated)\t(Restated)",
    "Gizmos\t1,200\t60%\t1,000\t55%",
    "Sprockets\t800\t40%\t820\t45%",
]


def widget_costs():
    document = Document(
        name="made_up.txt", title="made up", lines=tuple(LINES), headings=tuple(() for _ in LINES), sha256="0" * 64
    )
    [table] = parse_tables(document)
    return table


def test_the_amount_column_is_its_years_only_amount():
    table = widget_costs()
    assert [sole_year_column(table, i) for i in range(4)] == [True, True, True, True]


def test_a_change_pairs_the_amount_columns_of_the_two_years(glossary):
    table = widget_costs()
    index = stored_index([table], row_chunks(table))
    answer = grounded_answer(
        "By how much did sprockets' cost change between 2030 and 2031?",
        hits(index.chunks), index, glossary, PROJECT_ROOT / "prompts",
    )  # fmt: skip
    assert not answer.refused
    assert round(answer.source_value if answer.source_value is not None else answer.value) in (-20, -20_000_000)


def test_an_amount_and_a_percentage_of_two_years_are_not_one_measure(glossary):
    table = widget_costs()
    index = stored_index([table], row_chunks(table))
    answer = grounded_answer(
        "In which year were sprocket costs less than 810?",
        hits(index.chunks), index, glossary, PROJECT_ROOT / "prompts",
    )  # fmt: skip
    assert answer.refused or "2030" not in " ".join(answer.spans)
