"""A table whose section rows carry the period (`As at 31 December 2031` over rows that name no year): each row is of
its section's year, so a change between the two dates is computed from the one row's two sections (made-up table)."""

from __future__ import annotations

from rag.ingest.tables import parse_tables
from rag.read.cells import cell_years, period_years
from rag.read.reader import grounded_answer
from rag.settings import PROJECT_ROOT
from rag.types import Document
from tests.builders import hits, row_chunks, stored_index

LINES = [
    "Widget holdings by level",
    "",
    "Table 1-1: Widget holdings",
    "\tLevel 1\tLevel 2\tTotal",
    "\tUSD'Million\tUSD'Million\tUSD'Million",
    "As at 31 December 2031\t\t\t",
    "Gizmo notes\t1,400\t500\t1,900",
    "Sprocket bonds\t700\t–\t700",
    "As at 31 December 2030\t\t\t",
    "Gizmo notes\t1,000\t450\t1,450",
    "Sprocket bonds\t300\t–\t300",
    "",
]


def widget_table():
    document = Document(
        name="made_up.txt", title="made up", lines=tuple(LINES), headings=tuple(() for _ in LINES), sha256="0" * 64
    )
    [table] = parse_tables(document)
    return table


def test_rows_take_the_year_of_their_section_row():
    table = widget_table()
    years = [period_years(row) for row in table.rows]
    assert years == [{2031}, {2031}, {2030}, {2030}]
    assert cell_years(table, table.rows[2], 0) == {2030}


def test_a_change_between_two_sections_uses_the_same_row_of_each(glossary):
    table = widget_table()
    index = stored_index([table], row_chunks(table))
    answer = grounded_answer(
        "What was the change in level 1 gizmo notes from 2030 to 2031?",
        hits(index.chunks), index, glossary, PROJECT_ROOT / "prompts",
    )  # fmt: skip
    assert not answer.refused
    assert answer.value is not None and round(answer.source_value or answer.value) in (400, 400_000_000)


def test_a_year_no_section_names_is_refused(glossary):
    table = widget_table()
    index = stored_index([table], row_chunks(table))
    answer = grounded_answer(
        "What was the change in level 1 gizmo notes from 2028 to 2029?",
        hits(index.chunks), index, glossary, PROJECT_ROOT / "prompts",
    )  # fmt: skip
    assert answer.refused and answer.value is None
