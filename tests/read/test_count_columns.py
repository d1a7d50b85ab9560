"""A column whose header counts (`Number of ...`) in a table that states no unit holds counts: a question asking a
number of things is answered from it (made-up table read by the real parser); a table stating a currency unit
keeps its columns amounts."""

from __future__ import annotations

import pytest

from rag.ingest.tables import parse_tables
from rag.read.cells import cell_kind
from rag.types import Document
from tests.builders import ask_table as ask


def _table(lines: list[str]):
    document = Document(
        name="made_up.txt", title="made up", lines=tuple(lines), headings=tuple(() for _ in lines), sha256="0" * 64
    )
    [table] = parse_tables(document)
    return table


@pytest.fixture(scope="module")
def holders():
    return _table(
        [
            "Table 9-1: Gizmo holders",
            "",
            "Holder\tNumber of Gizmos Held\tPercent Held",
            "Ada Quill(1)\t12,000\t*",
            "Bo Tran(2)\t30,000\t2.5",
            "",
        ]
    )


def test_a_counting_header_makes_a_count_column_without_a_stated_unit(holders):
    assert cell_kind(holders, holders.rows[0], 0) == "count"


def test_an_average_number_of_things_is_taken_from_the_count_column(holders, glossary):
    answer = ask("On average, how many gizmos were held by Ada Quill and Bo Tran?", holders, glossary)
    assert not answer.refused and answer.value == pytest.approx(21000.0)


def test_a_stated_currency_unit_keeps_a_column_an_amount():
    table = _table(
        [
            "Table 9-2: Gizmo payments",
            "",
            "Unit: USD million",
            "",
            "Holder\tNumber of gizmos paid for",
            "Ada Quill\t12.5",
            "",
        ]
    )
    assert table.unit is not None and cell_kind(table, table.rows[0], 0) == "amount"
