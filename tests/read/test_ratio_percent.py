"""One figure asked as a percentage of another (`A相当于B的百分之几`): A / B × 100 over two
columns of one row, not A alone nor the table's printed share column (made-up table, read by the real table
parser)."""

from __future__ import annotations

import pytest

from rag.read.question import asks_ratio_percent
from tests.builders import ask_table
from tests.read.test_growth_operations import parsed_table


@pytest.fixture(scope="module")
def destinations():
    return parsed_table(
        [
            "Table 7-2: Ruritania's outward gizmo investment by destination, 2031",
            "",
            "Unit: USD 100 million, %",
            "",
            "国家 (地区)\t流量\t存量\t流量占比",
            "Zembla\t12.0\t48.0\t40.0",
            "Freedonia\t9.0\t90.0\t30.0",
            "Latveria\t9.0\t30.0\t30.0",
            "",
            "Source: made up.",
        ]
    )


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("a流量相当于其存量的百分之几", True),
        ("流量相当于多少亿美元", False),
        ("流量相当于存量的几倍", False),
    ],
)
def test_a_ratio_in_percent_is_told_from_an_amount_and_a_multiple(text, asks):
    assert asks_ratio_percent(text) is asks


def test_flow_as_a_percentage_of_stock_in_chinese(destinations, glossary):
    question = "2031年Ruritania对Freedonia的小工具流量相当于该国存量的百分之几？"
    answer = ask_table(question, destinations, glossary)
    assert not answer.refused and answer.value == pytest.approx(10.0)  # 9.0 / 90.0, not the printed 30.0
    assert answer.unit == "%"
