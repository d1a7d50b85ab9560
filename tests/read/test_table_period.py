"""A cell dated only by its table's title: a title year garbled from the year asked (`2013` for 2023) stands for
that year where the table's section names it; a year no garbling explains, or a section silent on the year asked,
keeps the title's year (made-up report)."""

from __future__ import annotations

from rag.read.cells import CellPick
from rag.read.entity_operands import asked_period
from rag.read.evidence import Evidence
from rag.read.question import analyse_question
from rag.types import Chunk
from tests.builders import USD_1E8, hits, make_table, row_chunks, stored_index


def _garbled_title_evidence(glossary) -> tuple[Evidence, CellPick]:
    table = make_table(
        {"Alphaland": ["12.4", "48.1"], "Betaland": ["6.1", "23.7"]},
        columns=(("flow", USD_1E8), ("share", None)),
        table_id="5-1",
        title="Freedonia's outward flows by destination in 2013",
        label_header="destination",
    )
    prose = Chunk(
        "t.txt", "prose", "Report / Chapter 1\nIn 2023 Freedonia's flows to Sylvania grew by a tenth.",
        3, 3, ("Chapter 1",), title="Report / Chapter 1",
    )  # fmt: skip
    rows = row_chunks(table)
    evidence = Evidence(hits(rows), stored_index([table], [*rows, prose]), glossary)
    return evidence, CellPick(table, table.rows[0], 0, 1.0, heading=("Chapter 1",))


def test_a_garbled_title_year_gives_the_cell_the_year_its_section_names(glossary):
    evidence, pick = _garbled_title_evidence(glossary)
    question = analyse_question("What was Alphaland's flow in 2023?", glossary)
    assert asked_period(pick, question, evidence) == {2023}


def test_a_title_year_no_garbling_explains_keeps_its_year(glossary):
    evidence, pick = _garbled_title_evidence(glossary)
    for asked in (2022, 2014):  # two digits off; one digit off but not named by the section
        question = analyse_question(f"What was Alphaland's flow in {asked}?", glossary)
        assert asked_period(pick, question, evidence) == {2013}, asked
