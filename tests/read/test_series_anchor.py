"""The year of a row's extreme figure is read from a table that prints the row over the years asked, not from a
better-matching table of one year (made-up tables)."""

from __future__ import annotations

import pytest

from rag.read.reader import grounded_answer
from tests.builders import PERCENT, USD_1E8, make_table, stored_index
from tests.builders import hits as _hits
from tests.builders import row_chunks as _row_chunks
from tests.read.test_reader import PROMPTS


def test_the_extreme_year_comes_from_the_row_printed_over_the_years(glossary):
    one_year = make_table(
        {"非洲": ("50.0", "3.0"), "欧洲": ("90.0", "-2.0")},
        columns=(("金额", USD_1E8), ("同比", PERCENT)),
        title="Zembla's gizmo investment outflows by continent, 2033",
        table_id="2-1",
    )
    series = make_table(
        {"非洲": ("20.0", "7.5", "30.0", "12.0")},
        columns=(("2030 年", USD_1E8), ("2031 年", USD_1E8), ("2032 年", USD_1E8), ("2033 年", USD_1E8)),
        title="Gizmo investment outflows by region, 2030-2033",
        table_id="2-2",
    )
    chunks = [*_row_chunks(one_year), *_row_chunks(series)]
    index = stored_index([one_year, series], chunks)
    answer = grounded_answer(
        "2030年至2033年，非洲小工具投资流出额最少的是哪一年？", _hits(chunks), index, glossary, PROMPTS
    )
    assert not answer.refused and answer.value == pytest.approx(2031)
