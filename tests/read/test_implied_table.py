"""The year-before value a table row's figure and growth column imply, in a table whose title prints a wrong year
(made-up table and prose)."""

from __future__ import annotations

import pytest

from rag.read.reader import grounded_answer
from tests.builders import PERCENT, USD_1E8, make_table, prose_chunk, stored_index
from tests.builders import hits as _hits
from tests.builders import row_chunks as _row_chunks
from tests.read.test_reader import PROMPTS


def _ask(question: str, glossary):
    table = make_table(
        {"采矿业": ("15.0", "-25.0"), "建筑业": ("6.0", "20.0")},
        columns=(("营业额", USD_1E8), ("同比", PERCENT)),
        title="Turnover of Zembla's contracted projects by industry in 2013",  # printed for 2033: a garbled year
    )
    chunks = [*_row_chunks(table), prose_chunk("In 2033, Zembla's contracted projects had a turnover of 40 billion.")]
    return grounded_answer(question, _hits(chunks), stored_index([table], chunks), glossary, PROMPTS)


def test_a_question_working_from_the_row_s_change_reads_a_table_its_section_dates(glossary):
    answer = _ask("按照2033年的营业额及其同比增速倒推，Zembla采矿业2032年营业额大概是多少？", glossary)
    assert not answer.refused
    assert answer.source_value == pytest.approx(20.0)  # 15.0 / (1 − 25 %)
    assert len(answer.citations) == 2


def test_a_plain_question_about_the_other_year_does_not_read_the_misdated_table(glossary):
    answer = _ask("Zembla采矿业2032年的营业额是多少？", glossary)
    assert answer.source_value != pytest.approx(20.0)


def test_a_question_naming_no_row_of_the_misdated_table_does_not_read_it(glossary):
    answer = _ask("按照2033年的营业额及其同比增速倒推，Zembla非采矿类项目2032年营业额大概是多少？", glossary)
    assert answer.source_value not in (pytest.approx(20.0), pytest.approx(5.0))
