"""A Chinese question asking a change against the year before in the figure's own unit (`较上年少几家`,
`比前一年多了多少亿元`): the row's two year columns subtracted, a shortfall as a positive gap, not a growth rate
(made-up table, read by the real table parser)."""

from __future__ import annotations

import pytest

from rag.read.question import asks_amount_change_zh, asks_growth_zh
from tests.builders import ask_table
from tests.read.test_growth_operations import parsed_table


@pytest.fixture(scope="module")
def plants():
    return parsed_table(
        [
            "Table 6-3: Zembla's gizmo plant investment by segment, 2030-2031",
            "",
            "Unit: USD 100 million, %, PCS",
            "",
            "部门 / 行业\t2030\t2031\t增长率",
            "机械设备\t\t\t",
            "金额\t100.0\t150.0\t50",
            "项目数量\t40\t44\t10",
            "采矿业\t\t\t",
            "金额\t50.0\t80.0\t60",
            "项目数量\t20\t19\t-5",
            "",
            "Source: made up.",
        ]
    )


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("较上年少几家", True),
        ("比前一年多了多少亿元", True),
        ("较上年增长百分之几", False),
        ("比上年增长多少", False),
    ],
)
def test_a_change_in_the_figure_s_unit_is_told_from_a_rate(text, asks):
    assert asks_amount_change_zh(text) is asks


def test_a_count_s_shortfall_against_the_year_before(plants, glossary):
    answer = ask_table("2031年Zembla采矿业小工具厂的项目数量较前一年少几个？", plants, glossary)
    assert not answer.refused and answer.value == pytest.approx(1.0)  # 20 − 19


def test_an_amount_s_rise_against_the_year_before(plants, glossary):
    answer = ask_table("2031年Zembla机械设备小工具厂投资金额较上年多了多少亿美元？", plants, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(50.0)  # 150 − 100


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("比2030年增长了多少？", True),
        ("比2030年增长多少", True),
        ("比2030年增加了多少？", False),
        ("比2030年增长了多少亿美元？", False),
        ("比2030年增长了多少倍？", False),
    ],
)
def test_a_growth_verb_ending_the_question_asks_a_rate(text, asks):
    assert asks_growth_zh(text) is asks


def test_growth_between_two_named_years_is_a_percentage(plants, glossary):
    answer = ask_table("Zembla机械设备小工具厂2031年的投资金额比2030年增长了多少？", plants, glossary)
    assert not answer.refused and answer.value == pytest.approx(50.0)  # (150 − 100) / 100, in percent
    assert answer.unit == "%"


def test_an_increase_between_two_named_years_is_an_amount(plants, glossary):
    answer = ask_table("Zembla机械设备小工具厂2031年的投资金额比2030年增加了多少？", plants, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(50.0)  # 150 − 100, in USD 100 million
    assert answer.unit != "%"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("采矿业投资较上年减少了多少？", True),
        ("采矿业投资较上年增加多少", True),
        ("采矿业投资比前一年增长多少？", False),
        ("采矿业投资比上年减少了多少倍？", False),
    ],
)
def test_an_amount_verb_ending_the_question_asks_the_change_in_the_figure_s_unit(text, asks):
    assert asks_amount_change_zh(text) is asks


def test_a_fall_against_the_year_before_is_the_amount_it_fell_by(plants, glossary):
    answer = ask_table("2031年Zembla采矿业小工具厂的项目数量较上年减少了多少？", plants, glossary)
    assert not answer.refused and answer.value == pytest.approx(1.0)  # 20 − 19, a fall stated as a positive amount


def test_an_increase_against_the_year_before_is_an_amount_not_the_level(plants, glossary):
    answer = ask_table("2031年Zembla机械设备小工具厂投资金额比前一年增加了多少？", plants, glossary)
    assert not answer.refused and answer.source_value == pytest.approx(50.0)  # 150 − 100, not the 2031 level
    assert answer.unit != "%"
