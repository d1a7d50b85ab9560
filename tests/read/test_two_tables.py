"""A share whose part is a province's row and whose whole is the national table's row of the same label, column
and year (made-up tables)."""

from __future__ import annotations

import pytest

from rag.read.reader import grounded_answer
from tests.builders import PERCENT, USD_1E8, make_table, stored_index
from tests.builders import hits as _hits
from tests.builders import row_chunks as _row_chunks
from tests.read.test_reader import PROMPTS

_COLUMNS = (("流量", USD_1E8), ("比重", PERCENT))


def _tables(national_title: str = "Industry distribution of the country's gadget flows in 2031"):
    province = make_table(
        {"采矿业": ("12.0", "40.0"), "建筑业": ("18.0", "60.0")},
        columns=_COLUMNS,
        table_id="4-4",
        title="Distribution of gadget flows of Yunnan Province by industry in 2031",
    )
    national = make_table(
        {"采矿业": ("48.0", "30.0"), "建筑业": ("112.0", "70.0")},
        columns=_COLUMNS,
        table_id="1-9",
        title=national_title,
    )
    return [province, national]


def _ask(question: str, tables, glossary):
    chunks = [chunk for table in tables for chunk in _row_chunks(table)]
    return grounded_answer(question, _hits(chunks), stored_index(tables, chunks), glossary, PROMPTS)


def test_a_province_row_over_the_national_row_of_the_same_label(glossary):
    answer = _ask("2031年云南省采矿业流量占全国采矿业流量的比重为多少？", _tables(), glossary)
    assert not answer.refused
    assert (answer.value, answer.unit) == (pytest.approx(25.0), "%")  # 12.0 / 48.0
    assert {c.table_id for c in answer.citations} == {"4-4", "1-9"}


def test_no_national_table_of_that_year_gives_no_cross_table_share(glossary):
    tables = _tables("Industry distribution of the country's gadget flows in 2029")
    answer = _ask("2031年云南省采矿业流量占全国采矿业流量的比重为多少？", tables, glossary)
    assert answer.value != pytest.approx(25.0)


def _owner_tables(second_title: str):
    hainan = make_table(
        {"新加坡": ("30.0", "45.5"), "泰国": ("12.0", "18.2")},
        columns=(("流量", USD_1E8), ("比重", PERCENT)),
        table_id="6-1",
        title="Distribution of Hainan's gadget flows by destination in 2031",
    )
    gansu = make_table(
        {"新加坡": ("9.0", "20.5"), "泰国": ("4.0", "9.1")},
        columns=(("流量", USD_1E8), ("流量占比", PERCENT)),
        table_id="6-2",
        title=second_title,
    )
    return [hainan, gansu]


def test_a_share_column_of_a_flow_table_is_a_flow_share_like_a_flow_share_column(glossary):
    tables = _owner_tables("Top destinations of gadget flows of Gansu Province in 2031")
    question = "By how many points did Singapore's share in Hainan's 2031 gadget flows exceed that in Gansu's?"
    answer = _ask(question, tables, glossary)
    assert not answer.refused, answer.text
    assert answer.value == pytest.approx(25.0)  # 45.5 − 20.5
    assert {c.table_id for c in answer.citations} == {"6-1", "6-2"}


def test_a_share_of_another_measure_is_no_operand(glossary):
    tables = _owner_tables("Top destinations of Gansu Province by turnover of contracted projects in 2031")
    question = "By how many points did Singapore's share in Hainan's 2031 gadget flows exceed that in Gansu's?"
    assert _ask(question, tables, glossary).value != pytest.approx(25.0)
