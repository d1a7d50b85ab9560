"""The difference of two cells of one row that a question names by their column groups (`how much more A than B
in 2031`), in a table whose two header rows print a group over its amount and share columns (made-up table, read by
the real table parser)."""

from __future__ import annotations

import pytest

from tests.builders import USD_1E8, ask_table, make_table
from tests.read.test_growth_operations import parsed_table


@pytest.fixture(scope="module")
def composition():
    return parsed_table(
        [
            "Table 7-4: Composition of Zembla's gizmo exports, 2030-2031",
            "",
            "Unit: USD 100 million, %",
            "",
            "年份\t总额\t小工具整机\t\t小工具配件\t",
            "\t\t金额\t比重\t金额\t比重",
            "2030年\t100.0\t60.0\t60.0\t40.0\t40.0",
            "2031年\t120.0\t50.0\t41.7\t70.0\t58.3",
            "",
            "Source: made up.",
        ]
    )


def test_the_first_named_column_less_the_second_in_the_year_s_row(composition, glossary):
    answer = ask_table("2031年Zembla小工具出口中，小工具配件比小工具整机多出多少亿美元？", composition, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(20.0)  # 70.0 − 50.0
    assert len(answer.citations) == 2


def test_the_share_columns_answer_a_difference_of_shares_in_points(composition, glossary):
    answer = ask_table("2030年小工具整机的比重与小工具配件的比重相差多少个百分点？", composition, glossary)
    assert not answer.refused and answer.value == pytest.approx(20.0) and answer.unit == "percentage points"


def test_one_named_column_gives_no_difference(composition, glossary):
    answer = ask_table("2031年小工具配件比上年多出多少亿美元？", composition, glossary)
    assert answer.source_value != pytest.approx(20.0)


def test_two_measure_columns_of_one_row_give_a_ratio(glossary):
    table = make_table(
        {"越南": ("310.0", "5.0"), "德国": ("40.0", "8.0")},
        columns=(("存量", USD_1E8), ("流量", USD_1E8)),
        title="Zembla's gizmo investment abroad by destination, 2031",
        label_header="国家",
    )
    answer = ask_table("2031年末Zembla对德国的小工具投资存量是当年对德国流量的几倍？", table, glossary)
    assert not answer.refused and answer.value == pytest.approx(5.0) and len(answer.citations) == 2
    differ = ask_table("2031年Zembla对越南的小工具投资存量比流量多多少？", table, glossary)
    assert not differ.refused and differ.source_value == pytest.approx(305.0)
